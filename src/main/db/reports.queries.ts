import type { Db } from './connection.js';
import type { LedgerRow } from './ledger.queries.js';

/**
 * Read-only queries of the back office: dashboard figures, store-wide ledger pages and
 * CSV, calendar, and the small look-ups terminals need. Dates are calendar dates on the
 * store's clock — `date(x, @tz)` with the store's UTC offset as an SQLite modifier
 * (`'+480 minutes'` for Manila), whatever zone the hub PC is set to — the day a cashier
 * would write down and the date the paper shows.
 */
export interface LedgerListRow extends LedgerRow {
  customer_name: string;
  actor_name: string | null;
}

export interface LedgerListFilter {
  customerId: string | null;
  type: string | null;
  from: string | null;
  to: string | null;
}

const LEDGER_WHERE = `(@customerId IS NULL OR l.customer_id = @customerId)
  AND (@type IS NULL OR l.type = @type)
  AND (@from IS NULL OR date(l.created_at, @tz) >= @from)
  AND (@to IS NULL OR date(l.created_at, @tz) <= @to)`;

/** The SQLite date modifier of a UTC offset in minutes: 480 → `'+480 minutes'`. */
export function tzModifier(offsetMinutes: number): string {
  return `${offsetMinutes >= 0 ? '+' : '-'}${Math.abs(offsetMinutes)} minutes`;
}

/** `tz()` is read at every call: the store's offset is a setting and may change. */
export function reportQueries(db: Db, tz: () => string) {
  const collections = db.prepare<{ day: string; tz: string }, { method: string; count: number; amount: number }>(
    `SELECT tender_method AS method, count(*) AS count, sum(amount) AS amount FROM settlements
     WHERE status = 'posted' AND date(created_at, @tz) = @day GROUP BY tender_method`,
  );
  const voids = db.prepare<{ day: string; tz: string }, { count: number; amount: number | null }>(
    `SELECT count(*) AS count, sum(amount) AS amount FROM settlements
     WHERE status = 'void' AND date(voided_at, @tz) = @day`,
  );
  const outstanding = db.prepare<[], { amount: number | null; transactions: number; customers: number }>(
    `SELECT sum(total_amount - paid_amount) AS amount, count(*) AS transactions, count(DISTINCT customer_id) AS customers
     FROM transactions WHERE voided = 0 AND paid_amount < total_amount`,
  );
  // Age from the due date when there is one, else from the day it was created.
  const aging = db.prepare<{ day: string; tz: string }, { bucket: string; amount: number; count: number }>(
    `SELECT CASE
        WHEN age <= 30 THEN '0-30' WHEN age <= 60 THEN '31-60' WHEN age <= 90 THEN '61-90' ELSE '90+' END AS bucket,
        sum(balance) AS amount, count(*) AS count
     FROM (SELECT total_amount - paid_amount AS balance,
             max(0, julianday(@day) - julianday(coalesce(due_date, date(created_at, @tz)))) AS age
           FROM transactions WHERE voided = 0 AND paid_amount < total_amount)
     GROUP BY bucket`,
  );
  const avgDaysToPay = db.prepare<{ since: string }, { days: number | null }>(
    `SELECT avg(julianday(m.paid_at) - julianday(t.created_at)) AS days
     FROM transactions t
     JOIN (SELECT a.transaction_id, max(s.created_at) AS paid_at FROM allocations a
           JOIN settlements s ON s.id = a.settlement_id WHERE a.live = 1 GROUP BY a.transaction_id) m
       ON m.transaction_id = t.id
     WHERE t.voided = 0 AND t.paid_amount = t.total_amount AND m.paid_at >= @since`,
  );
  const creditUse = db.prepare<[], { id: string; name: string; credit_limit: number; owing: number }>(
    `SELECT c.id, c.name, c.credit_limit,
       coalesce((SELECT balance_after FROM ledger_entries l WHERE l.customer_id = c.id ORDER BY l.id DESC LIMIT 1), 0) AS owing
     FROM customers c WHERE c.credit_limit IS NOT NULL`,
  );
  const daily = db.prepare<{ from: string; tz: string }, { date: string; amount: number }>(
    `SELECT date(created_at, @tz) AS date, sum(amount) AS amount FROM settlements
     WHERE status = 'posted' AND date(created_at, @tz) >= @from GROUP BY 1 ORDER BY 1`,
  );
  // Two statements rather than one with `@customerId IS NULL OR …`: SQLite cannot walk an
  // index range through an OR with a parameter test, so the one-statement form scanned the
  // whole book from the top for every page. Here the keyset bound (`l.id < @beforeId`, open
  // when none is given) is a rowid range, and a customer's page walks ledger_customer.
  const PAGE_SELECT = `SELECT l.*, c.name AS customer_name, u.display_name AS actor_name
     FROM ledger_entries l JOIN customers c ON c.id = l.customer_id LEFT JOIN users u ON u.id = l.actor_id`;
  const PAGE_REST = `AND (@type IS NULL OR l.type = @type)
       AND (@from IS NULL OR date(l.created_at, @tz) >= @from)
       AND (@to IS NULL OR date(l.created_at, @tz) <= @to)
     ORDER BY l.id DESC LIMIT @limit OFFSET @offset`;
  const ledgerPageStore = db.prepare(`${PAGE_SELECT} WHERE l.id < @beforeId ${PAGE_REST}`);
  const ledgerPageCustomer = db.prepare(`${PAGE_SELECT} WHERE l.customer_id = @customerId AND l.id < @beforeId ${PAGE_REST}`);
  const ledgerCount = db.prepare(`SELECT count(*) AS n FROM ledger_entries l WHERE ${LEDGER_WHERE}`);
  const ledgerAll = db.prepare(
    `SELECT l.*, c.name AS customer_name, u.display_name AS actor_name
     FROM ledger_entries l JOIN customers c ON c.id = l.customer_id LEFT JOIN users u ON u.id = l.actor_id
     WHERE ${LEDGER_WHERE} ORDER BY l.id`,
  );
  const dueBetween = db.prepare<{ from: string; to: string }, {
    due_date: string; id: string; customer_id: string; name: string; balance: number; paid_amount: number; total_amount: number;
  }>(
    `SELECT t.due_date, t.id, t.customer_id, c.name, t.total_amount - t.paid_amount AS balance, t.paid_amount, t.total_amount
     FROM transactions t JOIN customers c ON c.id = t.customer_id
     WHERE t.voided = 0 AND t.paid_amount < t.total_amount AND t.due_date BETWEEN @from AND @to
     ORDER BY t.due_date, c.name LIMIT 2000`,
  );
  const paymentsBetween = db.prepare<{ from: string; to: string; tz: string }, {
    date: string; id: string; or_number: string; name: string; amount: number; status: string;
  }>(
    `SELECT date(s.created_at, @tz) AS date, s.id, s.or_number, c.name, s.amount, s.status
     FROM settlements s JOIN customers c ON c.id = s.customer_id
     WHERE date(s.created_at, @tz) BETWEEN @from AND @to ORDER BY s.rowid LIMIT 5000`,
  );
  const latestOr = db.prepare<[string], {
    transaction_id: string; or_number: string; status: string; created_at: string; voided_at: string | null;
  }>(
    `SELECT a.transaction_id, s.or_number, s.status, s.created_at, s.voided_at
     FROM allocations a JOIN settlements s ON s.id = a.settlement_id
     WHERE a.transaction_id IN (SELECT value FROM json_each(?)) ORDER BY s.rowid`,
  );

  return {
    collections: (day: string) => collections.all({ day, tz: tz() }),
    voids: (day: string) => voids.get({ day, tz: tz() })!,
    outstanding: () => outstanding.get()!,
    aging: (day: string) => aging.all({ day, tz: tz() }),
    avgDaysToPay: (since: string) => avgDaysToPay.get({ since })?.days ?? null,
    creditUse: () => creditUse.all(),
    daily: (from: string) => daily.all({ from, tz: tz() }),
    ledgerPage: (f: LedgerListFilter, limit: number, offset: number, beforeId: number | null = null) => {
      const params = { type: f.type, from: f.from, to: f.to, limit, offset, beforeId: beforeId ?? Number.MAX_SAFE_INTEGER, tz: tz() };
      return (f.customerId === null ? ledgerPageStore.all(params) : ledgerPageCustomer.all({ ...params, customerId: f.customerId })) as LedgerListRow[];
    },
    ledgerCount: (f: LedgerListFilter) => (ledgerCount.get({ ...f, tz: tz() }) as { n: number }).n,
    ledgerIterate: (f: LedgerListFilter) => ledgerAll.iterate({ ...f, tz: tz() }) as IterableIterator<LedgerListRow>,
    dueBetween: (from: string, to: string) => dueBetween.all({ from, to }),
    paymentsBetween: (from: string, to: string) => paymentsBetween.all({ from, to, tz: tz() }),
    latestOr: (ids: string[]) => latestOr.all(JSON.stringify(ids)),
  };
}
export type ReportQueries = ReturnType<typeof reportQueries>;
