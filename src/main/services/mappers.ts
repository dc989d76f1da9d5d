import type { LedgerEntry } from '../../shared/backoffice.js';
import type { LedgerEntryType } from '../../shared/common.js';
import type { LedgerListRow } from '../db/reports.queries.js';
import type { LedgerEntry as CustomerLedgerEntry } from '../../shared/hub.js';
import type { LedgerRow } from '../db/ledger.queries.js';
import { derivePaymentStatus } from '../../core/status.js';
import { figuresOfLines } from '../../core/tax.js';
import type { Customer } from '../../shared/customers.js';
import type { Settlement } from '../../shared/settlements.js';
import type { Invoice, Transaction, TransactionLine } from '../../shared/transactions.js';
import type { TenderMethod } from '../../shared/common.js';
import type { CustomerRow } from '../db/customers.queries.js';
import type { AllocationRow, SettlementRow } from '../db/settlements.queries.js';
import type { LineRow, TransactionRow } from '../db/transactions.queries.js';

/** A stored line's VAT and discount figures, as the wire and the receipts show them. */
export function lineTax(l: LineRow) {
  return {
    gross: l.gross_amount,
    vatableSales: l.vatable_base,
    vatAmount: l.vat_amount,
    vatExemptSales: l.exempt_amount,
    zeroRatedSales: l.zero_rated_amount,
    discountKind: l.discount_kind,
    discountAmount: l.discount_amount,
    vatAdjustment: l.vat_adjustment,
  };
}

/**
 * A stored line's wire form. Literals rather than conditional spreads in the middle of one
 * (slow on Node 20's V8); the key order, and so the JSON, of a line without a holder of its
 * own is what it was before migration 0008. `promoDiscount` is what the line got as promo.
 */
export function toTransactionLine(l: LineRow): TransactionLine {
  const line: TransactionLine =
    l.discount_kind === 'promo'
      ? {
          description: l.description,
          quantity: l.quantity,
          unitPrice: l.unit_price,
          amount: l.amount,
          vatCategory: l.vat_category,
          promoDiscount: l.discount_amount,
          tax: lineTax(l),
        }
      : { description: l.description, quantity: l.quantity, unitPrice: l.unit_price, amount: l.amount, vatCategory: l.vat_category, tax: lineTax(l) };
  if (l.sc_pwd_kind) {
    line.discount =
      l.sc_pwd_shared_by !== null
        ? { kind: l.sc_pwd_kind, holderName: l.sc_pwd_holder_name ?? '', idNumber: l.sc_pwd_id_number ?? '', sharedBy: l.sc_pwd_shared_by }
        : { kind: l.sc_pwd_kind, holderName: l.sc_pwd_holder_name ?? '', idNumber: l.sc_pwd_id_number ?? '' };
  }
  return line;
}

/** The sale's Sales Invoice: its number and register, and the VAT breakdown of its lines. */
function toInvoice(row: TransactionRow, lines: readonly LineRow[]): Invoice {
  const f = figuresOfLines(lines);
  const vat = { vatableSales: f.vatableSales, vatAmount: f.vatAmount, vatExemptSales: f.vatExemptSales, zeroRatedSales: f.zeroRatedSales, vatAdjustment: f.vatAdjustment };
  return { number: row.invoice_number!, registerId: row.invoice_register_id!, issuedAt: row.invoice_issued_at!, vat };
}

/** Row → wire `transaction` of protocol.md; status is derived from the numbers here. */
export function toTransaction(row: TransactionRow, lines: LineRow[]): Transaction {
  return {
    id: row.id,
    customerId: row.customer_id,
    createdBy: row.created_by,
    lines: lines.map(toTransactionLine),
    total_amount: row.total_amount,
    paid_amount: row.paid_amount,
    balance_amount: row.total_amount - row.paid_amount,
    payment_status: derivePaymentStatus(row.total_amount, row.paid_amount, row.voided === 1),
    dueDate: row.due_date,
    notes: row.notes,
    discount: row.discount_kind
      ? { kind: row.discount_kind, holderName: row.discount_holder_name ?? '', idNumber: row.discount_id_number ?? '' }
      : null,
    invoice: row.invoice_number ? toInvoice(row, lines) : null,
    buyer: row.buyer_name ? { name: row.buyer_name, address: row.buyer_address, tin: row.buyer_tin } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toSettlement(row: SettlementRow, allocations: AllocationRow[]): Settlement {
  return {
    id: row.id,
    or_number: row.or_number,
    registerId: row.register_id,
    documentType: row.document_type,
    customerId: row.customer_id,
    amount: row.amount,
    tender: { method: row.tender_method as TenderMethod, reference: row.tender_reference, tendered: row.tendered },
    change: row.change_amount,
    creditAmount: row.credit_kept,
    creditUsed: row.credit_used,
    allocations: allocations.map((a) => ({ transactionId: a.transaction_id, amount: a.amount })),
    status: row.status,
    cashierId: row.cashier_id,
    createdAt: row.created_at,
    voidedAt: row.voided_at,
    voidReason: row.void_reason,
    reprintCount: row.reprint_count,
  };
}

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    creditLimit: row.credit_limit,
    creditBalance: row.credit_balance,
    createdAt: row.created_at,
  };
}

/** `Map.groupBy` (Node 21+) for Node 20. */
/** A customer's ledger entry as `GET /customers/:id/ledger` answers it. */
export function toCustomerLedgerEntry(r: LedgerRow): CustomerLedgerEntry {
  return {
    id: r.id,
    customerId: r.customer_id,
    type: r.type,
    amount: r.amount,
    balanceBefore: r.balance_before,
    balanceAfter: r.balance_after,
    or_number: r.or_number,
    transactionId: r.transaction_id,
    settlementId: r.settlement_id,
    actorId: r.actor_id,
    reason: r.reason,
    createdAt: r.created_at,
  };
}

/** A store-wide ledger row as the back office shows it (with customer and actor names). */
export function toLedgerEntry(r: LedgerListRow): LedgerEntry {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    type: r.type as LedgerEntryType,
    amount: r.amount,
    balanceBefore: r.balance_before,
    balanceAfter: r.balance_after,
    orNumber: r.or_number,
    transactionId: r.transaction_id,
    settlementId: r.settlement_id,
    actorId: r.actor_id,
    actorName: r.actor_name,
    reason: r.reason,
    createdAt: r.created_at,
  };
}

export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const bucket = out.get(k);
    if (bucket) bucket.push(item);
    else out.set(k, [item]);
  }
  return out;
}
