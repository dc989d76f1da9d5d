import type { Db } from './connection.js';

/** Reads the hub needs to decide who may see a transaction (domain.md, Roles). */
export function scopeQueries(db: Db) {
  // Voided settlements count too: a cashier who took a payment keeps seeing what
  // happens to that transaction, including the void of their receipt.
  const settlers = db.prepare<[string], { cashier_id: string }>(
    `SELECT DISTINCT s.cashier_id FROM allocations a JOIN settlements s ON s.id = a.settlement_id
     WHERE a.transaction_id = ?`,
  );
  return {
    /** Ids of everyone who took a settlement allocated to this transaction. */
    settlersOf: (transactionId: string): string[] => settlers.all(transactionId).map((r) => r.cashier_id),
  };
}
export type ScopeQueries = ReturnType<typeof scopeQueries>;
