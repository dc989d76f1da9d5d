import type { Db } from './connection.js';

export interface SettlementRow {
  rowid: number;
  id: string;
  or_number: string;
  or_counter: number;
  /** The register whose series issued the number (migration 0009). */
  register_id: string;
  /** `sales_invoice`: the payment is its sale's SI (numbered from the SI series); else an OR (migration 0010). */
  document_type: 'collection_receipt' | 'sales_invoice';
  customer_id: string;
  amount: number;
  tender_method: string;
  tender_reference: string | null;
  tendered: number | null;
  change_amount: number;
  credit_kept: number;
  credit_used: number;
  strategy: string;
  status: 'posted' | 'void';
  cashier_id: string;
  shift_id: string | null;
  created_at: string;
  voided_at: string | null;
  voided_by: string | null;
  void_reason: string | null;
  reprint_count: number;
}

export interface AllocationRow {
  settlement_id: string;
  transaction_id: string;
  amount: number;
  live: number;
}

export interface SettlementFilter {
  status?: 'posted' | 'void' | undefined;
  cashierId?: string | undefined;
  beforeRowid?: number | undefined;
  limit: number;
}

export function settlementQueries(db: Db) {
  // Positional parameters: binding sixteen named ones costs a property lookup by name each (hot path).
  const insert = db.prepare(
    `INSERT INTO settlements (id, or_number, or_counter, register_id, document_type, customer_id, amount, tender_method,
       tender_reference, tendered, change_amount, credit_kept, credit_used, strategy, cashier_id, shift_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAllocation = db.prepare<[string, string, number]>(
    'INSERT INTO allocations (settlement_id, transaction_id, amount) VALUES (?, ?, ?)',
  );
  const byId = db.prepare<[string], SettlementRow>('SELECT rowid, * FROM settlements WHERE id = ?');
  const allocationsOf = db.prepare<[string], AllocationRow>(
    'SELECT * FROM allocations WHERE settlement_id = ? ORDER BY rowid',
  );
  const allocationsOfMany = db.prepare<[string], AllocationRow>(
    'SELECT * FROM allocations WHERE settlement_id IN (SELECT value FROM json_each(?)) ORDER BY rowid',
  );
  const markVoid = db.prepare<[string, string, string, string]>(
    `UPDATE settlements SET status = 'void', voided_at = ?, voided_by = ?, void_reason = ?
     WHERE id = ? AND status = 'posted'`,
  );
  const killAllocations = db.prepare<[string]>('UPDATE allocations SET live = 0 WHERE settlement_id = ?');
  const reprint = db.prepare<[string]>('UPDATE settlements SET reprint_count = reprint_count + 1 WHERE id = ?');
  const list = db.prepare(
    `SELECT rowid, * FROM settlements
     WHERE (@status IS NULL OR status = @status) AND (@cashierId IS NULL OR cashier_id = @cashierId)
       AND (@beforeRowid IS NULL OR rowid < @beforeRowid)
     ORDER BY rowid DESC LIMIT @limit`,
  );
  const lastSettledBy = db.prepare<[string, string], { or_number: string; cashier_id: string }>(
    `SELECT s.or_number, s.cashier_id FROM allocations a JOIN settlements s ON s.id = a.settlement_id
     WHERE a.transaction_id = ? AND s.cashier_id = ? LIMIT 1`,
  );
  return {
    insert: (r: Omit<SettlementRow, 'rowid' | 'status' | 'voided_at' | 'voided_by' | 'void_reason' | 'reprint_count'>) =>
      insert.run(
        r.id, r.or_number, r.or_counter, r.register_id, r.document_type, r.customer_id, r.amount, r.tender_method, r.tender_reference,
        r.tendered, r.change_amount, r.credit_kept, r.credit_used, r.strategy, r.cashier_id, r.shift_id, r.created_at,
      ),
    insertAllocation: (settlementId: string, transactionId: string, amount: number) =>
      insertAllocation.run(settlementId, transactionId, amount),
    get: (id: string) => byId.get(id),
    allocations: (id: string) => allocationsOf.all(id),
    allocationsOfMany: (ids: string[]) => allocationsOfMany.all(JSON.stringify(ids)),
    markVoid: (id: string, at: string, by: string, reason: string) => markVoid.run(at, by, reason, id).changes === 1,
    killAllocations: (id: string) => killAllocations.run(id),
    countReprint: (id: string) => reprint.run(id).changes === 1,
    list: (f: SettlementFilter) =>
      list.all({ status: f.status ?? null, cashierId: f.cashierId ?? null, beforeRowid: f.beforeRowid ?? null, limit: f.limit }) as SettlementRow[],
    /** Whether `cashierId` settled anything on this transaction (cashier scope). */
    settledBy: (transactionId: string, cashierId: string) => lastSettledBy.get(transactionId, cashierId) !== undefined,
  };
}
export type SettlementQueries = ReturnType<typeof settlementQueries>;
