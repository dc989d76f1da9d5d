import type { LedgerEntryType } from '../../shared/common.js';
import type { Db } from './connection.js';

export interface LedgerRow {
  id: number;
  customer_id: string;
  type: LedgerEntryType;
  amount: number;
  balance_before: number;
  balance_after: number;
  or_number: string | null;
  transaction_id: string | null;
  settlement_id: string | null;
  actor_id: string;
  reason: string | null;
  created_at: string;
}

export type NewLedgerEntry = Omit<LedgerRow, 'id' | 'balance_before' | 'balance_after'>;

export function ledgerQueries(db: Db) {
  const last = db.prepare<[string], { balance_after: number }>(
    'SELECT balance_after FROM ledger_entries WHERE customer_id = ? ORDER BY id DESC LIMIT 1',
  );
  // Positional parameters (hot path: every settlement appends one entry per allocation).
  const insertStmt = db.prepare(
    `INSERT INTO ledger_entries (customer_id, type, amount, balance_before, balance_after, or_number,
       transaction_id, settlement_id, actor_id, reason, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insert = (e: NewLedgerEntry, before: number) =>
    insertStmt.run(
      e.customer_id, e.type, e.amount, before, before + e.amount, e.or_number,
      e.transaction_id, e.settlement_id, e.actor_id, e.reason, e.created_at,
    );
  const page = db.prepare<[{ customerId: string; type: string | null; limit: number; offset: number }], LedgerRow>(
    `SELECT * FROM ledger_entries WHERE customer_id = @customerId AND (@type IS NULL OR type = @type)
     ORDER BY id DESC LIMIT @limit OFFSET @offset`,
  );
  const count = db.prepare<[{ customerId: string; type: string | null }], { n: number }>(
    'SELECT count(*) AS n FROM ledger_entries WHERE customer_id = @customerId AND (@type IS NULL OR type = @type)',
  );
  const all = db.prepare<[string], LedgerRow>('SELECT * FROM ledger_entries WHERE customer_id = ? ORDER BY id');
  const balanceOf = (customerId: string): number => last.get(customerId)?.balance_after ?? 0;
  return {
    balance: balanceOf,
    /**
     * Appends one entry, chaining balance_before/after from the customer's last entry.
     * Must run inside the business write's transaction so the chain cannot fork.
     */
    append: (e: NewLedgerEntry): LedgerRow => {
      const before = balanceOf(e.customer_id);
      const row = { ...e, balance_before: before, balance_after: before + e.amount };
      const info = insert(e, before);
      return { ...row, id: Number(info.lastInsertRowid) };
    },
    /** Appends several entries of one customer, reading the chain head once. */
    appendChain: (entries: NewLedgerEntry[]): void => {
      if (entries.length === 0) return;
      let balance = balanceOf(entries[0]!.customer_id);
      for (const e of entries) {
        if (e.customer_id !== entries[0]!.customer_id) throw new Error('appendChain takes one customer');
        insert(e, balance);
        balance += e.amount;
      }
    },
    page: (customerId: string, type: string | null, limit: number, offset: number) => page.all({ customerId, type, limit, offset }),
    count: (customerId: string, type: string | null) => count.get({ customerId, type })?.n ?? 0,
    allFor: (customerId: string) => all.all(customerId),
  };
}
export type LedgerQueries = ReturnType<typeof ledgerQueries>;
