import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';

/** migrations/central, resolved from this file so it works from any working directory. */
export const CENTRAL_MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/central/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * `NNNN_name.sql` files of a folder, in version order. Versions are unique; a gap is
 * tolerated because features numbered in parallel branches land in any order (each
 * missing version is applied when it arrives, see migrateCentral).
 */
export function loadMigrations(dir = CENTRAL_MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2] ?? '', sql: readFileSync(`${dir}/${m[0]}`, 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    const before = migrations[i - 1];
    if (m.version < 1 || (before && before.version === m.version)) throw new Error(`central migrations: duplicate or invalid version ${m.version}_${m.name}`);
  });
  return migrations;
}

// Any constant: several central instances starting at once take turns on it.
const MIGRATION_LOCK = 0x6b616865;

/**
 * Applies the pending migrations in one transaction and records each version.
 * Refuses a database whose schema is newer than this build (an older instance must
 * not write into a schema it does not know). Returns the schema version.
 */
export async function migrateCentral(pool: Pool, migrations = loadMigrations()): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const current = Math.max(0, ...applied);
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new Error(`central database schema is version ${current}, newer than this build (${latest}); refusing to start`);
    }
    for (const m of migrations.filter((x) => !applied.has(x.version))) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query('COMMIT');
    return latest;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
