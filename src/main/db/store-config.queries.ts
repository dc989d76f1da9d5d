import type { Db } from './connection.js';

/** Settings and idempotency keys: the store's small bookkeeping tables. */
export function settingsQueries(db: Db) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const set = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings ORDER BY key');
  const pair = db.prepare<[string, string], { a: string | null; b: string | null }>(
    'SELECT (SELECT value FROM settings WHERE key = ?) AS a, (SELECT value FROM settings WHERE key = ?) AS b',
  );
  return {
    get: (key: string): string | undefined => get.get(key)?.value,
    set: (key: string, value: string) => set.run(key, value),
    /** Two settings in one statement (what settle reads on every payment). */
    pair: (a: string, b: string): [string | undefined, string | undefined] => {
      const r = pair.get(a, b)!;
      return [r.a ?? undefined, r.b ?? undefined];
    },
    all: () => Object.fromEntries(all.all().map((r) => [r.key, r.value])) as Record<string, string>,
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
