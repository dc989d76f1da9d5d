import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ELECTRON_BINDING_ENV } from './sqlite-binding.js';

export type Db = Database.Database;

/**
 * The binding named by `KAHERA_SQLITE_BINDING`, honoured only inside Electron: `npm start`
 * (or the Electron entry, src/main/index.ts) sets it to a copy of better-sqlite3 built for
 * Electron's ABI (see sqlite-binding.ts); worker threads inherit it with the env. Plain
 * Node (tests, the headless hub) always loads the binding npm built for it.
 */
export function nativeBindingFromEnv(env: NodeJS.ProcessEnv = process.env, versions: NodeJS.ProcessVersions = process.versions): string | undefined {
  if (!versions.electron) return undefined;
  const v = env[ELECTRON_BINDING_ENV];
  return v ? v : undefined;
}

/** better-sqlite3 options naming that binding, for connections opened without openDatabase. */
export function nativeBindingOption(): { nativeBinding?: string } {
  const nativeBinding = nativeBindingFromEnv();
  return nativeBinding ? { nativeBinding } : {};
}

/** Only the hub's OS user reads the ledger: the database and its -wal/-shm are 0600. */
const FILE_MODE = 0o600;

function tighten(file: string): void {
  try {
    if ((statSync(file).mode & 0o777) !== FILE_MODE) chmodSync(file, FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * Creates the database file 0600 before SQLite opens it (SQLite would create it 0644
 * less the umask, and gives the -wal and -shm files the database file's mode), and
 * tightens files an older version or a restored backup left readable by others.
 */
function ensurePrivate(file: string): void {
  if (file === '' || file === ':memory:' || file.startsWith('file:')) return;
  // The mode applies only when the file is created here; a umask can narrow it, never widen it.
  closeSync(openSync(file, 'a', FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) tighten(f);
}

/**
 * Opens the store database with the settings money needs: WAL for concurrent readers,
 * `synchronous=FULL` so a committed settlement survives power loss (NORMAL is not an
 * option for the ledger), foreign keys on, and a busy timeout so writers from other
 * processes queue instead of failing, and a page cache sized for the store's working set.
 * `nativeBinding`: the better-sqlite3 addon file to load (default: under Electron
 * `KAHERA_SQLITE_BINDING`, else the one npm built).
 */
export function openDatabase(file: string, opts: { readonly?: boolean; busyTimeoutMs?: number; nativeBinding?: string } = {}): Db {
  const readonly = opts.readonly ?? false;
  if (!readonly) ensurePrivate(file);
  const nativeBinding = opts.nativeBinding ?? nativeBindingFromEnv();
  const db = new Database(file, { readonly, timeout: opts.busyTimeoutMs ?? 10_000, ...(nativeBinding ? { nativeBinding } : {}) });
  if (!readonly) db.pragma('journal_mode = WAL');
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
