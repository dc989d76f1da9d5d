import type Database from 'better-sqlite3';
import type pg from 'pg';

export interface HeldEvent {
  seq: number;
  type: string;
  occurredAt: string;
  payload: unknown;
}

/** Everything central holds for a store, in seq order. */
export async function centralEvents(pool: pg.Pool, storeId: string): Promise<HeldEvent[]> {
  const { rows } = await pool.query<{ seq: string; type: string; occurred_at: Date; payload: unknown }>(
    'SELECT seq, type, occurred_at, payload FROM store_events WHERE store_id = $1 ORDER BY seq',
    [storeId],
  );
  return rows.map((r) => ({ seq: Number(r.seq), type: r.type, occurredAt: r.occurred_at.toISOString(), payload: r.payload }));
}

/** The hub's outbox, in seq order. */
export function hubEvents(db: Database.Database): HeldEvent[] {
  const rows = db.prepare('SELECT seq, type, occurred_at, payload FROM events ORDER BY seq').all() as {
    seq: number;
    type: string;
    occurred_at: string;
    payload: string;
  }[];
  return rows.map((r) => ({ seq: r.seq, type: r.type, occurredAt: r.occurred_at, payload: JSON.parse(r.payload) as unknown }));
}

/** Seq statistics of what central holds: exactly-once means count = distinct = max and min = 1. */
export async function centralSeqStats(pool: pg.Pool, storeId: string) {
  const { rows } = await pool.query<{ n: string; distinct_seqs: string; min: string | null; max: string | null; acked: string }>(
    `SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seqs, min(seq) AS min, max(seq) AS max,
            (SELECT acked_through FROM store_cursors WHERE store_id = $1) AS acked
       FROM store_events WHERE store_id = $1`,
    [storeId],
  );
  const r = rows[0]!;
  return { count: Number(r.n), distinct: Number(r.distinct_seqs), min: Number(r.min ?? 0), max: Number(r.max ?? 0), ackedThrough: Number(r.acked) };
}

/** Polls `check` until it returns true; fails with `what` if that takes longer than `ms`. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, ms = 30_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
