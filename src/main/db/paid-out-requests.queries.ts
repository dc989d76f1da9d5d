import type { Db } from './connection.js';

export type PaidOutRequestStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

export interface PaidOutRequestRow {
  id: string;
  shift_id: string;
  amount: number;
  reason: string;
  requested_by: string;
  status: PaidOutRequestStatus;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  movement_id: string | null;
  created_at: string;
}

/** A request with the counter of its shift, for lists. */
export interface PaidOutRequestView extends PaidOutRequestRow {
  counter: string;
}

export interface PaidOutDecision {
  id: string;
  status: Exclude<PaidOutRequestStatus, 'pending'>;
  decided_by: string;
  decided_at: string;
  decision_note: string | null;
  movement_id: string | null;
}

const SELECT_VIEW = 'SELECT r.*, s.counter FROM paid_out_requests r JOIN shifts s ON s.id = r.shift_id';

/** Paid-out requests: a cashier's paid-out over the store's limit, and the admin's decision. */
export function paidOutRequestQueries(db: Db) {
  const insert = db.prepare(
    `INSERT INTO paid_out_requests (id, shift_id, amount, reason, requested_by, status, created_at)
     VALUES (@id, @shift_id, @amount, @reason, @requested_by, 'pending', @created_at)`,
  );
  // Only a pending request can be decided; `changes = 0` means someone decided it first.
  const decide = db.prepare<PaidOutDecision>(
    `UPDATE paid_out_requests SET status = @status, decided_by = @decided_by, decided_at = @decided_at,
       decision_note = @decision_note, movement_id = @movement_id
     WHERE id = @id AND status = 'pending'`,
  );
  const byId = db.prepare<[string], PaidOutRequestView>(`${SELECT_VIEW} WHERE r.id = ?`);
  const pendingOfShift = db.prepare<[string], PaidOutRequestRow>(`SELECT * FROM paid_out_requests WHERE shift_id = ? AND status = 'pending'`);
  const list = db.prepare<{ status: string | null; requested_by: string | null; shift_id: string | null; limit: number }, PaidOutRequestView>(
    `${SELECT_VIEW}
     WHERE (@status IS NULL OR r.status = @status) AND (@requested_by IS NULL OR r.requested_by = @requested_by)
       AND (@shift_id IS NULL OR r.shift_id = @shift_id)
     ORDER BY r.rowid DESC LIMIT @limit`,
  );
  return {
    insert: (row: Pick<PaidOutRequestRow, 'id' | 'shift_id' | 'amount' | 'reason' | 'requested_by' | 'created_at'>) => insert.run(row),
    decide: (d: PaidOutDecision): boolean => decide.run(d).changes === 1,
    get: (id: string) => byId.get(id),
    pendingOfShift: (shiftId: string) => pendingOfShift.get(shiftId),
    list: (f: { status?: string | undefined; requestedBy?: string | undefined; shiftId?: string | undefined; limit: number }) =>
      list.all({ status: f.status ?? null, requested_by: f.requestedBy ?? null, shift_id: f.shiftId ?? null, limit: f.limit }),
  };
}
export type PaidOutRequestQueries = ReturnType<typeof paidOutRequestQueries>;
