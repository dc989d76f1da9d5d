import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './connection.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database was written by a newer Kahera (schema version ${found}); this version understands up to ${supported}. ` +
        'Upgrade Kahera before opening it — nothing was changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** Where the store migrations live; overridable for packaged builds (extraResources). */
export function defaultStoreMigrationsDir(): string {
  return process.env.KAHERA_MIGRATIONS_DIR ?? fileURLToPath(new URL('../../../migrations/store', import.meta.url));
}

/** Reads `NNNN_name.sql` files in order; numbering must be 1..N without gaps. */
export function loadMigrations(dir: string): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  return files.map((f, i) => {
    const version = Number(f.slice(0, 4));
    if (version !== i + 1) throw new Error(`migration ${f} is out of sequence (expected ${String(i + 1).padStart(4, '0')})`);
    return { version, name: f.slice(5, -4), sql: readFileSync(join(dir, f), 'utf8') };
  });
}

/**
 * Applies pending migrations in one transaction and records the version in
 * `PRAGMA user_version`. A database newer than the app is refused untouched.
 * Returns the versions applied.
 */
export function migrate(db: Db, migrations: Migration[]): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  // Foreign keys are off while migrations run (SQLite ignores the pragma inside a
  // transaction), so a migration can rebuild a parent table the way SQLite documents it
  // (create, copy, drop, rename); before the commit every reference must still hold.
  const fk = db.pragma('foreign_keys', { simple: true }) as number;
  if (fk) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) db.exec(m.sql);
      const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
      if (broken.length > 0) {
        throw new Error(`migration left ${broken.length} broken foreign key(s), e.g. ${broken[0]!.table} → ${broken[0]!.parent}; nothing was changed`);
      }
      // user_version cannot be bound as a parameter; the value is an integer we computed.
      db.pragma(`user_version = ${latest}`);
    }).immediate();
  } finally {
    if (fk) db.pragma('foreign_keys = ON');
  }
  return pending.map((m) => m.version);
}
