import { DomainError } from '../../core/errors.js';
import { figuresOfLines, sumFigures, type TaxFigures } from '../../core/tax.js';
import type { RefundRow } from '../db/refunds.queries.js';
import type { SettlementRow } from '../db/settlements.queries.js';
import type { TransactionRow } from '../db/transactions.queries.js';
import type { TenderMethod } from '../../shared/common.js';
import type { ReceiptData, ReceiptSettings } from '../../shared/receipts.js';
import type { ScPwdDiscount } from '../../shared/transactions.js';
import type { Queries } from '../db/queries.js';
import { lineTax } from '../services/mappers.js';
import { receiptSettingsFromRaw } from './settings.js';

/**
 * The rows a receipt is read from: the store's id and the prepared queries it needs.
 * (Not the store itself: receipts read rows, they never write or call services.)
 */
export interface ReceiptSource {
  readonly storeId: string;
  readonly q: Pick<Queries, 'settlements' | 'transactions' | 'readings' | 'refunds' | 'users' | 'customers' | 'registers'>;
}

/** Document titles (EOPT: the Sales Invoice is the primary document; this system's OR is a collection receipt). */
export const DOCUMENT_TITLES = { OR: 'COLLECTION RECEIPT', SI: 'SALES INVOICE' } as const;
/** Printed under a collection receipt's title (RR 7-2024 / RR 11-2024: supplementary documents). */
export const COLLECTION_RECEIPT_NOTICE = 'THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX.';

function registerHeader(q: ReceiptSource['q'], registerId: string | null): ReceiptData['register'] {
  const r = registerId ? q.registers.get(registerId) : undefined;
  return r ? { code: r.code, name: r.name, min: r.min, serialNo: r.serial_no, ptuNo: r.ptu_no, ptuDate: r.ptu_date } : null;
}

function buyerOf(tx: TransactionRow): ReceiptData['buyer'] {
  return tx.buyer_name ? { name: tx.buyer_name, address: tx.buyer_address, tin: tx.buyer_tin } : null;
}


/**
 * Everything the receipt of a settlement shows, read from the ledger as it is now:
 * a voided one says VOID, a reprint says REPRINT (`reprint` is the caller's: the
 * original print and the e-journal's copy are not reprints).
 */
export function buildReceipt(store: ReceiptSource, settlementId: string, opts: { reprint?: boolean; settings?: ReceiptSettings } = {}): ReceiptData {
  const q = store.q;
  const row = q.settlements.get(settlementId);
  if (!row) throw new DomainError('not_found', 'No such settlement.');
  const allocations = q.settlements.allocations(settlementId).map((a) => ({
    transaction: q.transactions.get(a.transaction_id)!,
    amount: a.amount,
    // This payment's share of the VAT figures, as recorded when it was taken.
    vat: q.readings.taxOfAllocationPayments(settlementId, a.transaction_id),
  }));
  return receiptFrom(store, { row, allocations, refunds: q.refunds.ofSettlement(row.id) }, opts);
}

export interface ReceiptParts {
  row: SettlementRow;
  allocations: { transaction: TransactionRow; amount: number; vat: TaxFigures }[];
  refunds: RefundRow[];
  /** The customer's name when the caller has just read it (settle); otherwise it is read here. */
  customerName?: string;
  /** The cashier's display name when the caller has just read it (null: no such user); otherwise it is read here. */
  cashierName?: string | null;
  /** The document's register as printed, when the caller has just read it; otherwise it is read here. */
  register?: ReceiptData['register'];
}

let headerMemo: { settings: ReceiptSettings; storeId: string; header: ReceiptData['store'] } | null = null;

/**
 * The receipt's store header: the settings without the time zone, plus the store id. Built
 * once per settings object (receiptSettingsFromRaw hands out the same one until a setting
 * changes); each receipt gets its own shallow copy (a plain clone is cheap, rest-then-extend
 * is not on Node 20's V8).
 */
function storeHeader(settings: ReceiptSettings, storeId: string): ReceiptData['store'] {
  if (!headerMemo || headerMemo.settings !== settings || headerMemo.storeId !== storeId) {
    const { tzOffsetMinutes: _tz, ...header } = settings;
    headerMemo = { settings, storeId, header: { ...header, storeId } };
  }
  return { ...headerMemo.header };
}

/** The receipt from parts already in hand (settle passes what it just wrote). */
export function receiptFrom(store: ReceiptSource, parts: ReceiptParts, opts: { reprint?: boolean; settings?: ReceiptSettings } = {}): ReceiptData {
  const q = store.q;
  const { row } = parts;
  const settings = opts.settings ?? receiptSettingsFromRaw(q.readings.receiptSettingsRaw(), store.storeId);

  const discounts: ScPwdDiscount[] = [];
  const transactions = parts.allocations.map(({ transaction: tx, amount }) => transactionPart(q, tx, amount, discounts));
  const isInvoice = row.document_type === 'sales_invoice';
  const sale = isInvoice ? parts.allocations[0]!.transaction : null;
  // A Sales Invoice prints the sale's VAT; a collection receipt none for an invoiced sale
  // (its VAT is on the invoice), and its share for a sale written before invoices.
  const vat = sale
    ? figuresOfLines(q.transactions.lines(sale.id))
    : sumFigures(parts.allocations.filter((a) => a.transaction.vat_on_invoice !== 1).map((a) => a.vat));
  const cashierName = parts.cashierName !== undefined ? parts.cashierName : (q.users.get(row.cashier_id)?.display_name ?? null);
  const customerName = parts.customerName ?? q.customers.get(row.customer_id)?.name ?? row.customer_id;
  const documentType = isInvoice ? 'SI' : 'OR';
  return {
    settlementId: row.id,
    documentType,
    transactionId: sale?.id ?? null,
    title: DOCUMENT_TITLES[documentType],
    number: row.or_number,
    notice: isInvoice ? null : COLLECTION_RECEIPT_NOTICE,
    register: parts.register !== undefined ? parts.register : registerHeader(q, row.register_id),
    buyer: sale ? buyerOf(sale) : null,
    issuedAt: row.created_at,
    tzOffsetMinutes: settings.tzOffsetMinutes,
    store: storeHeader(settings, store.storeId),
    cashier: { id: row.cashier_id, name: cashierName ?? row.cashier_id },
    customer: { id: row.customer_id, name: customerName },
    transactions,
    vat,
    amount: row.amount,
    tender: { method: row.tender_method as TenderMethod, reference: row.tender_reference, tendered: row.tendered },
    change: row.change_amount,
    creditKept: row.credit_kept,
    creditUsed: row.credit_used,
    discounts,
    status: row.status,
    voidedAt: row.voided_at,
    voidReason: row.void_reason,
    reprint: opts.reprint ?? false,
    reprintCount: row.reprint_count,
    refunds: parts.refunds.map((r) => ({ id: r.id, amount: r.amount, method: r.method, reason: r.reason, createdAt: r.created_at })),
  };
}

/** One sale as a document prints it: its lines (with their SC/PWD holders, added to `discounts`), the part applied and what it still owed after. */
function transactionPart(q: ReceiptSource['q'], tx: TransactionRow, amount: number, discounts: ScPwdDiscount[]): ReceiptData['transactions'][number] {
  if (tx.discount_kind) {
    discounts.push({ kind: tx.discount_kind, holderName: tx.discount_holder_name ?? '', idNumber: tx.discount_id_number ?? '' });
  }
  return {
    id: tx.id,
    total: tx.total_amount,
    applied: amount,
    balanceAfter: tx.total_amount - tx.paid_amount,
    invoiceNumber: tx.invoice_number,
    lines: q.transactions.lines(tx.id).map((l) => {
      const line = { description: l.description, quantity: l.quantity, unitPrice: l.unit_price, amount: l.amount, vatCategory: l.vat_category, tax: lineTax(l) };
      if (!l.sc_pwd_kind) return line;
      // A line's own holder signs for it too (domain.md: name, ID number, signature line).
      const holder = { kind: l.sc_pwd_kind, holderName: l.sc_pwd_holder_name ?? '', idNumber: l.sc_pwd_id_number ?? '' };
      if (!discounts.some((d) => d.kind === holder.kind && d.holderName === holder.holderName && d.idNumber === holder.idNumber)) discounts.push(holder);
      return { ...line, discount: l.sc_pwd_shared_by !== null ? { ...holder, sharedBy: l.sc_pwd_shared_by } : holder };
    }),
  };
}

/**
 * A sale's Sales Invoice as issued, before any payment (invoiceAt 'sale'): the e-journal's
 * copy and what the sales desk prints. `issuerName` is who wrote the sale.
 */
export function invoiceDocument(
  store: ReceiptSource,
  tx: TransactionRow,
  opts: { reprint?: boolean; settings?: ReceiptSettings; issuerName?: string | null; reprintCount?: number } = {},
): ReceiptData {
  const q = store.q;
  if (!tx.invoice_number || !tx.invoice_issued_at) throw new DomainError('not_found', 'This sale has no Sales Invoice yet.');
  const settings = opts.settings ?? receiptSettingsFromRaw(q.readings.receiptSettingsRaw(), store.storeId);
  const discounts: ScPwdDiscount[] = [];
  const part = transactionPart(q, tx, 0, discounts);
  const issuer = opts.issuerName !== undefined ? opts.issuerName : (q.users.get(tx.created_by)?.display_name ?? null);
  return {
    settlementId: null,
    documentType: 'SI',
    transactionId: tx.id,
    title: DOCUMENT_TITLES.SI,
    number: tx.invoice_number,
    notice: null,
    register: registerHeader(q, tx.invoice_register_id),
    buyer: buyerOf(tx),
    issuedAt: tx.invoice_issued_at,
    tzOffsetMinutes: settings.tzOffsetMinutes,
    store: storeHeader(settings, store.storeId),
    cashier: { id: tx.created_by, name: issuer ?? tx.created_by },
    customer: { id: tx.customer_id, name: q.customers.get(tx.customer_id)?.name ?? tx.customer_id },
    transactions: [{ ...part, balanceAfter: tx.total_amount }],
    vat: figuresOfLines(q.transactions.lines(tx.id)),
    amount: 0,
    tender: null,
    change: 0,
    creditKept: 0,
    creditUsed: 0,
    discounts,
    status: tx.voided ? 'void' : 'posted',
    voidedAt: null,
    voidReason: tx.voided ? tx.void_reason : null,
    reprint: opts.reprint ?? false,
    reprintCount: opts.reprintCount ?? 0,
    refunds: [],
  };
}
