import { openTestStore } from './support/bir-setup.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection.js';
import { DatabaseTooNewError, defaultStoreMigrationsDir, loadMigrations, migrate } from '../../src/main/db/migrate.js';
import { auditStore } from '../../src/main/services/audit.js';
import { cashier, sales } from './support/ledger-fixtures.js';

const migrations = loadMigrations(defaultStoreMigrationsDir());
const latest = migrations[migrations.length - 1]!.version;

describe('store migrations', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kahera-mig-'));
    file = join(dir, 'store.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are numbered 1..N without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
  });

  it('migrate an empty database, keep data across re-opens, and do nothing the second time', () => {
    const store = openTestStore({ file, storeId: 'mig01' });
    expect(store.db.pragma('user_version', { simple: true })).toBe(latest);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const c = store.transactions.createCustomer({ name: 'Reyes Printing', creditLimit: 500_000 }, sales);
    const t = store.transactions.createTransaction({ customerId: c.id, lines: [{ description: 'Tarpaulin 3x6', quantity: 2, unitPrice: 45_000 }] }, sales);
    const s = store.settlements.settle({ customerId: c.id, amount: 50_000, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } }, cashier);
    store.close();

    const again = openTestStore({ file, storeId: 'other' });
    try {
      expect(migrate(again.db, migrations)).toEqual([]);
      expect(again.storeId).toBe('MIG01'); // the recorded id wins
      expect(again.transactions.getTransaction(t.id)).toMatchObject({ payment_status: 'partial', balance_amount: 40_000 });
      expect(again.settlements.get(s.settlement.id).or_number).toBe('OR-MIG01-00000001');
      expect(auditStore(again.db).problems).toEqual([]);
    } finally {
      again.close();
    }
  });

  it('each migration keeps the data written under the version before it', () => {
    for (let v = 2; v <= latest; v++) {
      const f = join(dir, `step-${v}.sqlite`);
      const db = openDatabase(f);
      migrate(db, migrations.slice(0, v - 1));
      db.exec(`INSERT INTO customers (id, name, created_by, created_at) VALUES ('cus_old', 'Old Customer', 'usr_x', '2026-01-01T00:00:00.000Z')`);
      db.exec(`INSERT INTO transactions (id, customer_id, created_by, total_amount, created_at, updated_at)
               VALUES ('txn_old', 'cus_old', 'usr_x', 1000, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
      migrate(db, migrations.slice(0, v));
      expect(db.prepare("SELECT total_amount FROM transactions WHERE id = 'txn_old'").get()).toEqual({ total_amount: 1000 });
      expect(db.pragma('user_version', { simple: true })).toBe(v);
      db.close();
    }
  });

  it('refuses a database from a newer version with a clear message and leaves it untouched', () => {
    openTestStore({ file, storeId: 'new01' }).close();
    const db = openDatabase(file);
    db.pragma(`user_version = ${latest + 5}`);
    db.close();
    expect(() => openTestStore({ file })).toThrow(DatabaseTooNewError);
    expect(() => openTestStore({ file })).toThrow(/newer Kahera \(schema version \d+\).*Upgrade Kahera/);
    const check = openDatabase(file);
    expect(check.pragma('user_version', { simple: true })).toBe(latest + 5);
    check.close();
  });

  it('rolls back a failing migration entirely', () => {
    const db = openDatabase(file);
    const broken = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x INTEGER); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('ok_table', 'settlements')").get()).toEqual({ n: 0 });
    db.close();
  });
});
