import type { Db } from './connection.js';

export interface ShiftRow {
  id: string;
  cashier_id: string;
  counter: string;
  /** The register the shift was opened at (NULL: opened before registers existed; counts for C1). */
  register_id: string | null;
  opening_float: number;
  status: 'open' | 'closed';
  opened_at: string;
  closed_at: string | null;
  closed_by: string | null;
  closed_business_date: string | null;
  expected_cash: number | null;
  counted_cash: number | null;
  over_short: number | null;
  force_closed: number;
  close_reason: string | null;
}

export interface DrawerMovementRow {
  id: string;
  shift_id: string;
  kind: 'paid_in' | 'paid_out' | 'refund';
  amount: number;
  reason: string;
  actor_id: string;
  refund_id: string | null;
  /** The admin who approved it (a paid-out over the store's limit). */
  approved_by: string | null;
  created_at: string;
}

/** A movement to insert: `approved_by` only for an approved paid-out. */
export type NewDrawerMovement = Omit<DrawerMovementRow, 'approved_by'> & { approved_by?: string | null };

export interface ShiftClose {
  id: string;
  closed_at: string;
  closed_by: string;
  closed_business_date: string;
  expected_cash: number;
  counted_cash: number;
  over_short: number;
  force_closed: number;
  close_reason: string | null;
}

export interface ClosedOnDay {
  closed: number;
  opening_float: number;
  expected_cash: number;
  counted_cash: number;
  over_short: number;
}

/** Shifts and their cash drawer movements. */
export function shiftQueries(db: Db) {
  const insert = db.prepare(
    `INSERT INTO shifts (id, cashier_id, counter, register_id, opening_float, opened_at)
     VALUES (@id, @cashier_id, @counter, @register_id, @opening_float, @opened_at)`,
  );
  const byId = db.prepare<[string], ShiftRow>('SELECT * FROM shifts WHERE id = ?');
  const openOfCashier = db.prepare<[string], ShiftRow>("SELECT * FROM shifts WHERE cashier_id = ? AND status = 'open'");
  const openAtCounter = db.prepare<[string], ShiftRow>("SELECT * FROM shifts WHERE counter = ? COLLATE NOCASE AND status = 'open'");
  const openAtRegister = db.prepare<[string], ShiftRow>("SELECT * FROM shifts WHERE register_id = ? AND status = 'open'");
  // WHERE status = 'open': of two closes racing, exactly one changes the row.
  const close = db.prepare(
    `UPDATE shifts SET status = 'closed', closed_at = @closed_at, closed_by = @closed_by,
       closed_business_date = @closed_business_date, expected_cash = @expected_cash, counted_cash = @counted_cash,
       over_short = @over_short, force_closed = @force_closed, close_reason = @close_reason
     WHERE id = @id AND status = 'open'`,
  );
  const list = db.prepare(
    `SELECT * FROM shifts WHERE (@status IS NULL OR status = @status) AND (@cashierId IS NULL OR cashier_id = @cashierId)
     ORDER BY opened_at DESC, id DESC LIMIT @limit`,
  );
  const insertMovement = db.prepare(
    `INSERT INTO drawer_movements (id, shift_id, kind, amount, reason, actor_id, refund_id, approved_by, created_at)
     VALUES (@id, @shift_id, @kind, @amount, @reason, @actor_id, @refund_id, @approved_by, @created_at)`,
  );
  const movements = db.prepare<[string], DrawerMovementRow>('SELECT * FROM drawer_movements WHERE shift_id = ? ORDER BY rowid');
  const movementTotals = db.prepare<[string], { paid_in: number; paid_out: number; refund: number }>(
    `SELECT coalesce(sum(CASE WHEN kind = 'paid_in' THEN amount END), 0) AS paid_in,
            coalesce(sum(CASE WHEN kind = 'paid_out' THEN amount END), 0) AS paid_out,
            coalesce(sum(CASE WHEN kind = 'refund' THEN amount END), 0) AS refund
     FROM drawer_movements WHERE shift_id = ?`,
  );
  // A register's shifts closed on a business date (shifts opened before registers existed are C1's).
  const closedOn = db.prepare<[string, string], ClosedOnDay>(
    `SELECT count(*) AS closed, coalesce(sum(opening_float), 0) AS opening_float,
            coalesce(sum(expected_cash), 0) AS expected_cash, coalesce(sum(counted_cash), 0) AS counted_cash,
            coalesce(sum(over_short), 0) AS over_short
     FROM shifts WHERE closed_business_date = ? AND coalesce(register_id, 'reg_c1') = ?`,
  );
  return {
    insert: (row: Pick<ShiftRow, 'id' | 'cashier_id' | 'counter' | 'register_id' | 'opening_float' | 'opened_at'>) => insert.run(row),
    get: (id: string) => byId.get(id),
    openOfCashier: (cashierId: string) => openOfCashier.get(cashierId),
    openAtCounter: (counter: string) => openAtCounter.get(counter),
    openAtRegister: (registerId: string) => openAtRegister.get(registerId),
    close: (c: ShiftClose): boolean => close.run(c).changes === 1,
    list: (f: { status?: 'open' | 'closed' | undefined; cashierId?: string | undefined; limit: number }) =>
      list.all({ status: f.status ?? null, cashierId: f.cashierId ?? null, limit: f.limit }) as ShiftRow[],
    insertMovement: (row: NewDrawerMovement) => insertMovement.run({ ...row, approved_by: row.approved_by ?? null }),
    movements: (shiftId: string) => movements.all(shiftId),
    movementTotals: (shiftId: string) => movementTotals.get(shiftId)!,
    closedOn: (businessDate: string, registerId: string) => closedOn.get(businessDate, registerId)!,
  };
}
export type ShiftQueries = ReturnType<typeof shiftQueries>;
