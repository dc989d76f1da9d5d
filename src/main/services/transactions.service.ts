import { DomainError } from '../../core/errors.js';
import { priceTransaction } from '../../core/pricing.js';
import { Id } from '../../shared/common.js';
import { CreateCustomerRequest, type Customer } from '../../shared/customers.js';
import {
  BUYER_DETAILS_THRESHOLD,
  CreateTransactionRequest,
  UpdateTransactionRequest,
  type Buyer,
  VoidTransactionRequest,
  type Transaction,
  type TransactionEdit,
  type ScPwdDiscount,
  type TransactionLine,
  type TransactionLineInput,
  type TransactionPayment,
} from '../../shared/transactions.js';
import type { NewLineRow, TransactionFilter, TransactionRow } from '../db/transactions.queries.js';
import { readReceiptSettings } from '../receipts/settings.js';
import { formatPeso } from '../../core/money.js';
import type { InvoiceService } from './invoices.service.js';
import { newId } from './ids.js';
import type { LedgerResponse } from '../../shared/hub.js';
import { groupBy, toCustomer, toCustomerLedgerEntry, toTransaction } from './mappers.js';
import type { StoreDb } from '../db/store-db.js';
import { customerScope, requireRole, WIDE_SEARCH_MAX_ROWS, WIDE_SEARCH_MIN_CHARS, type Actor } from './access.js';
import { keysetPage } from './paging.js';
import { parseInput } from './validate.js';

/** What transactions need of the invoices (services/invoices.service.ts). */
export type TransactionInvoicing = Pick<InvoiceService, 'settings' | 'invoicingRegister' | 'issue' | 'cancel'>;

/**
 * A business buyer (one who gives a TIN) must give name, address and TIN: they are
 * printed on the Sales Invoice (RR 16-2018). 422 otherwise.
 */
function checkBuyer(buyer: Buyer | undefined, total: number): void {
  if (!buyer) return;
  const tin = buyer.tin?.trim() ?? '';
  const address = buyer.address?.trim() ?? '';
  if (tin && !address) {
    throw new DomainError('validation_failed', 'A business buyer’s invoice needs their registered address as well as their TIN.', {
      fields: { 'buyer.address': 'is required with a TIN' },
    });
  }
  if (!tin && address && total >= BUYER_DETAILS_THRESHOLD) {
    throw new DomainError('validation_failed', `A sale of ${formatPeso(BUYER_DETAILS_THRESHOLD)} or more to a business needs the buyer’s TIN.`, {
      fields: { 'buyer.tin': 'is required for a business buyer' },
    });
  }
}

/** Customers and transactions (what the customer owes); each sale's Sales Invoice through the invoices service. */
export class TransactionService {
  constructor(
    private readonly store: StoreDb,
    private readonly invoices: TransactionInvoicing,
  ) {}

  createCustomer(input: unknown, actor: Actor): Customer {
    const req = parseInput(CreateCustomerRequest, input, 'customer');
    requireRole(actor, ['sales', 'admin'], 'create customers');
    return this.store.write(() => {
      const row = {
        id: newId('cus'),
        name: req.name,
        phone: req.phone ?? null,
        credit_limit: req.creditLimit ?? null,
        created_by: actor.id,
        created_at: this.store.now(),
      };
      this.store.q.customers.insert(row);
      const customer = toCustomer({ ...row, credit_balance: 0, open_balance: 0 });
      this.store.append('customer.created', { customer, actorId: actor.id });
      return customer;
    });
  }

  /**
   * The customers `actor` gets for a list or a search (`q` matches name or phone,
   * literally): admin — every customer; sales and cashier — their own (access.ts,
   * customers.queries.ts), and with `q` of WIDE_SEARCH_MIN_CHARS or more, also any
   * customer it matches (at most WIDE_SEARCH_MAX_ROWS), which is how a counter picks the
   * customer in front of it.
   */
  customersFor(actor: Actor, q: string | undefined, limit: number): Customer[] {
    const scope = customerScope(actor);
    const query = q ? q : null;
    const wide = scope.kind !== 'all' && query !== null && query.length >= WIDE_SEARCH_MIN_CHARS;
    return this.store.q.customers.search(query, wide ? Math.min(limit, WIDE_SEARCH_MAX_ROWS) : limit, scope, wide).map(toCustomer);
  }

  /** Customers by id (the names a list of rows shows), only those in `actor`'s scope. */
  customersByIdsFor(actor: Actor, ids: string[]): Customer[] {
    return this.store.q.customers.byIds(ids, customerScope(actor)).map(toCustomer);
  }

  getCustomer(id: string): Customer {
    const row = this.store.q.customers.get(parseInput(Id, id, 'customer id'));
    if (!row) throw new DomainError('not_found', 'No such customer.');
    return toCustomer(row);
  }

  /**
   * Creates a transaction, its charge ledger entry and its event in one SQLite transaction.
   * Above the customer's credit limit it is refused unless an admin records an override.
   */
  createTransaction(input: unknown, actor: Actor): Transaction {
    const req = parseInput(CreateTransactionRequest, input, 'transaction');
    requireRole(actor, ['sales', 'admin'], 'create transactions');
    if (req.creditOverride && actor.role !== 'admin') {
      throw new DomainError('forbidden', 'Only an admin can override a credit limit.');
    }
    return this.store.write(() => {
      const q = this.store.q;
      // VAT and any SC/PWD or promo discount are settled per line, once (src/core/pricing.ts),
      // under the store's VAT registration as it is when the sale is written.
      const { lines, total } = this.price(req.lines, req.discount?.kind ?? null);
      const customer = q.customers.get(req.customerId);
      if (!customer) throw new DomainError('not_found', 'No such customer.', { customerId: req.customerId });
      const owing = q.ledger.balance(customer.id);
      if (customer.credit_limit !== null && owing + total > customer.credit_limit && !req.creditOverride) {
        throw new DomainError('credit_limit_exceeded', 'This would take the customer over their credit limit.', {
          creditLimit: customer.credit_limit,
          owing,
          total,
        });
      }
      checkBuyer(req.buyer, total);
      const settings = this.invoices.settings();
      // The invoicing register is checked before anything is written (422 unknown_register).
      const register = this.invoices.invoicingRegister(req.registerId);
      const at = this.store.now();
      const id = newId('txn');
      q.transactions.insert({
        id,
        customer_id: customer.id,
        created_by: actor.id,
        total_amount: total,
        due_date: req.dueDate ?? null,
        notes: req.notes ?? null,
        credit_override_by: req.creditOverride ? actor.id : null,
        credit_override_reason: req.creditOverride?.reason ?? null,
        created_at: at,
        updated_at: at,
        discount_kind: req.discount?.kind ?? null,
        discount_holder_name: req.discount?.holderName ?? null,
        discount_id_number: req.discount?.idNumber ?? null,
        buyer_name: req.buyer?.name ?? null,
        buyer_address: req.buyer?.address?.trim() || null,
        buyer_tin: req.buyer?.tin?.trim() || null,
      });
      for (const l of lineRows(id, lines)) q.transactions.insertLine(l);
      // EOPT: the sale's Sales Invoice, in this same SQLite transaction (store setting invoiceAt).
      if (settings.invoiceAt === 'sale') this.invoices.issue(q.transactions.get(id)!, q.transactions.lines(id), register, at, null);
      q.ledger.append({
        customer_id: customer.id,
        type: 'charge',
        amount: total,
        or_number: null,
        transaction_id: id,
        settlement_id: null,
        actor_id: actor.id,
        reason: req.creditOverride ? `credit limit override: ${req.creditOverride.reason}` : null,
        created_at: at,
      });
      const transaction = this.load(id);
      this.store.append('transaction.created', { transaction, actorId: actor.id });
      return transaction;
    });
  }

  /** Cancels a transaction; allowed only while nothing live is allocated to it. */
  voidTransaction(id: unknown, input: unknown, actor: Actor): Transaction {
    const txId = parseInput(Id, id, 'transaction id');
    const { reason } = parseInput(VoidTransactionRequest, input, 'void');
    return this.store.write(() => {
      const q = this.store.q;
      const row = q.transactions.get(txId);
      if (!row) throw new DomainError('not_found', 'No such transaction.');
      if (actor.role !== 'admin' && !(actor.role === 'sales' && row.created_by === actor.id)) {
        throw new DomainError('forbidden', 'Only an admin or the clerk who created it can cancel a transaction.');
      }
      if (row.voided) throw new DomainError('already_void', 'This transaction is already cancelled.');
      if (row.paid_amount > 0) {
        throw new DomainError('has_allocations', 'Payments are allocated to this transaction; void those settlements first.');
      }
      const at = this.store.now();
      q.transactions.markVoided(txId, reason, at);
      // Cancelling the sale cancels its Sales Invoice (the number stays used, as a void).
      this.invoices.cancel(row, at, actor, reason);
      q.ledger.append({
        customer_id: row.customer_id,
        type: 'void',
        amount: -row.total_amount,
        or_number: null,
        transaction_id: txId,
        settlement_id: null,
        actor_id: actor.id,
        reason,
        created_at: at,
      });
      const transaction = this.load(txId);
      this.store.append('transaction.voided', { transaction, actorId: actor.id });
      return transaction;
    });
  }

  /**
   * Edits a transaction before anything is paid on it: lines, due date, notes, customer.
   * Refused once any allocation (live or voided) points at it — a receipt was issued
   * against those lines — and for a cancelled one. The ledger stays append-only: a changed
   * total is one `adjustment` entry of the difference; a move to another customer is an
   * `adjustment` taking the old total off the old customer and a `charge` of the new total
   * on the new one. The `transaction.edited` event records what it was before. One SQLite
   * transaction for all of it.
   */
  editTransaction(id: unknown, input: unknown, actor: Actor): Transaction {
    const txId = parseInput(Id, id, 'transaction id');
    const req = parseInput(UpdateTransactionRequest, input, 'transaction edit');
    requireRole(actor, ['sales', 'admin'], 'edit transactions');
    return this.store.write(() => {
      const q = this.store.q;
      const row = q.transactions.get(txId);
      if (!row) throw new DomainError('not_found', 'No such transaction.');
      if (actor.role !== 'admin' && row.created_by !== actor.id) {
        throw new DomainError('forbidden', 'Only an admin or the clerk who created it can edit a transaction.');
      }
      if (row.voided) throw new DomainError('already_void', 'This transaction is cancelled; it cannot be edited.');
      if (row.paid_amount > 0 || q.transactions.hasAllocations(txId)) {
        throw new DomainError('has_allocations', 'A payment was taken against this transaction, so it can no longer be edited.');
      }
      if (req.lines && row.discount_kind && req.discount === undefined) {
        // Its lines carry the holder's discount: new lines are priced with the discount the
        // edit gives (the same again, another, or null for none), never silently kept.
        throw new DomainError('conflict', 'This transaction has a senior/PWD discount: send it (or null) with the new lines.');
      }
      const discountChanged = req.discount !== undefined && !sameDiscount(req.discount, row);
      const lines = req.lines ?? (discountChanged ? this.load(txId).lines.map(toLineInput) : null);
      const discount = req.discount === undefined ? (row.discount_kind ?? null) : (req.discount?.kind ?? null);
      const priced = lines ? this.price(lines, discount) : null;
      const before = this.load(txId);
      const customerId = req.customerId ?? row.customer_id;
      const customer = q.customers.get(customerId);
      if (!customer) throw new DomainError('not_found', 'No such customer.', { customerId });
      const total = priced?.total ?? row.total_amount;
      const moved = customerId !== row.customer_id;
      const increase = moved ? total : total - row.total_amount;
      if (customer.credit_limit !== null && increase > 0 && q.ledger.balance(customer.id) + increase > customer.credit_limit) {
        throw new DomainError('credit_limit_exceeded', 'This would take the customer over their credit limit.', {
          creditLimit: customer.credit_limit,
          owing: q.ledger.balance(customer.id),
          total,
        });
      }
      const at = this.store.now();
      const dueDate = req.dueDate === undefined ? row.due_date : req.dueDate;
      const notes = req.notes === undefined ? row.notes : req.notes?.trim() || null;
      if (priced) q.transactions.replaceLines(txId, lineRows(txId, priced.lines));
      if (discountChanged) q.transactions.setDiscount(txId, req.discount ?? null);
      if (!q.transactions.updateTerms({ id: txId, total_amount: total, due_date: dueDate, notes, updated_at: at })) {
        throw new DomainError('has_allocations', 'A payment was taken against this transaction, so it can no longer be edited.');
      }
      const changed = (['customerId', 'lines', 'dueDate', 'notes', 'discount'] as const).filter((f) => {
        if (f === 'customerId') return moved;
        if (f === 'lines') return req.lines !== undefined;
        if (f === 'discount') return discountChanged;
        if (f === 'dueDate') return dueDate !== row.due_date;
        return notes !== row.notes;
      });
      const entry = { or_number: null, transaction_id: txId, settlement_id: null, actor_id: actor.id, created_at: at };
      if (moved) {
        q.transactions.moveToCustomer(txId, customer.id);
        q.ledger.append({ ...entry, customer_id: row.customer_id, type: 'adjustment', amount: -row.total_amount, reason: `transaction moved to ${customer.name}` });
        q.ledger.append({ ...entry, customer_id: customer.id, type: 'charge', amount: total, reason: 'transaction moved from another customer' });
      } else if (total !== row.total_amount) {
        q.ledger.append({ ...entry, customer_id: customer.id, type: 'adjustment', amount: total - row.total_amount, reason: 'transaction lines edited before payment' });
      }
      // An invoiced sale whose lines or buyer changed: its invoice is cancelled and the next
      // number of the same register's series is issued for the sale as it now is.
      if (row.invoice_number && row.invoice_register_id && (priced || moved || discountChanged)) {
        this.invoices.cancel(row, at, actor, 'sale edited: invoice reissued');
        const register = q.registers.get(row.invoice_register_id)!;
        this.invoices.issue(q.transactions.get(txId)!, q.transactions.lines(txId), register, at, null);
      }
      const transaction = this.load(txId);
      const edit: TransactionEdit = {
        changed: [...changed],
        previous: {
          customerId: before.customerId,
          lines: before.lines,
          total_amount: before.total_amount,
          dueDate: before.dueDate,
          notes: before.notes ?? null,
          ...(discountChanged ? { discount: before.discount ?? null } : {}),
        },
      };
      this.store.append('transaction.edited', { transaction, ...edit, actorId: actor.id });
      return transaction;
    });
  }

  /** Prices lines under the store's VAT registration (receipt setting `vatRegistered`). */
  private price(lines: TransactionLineInput[], discount: 'senior' | 'pwd' | null) {
    const { vatRegistered } = readReceiptSettings(this.store.q.settings, this.store.storeId);
    const priced = priceTransaction(lines, discount, { vatRegistered });
    return { lines: priced.lines, total: priced.totals.amount };
  }

  getTransaction(id: unknown): Transaction {
    return this.load(parseInput(Id, id, 'transaction id'));
  }

  /** A page of the customer's ledger entries, newest first, with the total (one read transaction: both describe the same moment). */
  customerLedger(customerId: string, query: { type?: string | undefined; limit: number; offset: number }): LedgerResponse {
    this.getCustomer(customerId); // 404 for an unknown customer, not an empty page
    const { limit, offset } = query;
    const type = query.type ?? null;
    return this.store.db.transaction(() => {
      const total = this.store.q.ledger.count(customerId, type);
      const entries = this.store.q.ledger.page(customerId, type, limit, offset).map(toCustomerLedgerEntry);
      return { entries, pagination: { total, limit, offset, hasMore: offset + entries.length < total } };
    })();
  }

  /** The payments applied to one transaction, oldest first (what each applied to it, not the whole settlement). */
  payments(transactionId: string): TransactionPayment[] {
    return this.store.q.transactions.payments(transactionId).map((r) => ({
      settlementId: r.settlement_id,
      or_number: r.or_number,
      amount: r.amount,
      method: r.tender_method,
      status: r.status,
      createdAt: r.created_at,
      voidedAt: r.voided_at,
    }));
  }

  /** The transaction's wire form, or undefined when there is none. */
  find(id: string): Transaction | undefined {
    const row = this.store.q.transactions.get(id);
    return row ? toTransaction(row, this.store.q.transactions.lines(id)) : undefined;
  }

  /** Loads the wire form of a transaction; `not_found` if missing. */
  load(id: string): Transaction {
    const row = this.store.q.transactions.get(id);
    if (!row) throw new DomainError('not_found', 'No such transaction.', { transactionId: id });
    return toTransaction(row, this.store.q.transactions.lines(id));
  }

  /** A page of transactions, newest first; the cursor is opaque to callers. */
  list(filter: Omit<TransactionFilter, 'beforeRowid'> & { cursor?: string | undefined }): {
    items: Transaction[];
    nextCursor: string | null;
  } {
    const q = this.store.q.transactions;
    return keysetPage(
      filter.cursor,
      filter.limit,
      (beforeRowid, limit) => q.list({ ...filter, beforeRowid, limit }),
      (page) => {
        const byTx = groupBy(q.linesOfMany(page.map((r) => r.id)), (l) => l.transaction_id);
        return page.map((r) => toTransaction(r, byTx.get(r.id) ?? []));
      },
    );
  }
}

function sameDiscount(d: ScPwdDiscount | null, row: TransactionRow): boolean {
  if (!d) return row.discount_kind === null;
  return d.kind === row.discount_kind && d.holderName === row.discount_holder_name && d.idNumber === row.discount_id_number;
}

/** A stored line as an edit's input again (the discount of the whole sale changed, the lines did not). */
function toLineInput(l: TransactionLine): TransactionLineInput {
  return {
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    ...(l.vatCategory ? { vatCategory: l.vatCategory } : {}),
    ...(l.promoDiscount ? { promoDiscount: l.promoDiscount } : {}),
    ...(l.discount ? { discount: l.discount } : {}),
  };
}

type PricedLines = ReturnType<typeof priceTransaction<TransactionLineInput>>['lines'];

function lineRows(transactionId: string, lines: PricedLines): NewLineRow[] {
  return lines.map((l) => ({
    transaction_id: transactionId,
    line_no: l.line_no,
    description: l.description,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    amount: l.amount,
    vat_category: l.tax.vatCategory,
    gross_amount: l.tax.gross,
    vatable_base: l.tax.vatableSales,
    vat_amount: l.tax.vatAmount,
    exempt_amount: l.tax.vatExemptSales,
    zero_rated_amount: l.tax.zeroRatedSales,
    discount_kind: l.tax.discountKind,
    discount_amount: l.tax.discountAmount,
    vat_adjustment: l.tax.vatAdjustment,
    sc_pwd_kind: l.discount?.kind ?? null,
    sc_pwd_holder_name: l.discount?.holderName ?? null,
    sc_pwd_id_number: l.discount?.idNumber ?? null,
    sc_pwd_shared_by: l.discount?.sharedBy ?? null,
  }));
}
