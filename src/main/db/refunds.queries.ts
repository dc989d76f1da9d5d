import type { TenderMethod } from '../../shared/common.js';
import type { Db } from './connection.js';

export interface RefundRow {
  id: string;
  settlement_id: string;
  amount: number;
  method: TenderMethod;
  reference: string | null;
  reason: string;
  shift_id: string | null;
  actor_id: string;
  created_at: string;
}

/** Refunds: money handed back against a posted settlement. */
export function refundQueries(db: Db) {
  const insert = db.prepare(
    `INSERT INTO refunds (id, settlement_id, amount, method, reference, reason, shift_id, actor_id, created_at)
     VALUES (@id, @settlement_id, @amount, @method, @reference, @reason, @shift_id, @actor_id, @created_at)`,
  );
  const byId = db.prepare<[string], RefundRow>('SELECT * FROM refunds WHERE id = ?');
  const ofSettlement = db.prepare<[string], RefundRow>('SELECT * FROM refunds WHERE settlement_id = ? ORDER BY rowid');
  const refunded = db.prepare<[string], { n: number }>('SELECT coalesce(sum(amount), 0) AS n FROM refunds WHERE settlement_id = ?');
  // Per allocation of the settlement: what is still refundable (allocated − refunded so far).
  const refundable = db.prepare<[string], { transaction_id: string; amount: number; refunded: number }>(
    `SELECT a.transaction_id, a.amount,
       coalesce((SELECT -sum(t.amount) FROM allocation_tax t
                 WHERE t.settlement_id = a.settlement_id AND t.transaction_id = a.transaction_id AND t.kind = 'refund'), 0) AS refunded
     FROM allocations a WHERE a.settlement_id = ? AND a.live = 1 ORDER BY a.rowid`,
  );
  return {
    insert: (row: RefundRow) => insert.run(row),
    get: (id: string) => byId.get(id),
    ofSettlement: (settlementId: string) => ofSettlement.all(settlementId),
    refundedAmount: (settlementId: string) => refunded.get(settlementId)?.n ?? 0,
    refundableByAllocation: (settlementId: string) => refundable.all(settlementId),
  };
}
export type RefundQueries = ReturnType<typeof refundQueries>;
