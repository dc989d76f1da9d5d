import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Opens the store database with the settings money needs: WAL for concurrent readers,
 * `synchronous=FULL` so a committed settlement survives power loss (NORMAL is not an
 * option for the ledger), foreign keys on, and a busy timeout so writers from other
 * processes queue instead of failing, and a page cache sized for the store's working set.
 */
export function openDatabase(file: string, opts: { readonly?: boolean; busyTimeoutMs?: number } = {}): Db {
  const db = new Database(file, { readonly: opts.readonly ?? false, timeout: opts.busyTimeoutMs ?? 10_000 });
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // 64 MiB of page cache (the default is 2 MiB): a settlement touches a dozen B-trees, and
  // a store's working set (open transactions, today's facts, index tails) should stay in
  // memory rather than go back to the OS for every page.
  db.pragma('cache_size = -65536');
  // Savepoints (one per settlement in a group commit) and statement journals go to memory,
  // not to temp files: rolled back only within a live transaction, they need no durability.
  db.pragma('temp_store = MEMORY');
  return db;
}
