import { DomainError } from '../../core/errors.js';
import { sumFigures, type TaxFigures } from '../../core/tax.js';
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
  readonly q: Pick<Queries, 'settlements' | 'transactions' | 'readings' | 'refunds' | 'users' | 'customers'>;
}

export const DOCUMENT_TITLES = { OR: 'OFFICIAL RECEIPT', SI: 'SALES INVOICE' } as const;

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
  const transactions = parts.allocations.map(({ transaction: tx, amount }) => {
    if (tx.discount_kind) {
      discounts.push({ kind: tx.discount_kind, holderName: tx.discount_holder_name ?? '', idNumber: tx.discount_id_number ?? '' });
    }
    return {
      id: tx.id,
      total: tx.total_amount,
      applied: amount,
      lines: q.transactions.lines(tx.id).map((l) => {
        const line = { description: l.description, quantity: l.quantity, unitPrice: l.unit_price, amount: l.amount, vatCategory: l.vat_category, tax: lineTax(l) };
        if (!l.sc_pwd_kind) return line;
        // A line's own holder signs for it too (domain.md: name, ID number, signature line).
        const holder = { kind: l.sc_pwd_kind, holderName: l.sc_pwd_holder_name ?? '', idNumber: l.sc_pwd_id_number ?? '' };
        if (!discounts.some((d) => d.kind === holder.kind && d.holderName === holder.holderName && d.idNumber === holder.idNumber)) discounts.push(holder);
        return { ...line, discount: l.sc_pwd_shared_by !== null ? { ...holder, sharedBy: l.sc_pwd_shared_by } : holder };
      }),
    };
  });
  const vat = sumFigures(parts.allocations.map((a) => a.vat));
  const cashierName = parts.cashierName !== undefined ? parts.cashierName : (q.users.get(row.cashier_id)?.display_name ?? null);
  const customerName = parts.customerName ?? q.customers.get(row.customer_id)?.name ?? row.customer_id;
  return {
    settlementId: row.id,
    documentType: settings.documentType,
    title: DOCUMENT_TITLES[settings.documentType],
    number: row.or_number,
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
