import { DomainError } from '../../core/errors.js';
import { MAX_CENTAVOS, sum } from '../../core/money.js';
import { computeLineTax } from '../../core/tax.js';
import { Id } from '../../shared/common.js';
import { CreateCustomerRequest, type Customer } from '../../shared/customers.js';
import { CreateTransactionRequest, VoidTransactionRequest, type Transaction } from '../../shared/transactions.js';
import type { TransactionFilter } from '../db/transactions.queries.js';
import { newId } from './ids.js';
import type { LedgerResponse } from '../../shared/hub.js';
import { groupBy, toCustomer, toCustomerLedgerEntry, toTransaction } from './mappers.js';
import type { StoreDb } from '../db/store-db.js';
import { customerScope, requireRole, WIDE_SEARCH_MAX_ROWS, WIDE_SEARCH_MIN_CHARS, type Actor } from './access.js';
import { keysetPage } from './paging.js';
import { parseInput } from './validate.js';

/** Customers and transactions (what the customer owes). */
export class TransactionService {
  constructor(private readonly store: StoreDb) {}

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
    // VAT and any SC/PWD or promo discount are settled per line, once (src/core/tax.ts).
    const scPwd = req.discount?.kind ?? null;
    // Each field is within bounds, but quantity × price and their sum may not be: refuse
    // that as bad input here rather than let the money helpers throw a RangeError (a 500).
    let gross = 0;
    for (const l of req.lines) gross += l.quantity * l.unitPrice;
    if (gross > MAX_CENTAVOS) {
      throw new DomainError('validation_failed', 'The transaction total is too large.', { max: MAX_CENTAVOS });
    }
    const lines = req.lines.map((l, i) => {
      const tax = computeLineTax(l, scPwd);
      return { ...l, line_no: i + 1, amount: tax.amount, tax };
    });
    const total = sum(lines.map((l) => l.amount));
    if (total <= 0) throw new DomainError('validation_failed', 'A transaction must total more than zero.');
    if (req.creditOverride && actor.role !== 'admin') {
      throw new DomainError('forbidden', 'Only an admin can override a credit limit.');
    }
    return this.store.write(() => {
      const q = this.store.q;
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
      });
      for (const l of lines) {
        q.transactions.insertLine({
          transaction_id: id,
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
        });
      }
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
