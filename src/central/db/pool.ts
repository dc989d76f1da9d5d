import pg from 'pg';

/**
 * One pool per central instance; the instance keeps no other state. A session that
 * dies mid-push (its instance killed, its network gone) must not keep a store's cursor
 * row locked: idle transactions end after a minute, and a push that cannot get the
 * lock within 30 s fails (the hub retries) rather than queueing forever.
 */
export function createPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    options: '-c idle_in_transaction_session_timeout=60000 -c lock_timeout=30000',
  });
  // An idle client losing its connection (Postgres restart) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/** bigint and numeric columns arrive as strings; every value here is a safe integer. */
export function toInt(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${value}`);
  return n;
}
