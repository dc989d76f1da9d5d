import type { Db } from './connection.js';

export interface VoidRequestRow {
  id: string;
  settlement_id: string;
  requested_by: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  created_at: string;
}

/** A request joined with the receipt it is about (OR number, amount) for lists. */
export interface VoidRequestView extends VoidRequestRow {
  or_number: string;
  amount: number;
}

const SELECT_VIEW = `SELECT r.*, s.or_number, s.amount FROM void_requests r JOIN settlements s ON s.id = r.settlement_id`;

/** Void requests: a cashier's ask for a void, and the admin's decision. */
export function voidRequestQueries(db: Db) {
  const insert = db.prepare(
    `INSERT INTO void_requests (id, settlement_id, requested_by, reason, status, created_at)
     VALUES (@id, @settlement_id, @requested_by, @reason, 'pending', @created_at)`,
  );
  // Only a pending request can be decided; `changes = 0` means someone decided it first.
  const decide = db.prepare<{ id: string; status: 'approved' | 'rejected'; decided_by: string; decided_at: string; decision_note: string | null }>(
    `UPDATE void_requests SET status = @status, decided_by = @decided_by, decided_at = @decided_at, decision_note = @decision_note
     WHERE id = @id AND status = 'pending'`,
  );
  const byId = db.prepare<[string], VoidRequestView>(`${SELECT_VIEW} WHERE r.id = ?`);
  const pendingOf = db.prepare<[string], VoidRequestRow>(`SELECT * FROM void_requests WHERE settlement_id = ? AND status = 'pending'`);
  const list = db.prepare<{ status: string | null; requested_by: string | null; limit: number }, VoidRequestView>(
    `${SELECT_VIEW}
     WHERE (@status IS NULL OR r.status = @status) AND (@requested_by IS NULL OR r.requested_by = @requested_by)
     ORDER BY r.rowid DESC LIMIT @limit`,
  );
  return {
    insert: (row: Pick<VoidRequestRow, 'id' | 'settlement_id' | 'requested_by' | 'reason' | 'created_at'>) => insert.run(row),
    decide: (row: { id: string; status: 'approved' | 'rejected'; decided_by: string; decided_at: string; decision_note: string | null }) =>
      decide.run(row).changes === 1,
    get: (id: string) => byId.get(id),
    pendingOf: (settlementId: string) => pendingOf.get(settlementId),
    list: (f: { status?: string | undefined; requestedBy?: string | undefined; limit: number }) =>
      list.all({ status: f.status ?? null, requested_by: f.requestedBy ?? null, limit: f.limit }),
  };
}
export type VoidRequestQueries = ReturnType<typeof voidRequestQueries>;
