import type { Db } from './connection.js';

export interface RegisterRow {
  id: string;
  code: string;
  name: string;
  min: string | null;
  serial_no: string | null;
  ptu_no: string | null;
  ptu_date: string | null;
  active: number;
  created_at: string;
}

export interface SeriesRow {
  register_id: string;
  kind: 'or' | 'si';
  prefix: string;
  last_number: number;
  issued_total: number;
}

/** The id migration 0009 gives register C1 (a fresh store's only register). */
export const FIRST_REGISTER_ID = 'reg_c1';

/** Registers and their document series (migration 0009). */
export function registerQueries(db: Db) {
  const all = db.prepare<[], RegisterRow>('SELECT * FROM registers ORDER BY code COLLATE NOCASE, id');
  const byId = db.prepare<[string], RegisterRow>('SELECT * FROM registers WHERE id = ?');
  const byCode = db.prepare<[string], RegisterRow>('SELECT * FROM registers WHERE code = ? COLLATE NOCASE');
  const insert = db.prepare(
    `INSERT INTO registers (id, code, name, min, serial_no, ptu_no, ptu_date, active, created_at)
     VALUES (@id, @code, @name, @min, @serial_no, @ptu_no, @ptu_date, 1, @created_at)`,
  );
  const update = db.prepare(
    `UPDATE registers SET code = @code, name = @name, min = @min, serial_no = @serial_no, ptu_no = @ptu_no, ptu_date = @ptu_date,
       active = @active WHERE id = @id`,
  );
  const initSeries = db.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO document_series (register_id, kind, prefix) VALUES (?, ?, ?)',
  );
  const setPrefix = db.prepare<[string, string, string]>('UPDATE document_series SET prefix = ? WHERE register_id = ? AND kind = ?');
  // Moves only inside the document's transaction: a rollback un-burns the number. The
  // register's accumulated total moves in the same statement, so it can never disagree.
  const next = db.prepare<[number, string, string], { prefix: string; last_number: number }>(
    `UPDATE document_series SET last_number = last_number + 1, issued_total = issued_total + ?
     WHERE register_id = ? AND kind = ? RETURNING prefix, last_number`,
  );
  const series = db.prepare<[string, string], SeriesRow>('SELECT * FROM document_series WHERE register_id = ? AND kind = ?');
  const used = db.prepare<[string, string], { n: number }>(
    `SELECT (SELECT count(*) FROM shifts WHERE register_id = ?) + (SELECT coalesce(sum(last_number), 0) FROM document_series WHERE register_id = ?) AS n`,
  );
  const allSeries = db.prepare<[], SeriesRow>('SELECT * FROM document_series ORDER BY register_id, kind');
  return {
    all: () => all.all(),
    get: (id: string) => byId.get(id),
    byCode: (code: string) => byCode.get(code),
    insert: (r: Omit<RegisterRow, 'active'>) => insert.run(r),
    update: (r: Omit<RegisterRow, 'created_at'>) => update.run(r).changes === 1,
    initSeries: (registerId: string, kind: SeriesRow['kind'], prefix: string) => initSeries.run(registerId, kind, prefix),
    setPrefix: (registerId: string, kind: SeriesRow['kind'], prefix: string) => setPrefix.run(prefix, registerId, kind),
    /** The next number of a register's series, adding `amount` to its accumulated total. */
    next: (registerId: string, kind: SeriesRow['kind'], amount: number) => {
      const row = next.get(amount, registerId, kind);
      if (!row) throw new Error(`register ${registerId} has no ${kind} series`);
      return row;
    },
    series: (registerId: string, kind: SeriesRow['kind']) => series.get(registerId, kind),
    allSeries: () => allSeries.all(),
    /** Whether the register has had a shift or issued a document (its code is then fixed). */
    inUse: (id: string) => used.get(id, id)!.n > 0,
  };
}
export type RegisterQueries = ReturnType<typeof registerQueries>;
