import type { Db } from './connection.js';

/** Settings, the OR series and idempotency keys: the store's small bookkeeping tables. */
export function settingsQueries(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const set = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings ORDER BY key');
  return {
    get: (key: string): string | undefined => get.get(key)?.value,
    set: (key: string, value: string) => set.run(key, value),
    all: () => Object.fromEntries(all.all().map((r) => [r.key, r.value])) as Record<string, string>,
  };
}

export function orSeriesQueries(db: Db) {
  const init = db.prepare<[string]>('INSERT OR IGNORE INTO or_series (id, prefix, last_number) VALUES (1, ?, 0)');
  const setPrefix = db.prepare<[string]>('UPDATE or_series SET prefix = ? WHERE id = 1');
  // Moves only inside the settlement's transaction: a rollback un-burns the number.
  const next = db.prepare<[], { prefix: string; last_number: number }>(
    'UPDATE or_series SET last_number = last_number + 1 WHERE id = 1 RETURNING prefix, last_number',
  );
  const peek = db.prepare<[], { prefix: string; last_number: number }>('SELECT prefix, last_number FROM or_series WHERE id = 1');
  return {
    init: (prefix: string) => init.run(prefix),
    setPrefix: (prefix: string) => setPrefix.run(prefix),
    next: () => {
      const row = next.get();
      if (!row) throw new Error('OR series is not initialised');
      return row;
    },
    peek: () => peek.get(),
  };
}

export function idempotencyQueries(db: Db) {
  const get = db.prepare<[string, string], { request_hash: string; response: string }>(
    'SELECT request_hash, response FROM idempotency_keys WHERE actor_id = ? AND key = ?',
  );
  const put = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO idempotency_keys (actor_id, key, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    get: (actorId: string, key: string) => get.get(actorId, key),
    put: (actorId: string, key: string, hash: string, response: unknown, at: string) =>
      put.run(actorId, key, hash, JSON.stringify(response), at),
    /** The same with the response already serialised. */
    putSerialized: (actorId: string, key: string, hash: string, responseJson: string, at: string) => put.run(actorId, key, hash, responseJson, at),
  };
}
