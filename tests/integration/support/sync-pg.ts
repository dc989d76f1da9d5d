import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where the test Postgres is: DATABASE_URL, else the local trust-auth server. */
export function baseDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** DATABASE_URL's database, or the server's `postgres` database when that one does not exist. */
async function reachableBase(): Promise<URL> {
  const base = new URL(baseDatabaseUrl());
  const probe = new pg.Client({ connectionString: base.toString() });
  try {
    await probe.connect();
    return base;
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err;
    base.pathname = '/postgres';
    return base;
  } finally {
    await probe.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database of its own for one test file, so test files run side by side on
 * one server without seeing each other. Dropped (with FORCE) at the end.
 */
export async function createTestDatabase(prefix = 'kahera_test'): Promise<TestDatabase> {
  const base = await reachableBase();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
