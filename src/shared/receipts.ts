import { z } from 'zod';
import { Centavos, Id, IsoDateTime, TenderMethod } from './common.js';
import { Register } from './registers.js';
import { MultilineText, Text } from './text.js';
import { LineTax, StoredBuyer, StoredLineScPwdDiscount, StoredScPwdDiscount, VatCategory } from './transactions.js';

/**
 * Official Receipt or Sales Invoice: under the EOPT Act (RA 11976) the Sales Invoice is
 * the primary document for goods and services; an OR is supplementary.
 */
export const DocumentType = z.enum(['OR', 'SI']);
export type DocumentType = z.infer<typeof DocumentType>;

/**
 * What every receipt and reading prints in its header (admin settings), as stored: text
 * saved before the input rules below existed still reads (receipts pass it through
 * `printable()`), so a receipt never falls back to defaults over an old character.
 */
export const ReceiptSettings = z.object({
  storeName: z.string().trim().min(1).max(120),
  /** Registered business name / proprietor, if different from the trade name. */
  registeredName: z.string().trim().max(120),
  tin: z.string().trim().max(30),
  address: z.string().trim().max(300),
  documentType: DocumentType,
  /** Machine identification number (MIN) and serial number of the POS, per the BIR permit. */
  machineId: z.string().trim().max(40),
  serialNumber: z.string().trim().max(40),
  /** Permit to use / acknowledgement certificate number. */
  permitNumber: z.string().trim().max(60),
  vatRegistered: z.boolean(),
  footer: z.string().trim().max(500),
  /** Store time zone as minutes east of UTC (Philippines: 480). Fixes business dates. */
  tzOffsetMinutes: z.number().int().min(-720).max(840),
});
export type ReceiptSettings = z.infer<typeof ReceiptSettings>;

/** The admin's change to them: user text held to the shared Text rules. */
export const UpdateReceiptSettings = ReceiptSettings.extend({
  storeName: Text(1, 120),
  registeredName: Text(0, 120),
  tin: Text(0, 30),
  address: MultilineText(0, 300),
  machineId: Text(0, 40),
  serialNumber: Text(0, 40),
  permitNumber: Text(0, 60),
  footer: MultilineText(0, 500),
}).partial();
export type UpdateReceiptSettings = z.infer<typeof UpdateReceiptSettings>;

export const ReceiptFigures = z.object({
  amount: z.number().int(),
  gross: z.number().int(),
  vatableSales: z.number().int(),
  vatAmount: z.number().int(),
  vatExemptSales: z.number().int(),
  zeroRatedSales: z.number().int(),
  seniorDiscount: z.number().int(),
  pwdDiscount: z.number().int(),
  promoDiscount: z.number().int(),
  vatAdjustment: z.number().int(),
});

/** Everything a printed receipt shows; the HTML, PDF and ESC/POS renderers are pure functions of it. */
export const ReceiptData = z.object({
  /** The payment printed; null on a Sales Invoice printed for a sale before any payment. */
  settlementId: Id.nullable(),
  /** SI: a Sales Invoice (the sale's primary document); OR: a collection receipt (this system's OR). */
  documentType: DocumentType,
  /** The sale a Sales Invoice is for (null on a collection receipt). */
  transactionId: Id.nullable(),
  title: z.string(),
  number: z.string(),
  /** Printed under the title: a collection receipt is "not valid for claim of input tax". */
  notice: z.string().nullable(),
  /** The machine whose series numbered the document, with its MIN, serial and PTU. */
  register: Register.omit({ id: true, active: true }).nullable(),
  /** Who a Sales Invoice is made out to (RR 16-2018), when given. */
  buyer: StoredBuyer.nullable(),
  issuedAt: IsoDateTime,
  /** Store time zone (minutes east of UTC): receipts print local time. */
  tzOffsetMinutes: z.number().int(),
  store: ReceiptSettings.omit({ tzOffsetMinutes: true }).extend({ storeId: z.string() }),
  cashier: z.object({ id: Id, name: z.string() }),
  customer: z.object({ id: Id, name: z.string() }),
  /** The transactions this payment went to, with their lines and the part applied. */
  transactions: z.array(
    z.object({
      id: Id,
      total: Centavos,
      applied: Centavos,
      /** What the sale still owed once this payment was applied (as printed then; absent on receipts issued before invoices). */
      balanceAfter: Centavos.optional(),
      /** The sale's Sales Invoice this payment is collected against, if issued. */
      invoiceNumber: z.string().nullable().optional(),
      lines: z.array(
        z.object({
          description: z.string(),
          quantity: z.number().int(),
          unitPrice: Centavos,
          amount: Centavos,
          vatCategory: VatCategory,
          tax: LineTax,
          /** The line's own SC/PWD holder and share, when it has one. */
          discount: StoredLineScPwdDiscount.optional(),
        }),
      ),
    }),
  ),
  /**
   * The VAT figures printed: on a Sales Invoice the sale's; on a collection receipt of an
   * invoiced sale none (zeros: the VAT is on the invoice); on a receipt of a sale written
   * before invoices, this payment's share (src/core/tax.ts attributeShare).
   */
  vat: ReceiptFigures,
  /** The payment (0 on an invoice printed before any payment). */
  amount: Centavos,
  /** Null on an invoice printed before any payment. */
  tender: z.object({ method: TenderMethod, reference: z.string().nullable(), tendered: Centavos.nullable() }).nullable(),
  change: Centavos,
  creditKept: Centavos,
  creditUsed: Centavos,
  /** SC/PWD holders of the transactions paid, whole-sale and per line (name and ID number, as the law requires). */
  discounts: z.array(StoredScPwdDiscount),
  status: z.enum(['posted', 'void']),
  voidedAt: IsoDateTime.nullable(),
  voidReason: z.string().nullable(),
  reprint: z.boolean(),
  reprintCount: z.number().int().min(0),
  refunds: z.array(z.object({ id: Id, amount: Centavos, method: TenderMethod, reason: z.string(), createdAt: IsoDateTime })),
});
export type ReceiptData = z.infer<typeof ReceiptData>;

export const ReceiptQuery = z.object({
  format: z.enum(['json', 'html', 'pdf', 'text']).default('json'),
  /** ESC/POS text width: 58 mm (32 columns) or 80 mm (48 columns). */
  width: z.enum(['58', '80']).default('80'),
});
