import { z } from 'zod';
import { Centavos, Id, IsoDate, IsoDateTime, PaymentStatus } from './common.js';
import { MultilineText, Text } from './text.js';

/** VAT treatment of a line; prices are VAT-inclusive (12%). Default `vatable`. */
export const VatCategory = z.enum(['vatable', 'exempt', 'zero_rated']);
export type VatCategory = z.infer<typeof VatCategory>;

/** Senior citizen (RA 9994) or PWD (RA 10754) discount: 20% off, VAT-exempt; the holder's ID is recorded. */
export const ScPwdDiscount = z.object({
  kind: z.enum(['senior', 'pwd']),
  holderName: Text(1, 120),
  idNumber: Text(1, 40),
});
export type ScPwdDiscount = z.infer<typeof ScPwdDiscount>;

/**
 * The discount as stored and sent back. Answers are parsed by the terminals; text stored
 * before the input rules existed must not make a whole list unreadable.
 */
export const StoredScPwdDiscount = ScPwdDiscount.extend({ holderName: z.string(), idNumber: z.string() });

/** The most people a shared line may be split between (a group meal, RMC 38-2012). */
export const MAX_SHARED_BY = 1000;

/**
 * An SC/PWD discount on one line only (protocol.md v1 additions): 20% of the holder's
 * share 1/`sharedBy` of the line (default 1, the whole line) — a group meal for 5 with
 * one senior is `sharedBy: 5`.
 */
export const LineScPwdDiscount = ScPwdDiscount.extend({ sharedBy: z.number().int().min(1).max(MAX_SHARED_BY).optional() });
export type LineScPwdDiscount = z.infer<typeof LineScPwdDiscount>;
export const StoredLineScPwdDiscount = LineScPwdDiscount.extend({ holderName: z.string(), idNumber: z.string() });

export const TransactionLineInput = z.object({
  description: Text(1, 200),
  quantity: z.number().int({ error: 'must be a whole number' }).min(1).max(1_000_000),
  unitPrice: Centavos,
  vatCategory: VatCategory.optional(),
  /** A promo off the line's VAT-inclusive price; never combined with an SC/PWD discount. */
  promoDiscount: Centavos.optional(),
  /** This line's own SC/PWD discount; not with a transaction-level `discount`. */
  discount: LineScPwdDiscount.optional(),
});
export type TransactionLineInput = z.infer<typeof TransactionLineInput>;

export const CreditOverride = z.object({ reason: Text(1, 500) });

/**
 * The buyer printed on the Sales Invoice (RR 16-2018): a business buyer gives name,
 * address and TIN — all three are required once a TIN is given; a sale of
 * BUYER_DETAILS_THRESHOLD or more to a business needs them. A consumer may give a name only.
 */
export const Buyer = z.object({
  name: Text(1, 120),
  address: MultilineText(0, 300).optional(),
  tin: Text(0, 30).optional(),
});
export type Buyer = z.infer<typeof Buyer>;
export const StoredBuyer = z.object({ name: z.string(), address: z.string().nullable(), tin: z.string().nullable() });
export type StoredBuyer = z.infer<typeof StoredBuyer>;
/** ₱1,000.00: at or above it a business buyer's name, address and TIN are printed on the invoice. */
export const BUYER_DETAILS_THRESHOLD = 100_000;

/** The VAT breakdown printed on a Sales Invoice (recognised in the Z of the day it was issued). */
export const InvoiceVat = z.object({
  vatableSales: Centavos,
  vatAmount: Centavos,
  vatExemptSales: Centavos,
  zeroRatedSales: Centavos,
  vatAdjustment: Centavos,
});
/** The sale's Sales Invoice (protocol.md v1 additions), null until it is issued. */
export const Invoice = z.object({
  number: z.string(),
  registerId: Id,
  issuedAt: IsoDateTime,
  vat: InvoiceVat,
});
export type Invoice = z.infer<typeof Invoice>;

export const CreateTransactionRequest = z.object({
  customerId: Id,
  lines: z.array(TransactionLineInput).min(1).max(200),
  dueDate: IsoDate.optional(),
  notes: MultilineText(0, 2000).optional(),
  /** Admin only: record an override of the customer's credit limit. */
  creditOverride: CreditOverride.optional(),
  /** SC/PWD discount on every line of this transaction. */
  discount: ScPwdDiscount.optional(),
  /** The register that invoices the sale (default: the store setting `invoiceRegisterId`). */
  registerId: Id.optional(),
  /** Who the Sales Invoice is made out to (see Buyer). */
  buyer: Buyer.optional(),
});
export type CreateTransactionRequest = z.infer<typeof CreateTransactionRequest>;

/** The VAT split of a line as stored (see src/core/tax.ts for the identities). */
export const LineTax = z.object({
  gross: Centavos,
  vatableSales: Centavos,
  vatAmount: Centavos,
  vatExemptSales: Centavos,
  zeroRatedSales: Centavos,
  discountKind: z.enum(['senior', 'pwd', 'promo']).nullable(),
  discountAmount: Centavos,
  vatAdjustment: Centavos,
});
export type LineTax = z.infer<typeof LineTax>;

/** `amount` = what is due on the line, after any discount. */
export const TransactionLine = TransactionLineInput.extend({
  description: z.string(),
  amount: Centavos,
  tax: LineTax.optional(),
  discount: StoredLineScPwdDiscount.optional(),
});
export type TransactionLine = z.infer<typeof TransactionLine>;

/** The transaction of protocol.md (snake_case money fields are the contract). */
export const Transaction = z.object({
  id: Id,
  customerId: Id,
  createdBy: Id,
  lines: z.array(TransactionLine),
  total_amount: Centavos,
  paid_amount: Centavos,
  balance_amount: Centavos,
  payment_status: PaymentStatus,
  dueDate: IsoDate.nullable(),
  notes: z.string().nullable().optional(),
  discount: StoredScPwdDiscount.nullable().optional(),
  /** Its Sales Invoice: issued when the sale is written, or at full payment (store setting `invoiceAt`). */
  // `.default(null)`: payloads recorded before invoices (event replay, stored answers) have none.
  invoice: Invoice.nullable().default(null),
  buyer: StoredBuyer.nullable().optional(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Transaction = z.infer<typeof Transaction>;

export const TransactionResponse = z.object({ transaction: Transaction });

export const ListTransactionsQuery = z.object({
  status: PaymentStatus.optional(),
  customerId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListTransactionsQuery = z.infer<typeof ListTransactionsQuery>;

export const ListTransactionsResponse = z.object({ items: z.array(Transaction), nextCursor: z.string().nullable() });

export const VoidTransactionRequest = z.object({ reason: Text(1, 500) });

/**
 * An edit of a transaction before anything is paid (sales: its own; admin: any). Only the
 * fields given change; `dueDate`/`notes` null clears them. Refused (409) once any
 * allocation, live or voided, points at it: a receipt was printed against these lines.
 */
export const UpdateTransactionRequest = z
  .object({
    customerId: Id.optional(),
    lines: z.array(TransactionLineInput).min(1).max(200).optional(),
    dueDate: IsoDate.nullable().optional(),
    notes: MultilineText(0, 2000).nullable().optional(),
    /**
     * The SC/PWD discount of every line (null: none). Given, the lines are priced again with
     * it; lines of a transaction that has one can only change with it given.
     */
    discount: ScPwdDiscount.nullable().optional(),
  })
  .strict()
  .refine((r) => Object.values(r).some((v) => v !== undefined), { error: 'Nothing to change: give lines, dueDate, notes, customerId or discount.' });
export type UpdateTransactionRequest = z.infer<typeof UpdateTransactionRequest>;

/** What an edit changed, as recorded in its `transaction.edited` event. */
export const TransactionEdit = z.object({
  changed: z.array(z.enum(['customerId', 'lines', 'dueDate', 'notes', 'discount'])),
  previous: z.object({
    customerId: Id,
    lines: z.array(TransactionLine),
    total_amount: Centavos,
    dueDate: IsoDate.nullable(),
    notes: z.string().nullable(),
    discount: StoredScPwdDiscount.nullable().optional(),
  }),
});
export type TransactionEdit = z.infer<typeof TransactionEdit>;

/** `GET /api/v1/transactions/:id/job-order?format=`: the claim slip a sales desk hands the customer. */
export const JobOrderQuery = z.object({
  format: z.enum(['json', 'html', 'text', 'escpos']).default('html'),
  /** Thermal roll width: 58 mm (32 columns) or 80 mm (48 columns). */
  width: z.enum(['58', '80']).default('80'),
});
export type JobOrderQuery = z.infer<typeof JobOrderQuery>;

/** A payment applied to one transaction (`GET /api/v1/transactions/:id/payments`), oldest first. */
export const TransactionPayment = z.object({
  settlementId: Id,
  or_number: z.string(),
  /** What this settlement applied to this transaction (not the whole settlement). */
  amount: Centavos,
  method: z.string(),
  status: z.enum(['posted', 'void']),
  createdAt: IsoDateTime,
  voidedAt: IsoDateTime.nullable(),
});
export type TransactionPayment = z.infer<typeof TransactionPayment>;
export const TransactionPaymentsResponse = z.object({ items: z.array(TransactionPayment) });
