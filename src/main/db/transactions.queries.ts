import type { PaymentStatus } from '../../shared/common.js';
import type { Db } from './connection.js';

export interface TransactionRow {
  rowid: number;
  id: string;
  customer_id: string;
  created_by: string;
  total_amount: number;
  paid_amount: number;
  voided: number;
  void_reason: string | null;
  due_date: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** SC/PWD discount of the whole transaction (migration 0002). */
  discount_kind: 'senior' | 'pwd' | null;
  discount_holder_name: string | null;
  discount_id_number: string | null;
  /** 1: the sale's VAT is recognised on its Sales Invoice (migration 0010); 0: a sale from before invoices. */
  vat_on_invoice: number;
  invoice_register_id: string | null;
  invoice_number: string | null;
  invoice_counter: number | null;
  invoice_issued_at: string | null;
  buyer_name: string | null;
  buyer_address: string | null;
  buyer_tin: string | null;
  /** When the SI's original was printed (migration 0010); null: not yet. */
  invoice_printed_at: string | null;
}

export interface LineRow {
  transaction_id: string;
  line_no: number;
  description: string;
  quantity: number;
  unit_price: number;
  /** Amount due on the line, after any discount. */
  amount: number;
  // VAT split of the line (src/core/tax.ts computeLineTax; migration 0002).
  vat_category: 'vatable' | 'exempt' | 'zero_rated';
  gross_amount: number;
  vatable_base: number;
  vat_amount: number;
  exempt_amount: number;
  zero_rated_amount: number;
  discount_kind: 'senior' | 'pwd' | 'promo' | null;
  discount_amount: number;
  vat_adjustment: number;
  /** The line's own SC/PWD holder and share (migration 0008); NULL on lines without one. */
  sc_pwd_kind: 'senior' | 'pwd' | null;
  sc_pwd_holder_name: string | null;
  sc_pwd_id_number: string | null;
  sc_pwd_shared_by: number | null;
}

/** A line to write: without a holder of its own, the sc_pwd_* columns may be left out. */
export type NewLineRow = Omit<LineRow, 'sc_pwd_kind' | 'sc_pwd_holder_name' | 'sc_pwd_id_number' | 'sc_pwd_shared_by'> &
  Partial<Pick<LineRow, 'sc_pwd_kind' | 'sc_pwd_holder_name' | 'sc_pwd_id_number' | 'sc_pwd_shared_by'>>;

const NO_HOLDER = { sc_pwd_kind: null, sc_pwd_holder_name: null, sc_pwd_id_number: null, sc_pwd_shared_by: null };

export interface OpenRow {
  id: string;
  balance: number;
  /** 1 while nothing is paid on it (a payment of its whole balance may then be its SI). */
  unpaid: number;
  due_date: string | null;
  created_at: string;
}

export interface PaymentRow {
  settlement_id: string;
  or_number: string;
  amount: number;
  tender_method: string;
  status: 'posted' | 'void';
  created_at: string;
  voided_at: string | null;
}

/** Filters of a transaction list; `scope*` narrow it to what a role may see. */
export interface TransactionFilter {
  status?: PaymentStatus | undefined;
  customerId?: string | undefined;
  /** sales: only what this user created. */
  createdBy?: string | undefined;
  /** cashier: open transactions plus those this user settled. */
  cashierId?: string | undefined;
  /** rowid cursor: only rows older than this. */
  beforeRowid?: number | undefined;
  limit: number;
}

const STATUS_SQL = `(@status IS NULL
  OR (@status = 'void' AND voided = 1)
  OR (@status = 'unpaid' AND voided = 0 AND paid_amount = 0)
  OR (@status = 'partial' AND voided = 0 AND paid_amount > 0 AND paid_amount < total_amount)
  OR (@status = 'paid' AND voided = 0 AND paid_amount = total_amount))`;

const CASHIER_SCOPE_SQL = `(@cashierId IS NULL
  OR (voided = 0 AND paid_amount < total_amount)
  OR id IN (SELECT a.transaction_id FROM allocations a JOIN settlements s ON s.id = a.settlement_id WHERE s.cashier_id = @cashierId))`;

export function transactionQueries(db: Db) {
  const insert = db.prepare(
    `INSERT INTO transactions (id, customer_id, created_by, total_amount, due_date, notes,
       credit_override_by, credit_override_reason, created_at, updated_at,
       discount_kind, discount_holder_name, discount_id_number, vat_on_invoice, buyer_name, buyer_address, buyer_tin)
     VALUES (@id, @customer_id, @created_by, @total_amount, @due_date, @notes,
       @credit_override_by, @credit_override_reason, @created_at, @updated_at,
       @discount_kind, @discount_holder_name, @discount_id_number, 1, @buyer_name, @buyer_address, @buyer_tin)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO transaction_lines (transaction_id, line_no, description, quantity, unit_price, amount,
       vat_category, gross_amount, vatable_base, vat_amount, exempt_amount, zero_rated_amount,
       discount_kind, discount_amount, vat_adjustment,
       sc_pwd_kind, sc_pwd_holder_name, sc_pwd_id_number, sc_pwd_shared_by)
     VALUES (@transaction_id, @line_no, @description, @quantity, @unit_price, @amount,
       @vat_category, @gross_amount, @vatable_base, @vat_amount, @exempt_amount, @zero_rated_amount,
       @discount_kind, @discount_amount, @vat_adjustment,
       @sc_pwd_kind, @sc_pwd_holder_name, @sc_pwd_id_number, @sc_pwd_shared_by)`,
  );
  const byId = db.prepare<[string], TransactionRow>('SELECT rowid, * FROM transactions WHERE id = ?');
  const linesOf = db.prepare<[string], LineRow>('SELECT * FROM transaction_lines WHERE transaction_id = ? ORDER BY line_no');
  const linesOfMany = db.prepare<[string], LineRow>(
    'SELECT * FROM transaction_lines WHERE transaction_id IN (SELECT value FROM json_each(?)) ORDER BY transaction_id, line_no',
  );
  const OPEN = `SELECT id, total_amount - paid_amount AS balance, paid_amount = 0 AS unpaid, due_date, created_at FROM transactions
     WHERE customer_id = ? AND voided = 0 AND paid_amount < total_amount`;
  const openFor = db.prepare<[string], OpenRow>(OPEN);
  // Same order as core/allocation.ts orderForStrategy (undated last, then creation, then id).
  // Ordered to walk the partial indexes of 0001 without sorting (expressions must match them).
  const openOldest = db.prepare<[string], OpenRow>(`${OPEN} ORDER BY coalesce(due_date, '9999-99-99'), created_at, id`);
  const openLargest = db.prepare<[string], OpenRow>(
    `${OPEN} ORDER BY paid_amount - total_amount, coalesce(due_date, '9999-99-99'), created_at, id`,
  );
  const openByIds = db.prepare<[string, string], OpenRow>(
    `${OPEN} AND id IN (SELECT value FROM json_each(?))`,
  );
  const applyPayment = db.prepare<[number, string, string], TransactionRow>(
    `UPDATE transactions SET paid_amount = paid_amount + ?, updated_at = ?, version = version + 1 WHERE id = ?
     RETURNING rowid AS rowid, *`,
  );
  // Lines change only by an edit before any payment (replaceLines drops the cache entry).
  const linesCache = new Map<string, LineRow[]>();
  const cachedLines = (id: string): LineRow[] => {
    let lines = linesCache.get(id);
    if (!lines) {
      lines = linesOf.all(id);
      if (linesCache.size >= 20_000) linesCache.clear();
      if (lines.length > 0) linesCache.set(id, lines);
    }
    return lines;
  };
  const markVoided = db.prepare<[string, string, string]>(
    'UPDATE transactions SET voided = 1, void_reason = ?, updated_at = ?, version = version + 1 WHERE id = ? AND voided = 0',
  );
  // Edits (before any payment): the lines are replaced and the cache entry dropped with them.
  const deleteLines = db.prepare<[string]>('DELETE FROM transaction_lines WHERE transaction_id = ?');
  const updateTerms = db.prepare<[{ id: string; total_amount: number; due_date: string | null; notes: string | null; updated_at: string }]>(
    `UPDATE transactions SET total_amount = @total_amount, due_date = @due_date, notes = @notes,
       updated_at = @updated_at, version = version + 1
     WHERE id = @id AND voided = 0 AND paid_amount = 0`,
  );
  // The open_balance trigger of 0001 watches total/paid/voided and books the change on
  // NEW.customer_id only, so a move to another customer goes out of the books (voided = 1:
  // the old customer's open balance drops), changes customer, and comes back (voided = 0:
  // the new one's rises). Three statements inside the caller's one SQLite transaction.
  const leaveBooks = db.prepare<[string]>('UPDATE transactions SET voided = 1 WHERE id = ?');
  const setCustomer = db.prepare<[string, string]>('UPDATE transactions SET customer_id = ? WHERE id = ?');
  const enterBooks = db.prepare<[string]>('UPDATE transactions SET voided = 0 WHERE id = ?');
  const setDiscount = db.prepare<[{ id: string; kind: string | null; holder: string | null; idNumber: string | null }]>(
    `UPDATE transactions SET discount_kind = @kind, discount_holder_name = @holder, discount_id_number = @idNumber
     WHERE id = @id AND voided = 0 AND paid_amount = 0`,
  );
  const setInvoice = db.prepare<[{ id: string; register_id: string; number: string; counter: number; issued_at: string }]>(
    `UPDATE transactions SET invoice_register_id = @register_id, invoice_number = @number, invoice_counter = @counter,
       invoice_issued_at = @issued_at WHERE id = @id`,
  );
  const setBuyer = db.prepare<[{ id: string; name: string | null; address: string | null; tin: string | null }]>(
    'UPDATE transactions SET buyer_name = @name, buyer_address = @address, buyer_tin = @tin WHERE id = @id',
  );
  const markInvoicePrinted = db.prepare<[string, string]>(
    'UPDATE transactions SET invoice_printed_at = ? WHERE id = ? AND invoice_number IS NOT NULL AND invoice_printed_at IS NULL',
  );
  const anyAllocation = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM allocations WHERE transaction_id = ?');
  // allocations_transaction finds the rows; a transaction has a handful of payments at most.
  const payments = db.prepare<[string], PaymentRow>(
    `SELECT s.id AS settlement_id, s.or_number, a.amount, s.tender_method, s.status, s.created_at, s.voided_at
     FROM allocations a JOIN settlements s ON s.id = a.settlement_id
     WHERE a.transaction_id = ? ORDER BY s.rowid`,
  );
  const list = db.prepare(
    `SELECT rowid, * FROM transactions
     WHERE (@customerId IS NULL OR customer_id = @customerId) AND ${STATUS_SQL}
       AND (@createdBy IS NULL OR created_by = @createdBy) AND ${CASHIER_SCOPE_SQL}
       AND (@beforeRowid IS NULL OR rowid < @beforeRowid)
     ORDER BY rowid DESC LIMIT @limit`,
  );
  return {
    insert: (row: Record<string, unknown>) => insert.run({ buyer_name: null, buyer_address: null, buyer_tin: null, ...row }),
    insertLine: (row: NewLineRow) => insertLine.run({ ...NO_HOLDER, ...row }),
    get: (id: string) => byId.get(id),
    lines: cachedLines,
    linesOfMany: (ids: string[]) => linesOfMany.all(JSON.stringify(ids)),
    openFor: (customerId: string) => openFor.all(customerId),
    /**
     * Open transactions in allocation order, lazily: callers stop reading once the
     * payment is covered, so a customer with thousands of open job orders costs little.
     */
    openInOrder: (customerId: string, strategy: 'oldest_first' | 'largest_first') =>
      (strategy === 'oldest_first' ? openOldest : openLargest).iterate(customerId),
    openByIds: (customerId: string, ids: string[]) => openByIds.all(customerId, JSON.stringify(ids)),
    /**
     * Adds (or with a negative delta removes) paid amount and returns the new row;
     * the table's CHECKs refuse an overpayment.
     */
    applyPayment: (id: string, delta: number, at: string) => applyPayment.get(delta, at, id),
    markVoided: (id: string, reason: string, at: string) => markVoided.run(reason, at, id).changes === 1,
    /** Records the sale's Sales Invoice (a new one replaces a cancelled one; never back to none). */
    setInvoice: (row: { id: string; register_id: string; number: string; counter: number; issued_at: string }) => setInvoice.run(row),
    /** Records the SI's original print; false when it was printed before (this print is a reprint). */
    markInvoicePrinted: (id: string, at: string) => markInvoicePrinted.run(at, id).changes === 1,
    setBuyer: (row: { id: string; name: string | null; address: string | null; tin: string | null }) => setBuyer.run(row),
    /** Every settlement that paid (or paid and was voided) this transaction, oldest first. */
    payments: (id: string) => payments.all(id),
    /** Whether any allocation, live or voided, points at this transaction. */
    hasAllocations: (id: string) => (anyAllocation.get(id)?.n ?? 0) > 0,
    /** New total, due date and notes of an unpaid, live transaction; false if it no longer is one. */
    updateTerms: (row: { id: string; total_amount: number; due_date: string | null; notes: string | null; updated_at: string }) =>
      updateTerms.run(row).changes === 1,
    /** Replaces every line (an edit before payment); the caller writes the new total. */
    replaceLines: (id: string, lines: NewLineRow[]) => {
      deleteLines.run(id);
      for (const l of lines) insertLine.run({ ...NO_HOLDER, ...l });
      linesCache.delete(id);
    },
    /** The SC/PWD discount of every line of an unpaid, live transaction (an edit); false if it no longer is one. */
    setDiscount: (id: string, d: { kind: 'senior' | 'pwd'; holderName: string; idNumber: string } | null) =>
      setDiscount.run({ id, kind: d?.kind ?? null, holder: d?.holderName ?? null, idNumber: d?.idNumber ?? null }).changes === 1,
    /** Moves an open transaction to another customer, keeping both open balances right. */
    moveToCustomer: (id: string, customerId: string) => {
      leaveBooks.run(id);
      setCustomer.run(customerId, id);
      enterBooks.run(id);
    },
    list: (f: TransactionFilter) =>
      list.all({
        customerId: f.customerId ?? null,
        status: f.status ?? null,
        createdBy: f.createdBy ?? null,
        cashierId: f.cashierId ?? null,
        beforeRowid: f.beforeRowid ?? null,
        limit: f.limit,
      }) as TransactionRow[],
  };
}
export type TransactionQueries = ReturnType<typeof transactionQueries>;
