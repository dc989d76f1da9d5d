import { openTestStore } from './support/bir-setup.js';
import { openStore } from '../../src/main/services/store.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db/connection.js';
import { defaultStoreMigrationsDir, loadMigrations, migrate } from '../../src/main/db/migrate.js';
import { auditStore } from '../../src/main/services/audit.js';

// Migration 0009 (registers) on a store written by the schema before it: one store-wide
// OR series with three receipts (one void), an open shift at a free-text counter and a Z.
// The series becomes register C1's — numbers, prefix, accumulated total — the receipts
// keep their numbers and rows, and the next receipt goes on from there.

const migrations = loadMigrations(defaultStoreMigrationsDir());
const v8 = migrations.findIndex((m) => m.name === 'registers') + 1;
const AT = '2026-01-05T02:00:00.000Z';
const CASHIER = { id: 'usr_c', role: 'cashier' as const };
const ADMIN = { id: 'usr_a', role: 'admin' as const };

function seedV7(db: Db): void {
  db.exec(`
    INSERT INTO settings (key, value) VALUES ('store_id', 'MNL01');
    INSERT INTO or_series (id, prefix, last_number) VALUES (1, 'OR-MNL01', 3);
    INSERT INTO users (id, username, password_hash, role, display_name, created_at) VALUES
      ('usr_c', 'cora', 'x', 'cashier', 'Cora', '${AT}'), ('usr_a', 'admin', 'x', 'admin', 'Admin', '${AT}');
    INSERT INTO customers (id, name, created_by, created_at) VALUES ('cus_1', 'Reyes Printing', 'usr_a', '${AT}');
    INSERT INTO transactions (id, customer_id, created_by, total_amount, created_at, updated_at)
      VALUES ('txn_1', 'cus_1', 'usr_a', 100000, '${AT}', '${AT}');
    INSERT INTO transaction_lines (transaction_id, line_no, description, quantity, unit_price, amount, gross_amount)
      VALUES ('txn_1', 1, 'Tarpaulin', 1, 100000, 100000, 100000);
    INSERT INTO shifts (id, cashier_id, counter, opening_float, opened_at) VALUES ('shf_old', 'usr_c', 'Counter 1', 0, '${AT}');
  `);
  const settle = db.prepare(
    `INSERT INTO settlements (id, or_number, or_counter, customer_id, amount, tender_method, strategy, status, cashier_id, shift_id, created_at)
     VALUES (?, ?, ?, 'cus_1', ?, 'cash', 'oldest_first', ?, 'usr_c', 'shf_old', '${AT}')`,
  );
  const alloc = db.prepare("INSERT INTO allocations (settlement_id, transaction_id, amount, live) VALUES (?, 'txn_1', ?, ?)");
  const ledger = db.prepare(
    `INSERT INTO ledger_entries (customer_id, type, amount, balance_before, balance_after, or_number, transaction_id, settlement_id, actor_id, created_at)
     VALUES ('cus_1', ?, ?, ?, ?, ?, ?, ?, 'usr_c', '${AT}')`,
  );
  ledger.run('charge', 100000, 0, 100000, null, 'txn_1', null);
  let balance = 100000;
  const rows: [string, number, number, 'posted' | 'void'][] = [
    ['stl_1', 1, 20000, 'posted'],
    ['stl_2', 2, 5000, 'void'],
    ['stl_3', 3, 30000, 'posted'],
  ];
  for (const [id, n, amount, status] of rows) {
    const or = `OR-MNL01-${String(n).padStart(8, '0')}`;
    settle.run(id, or, n, amount, status);
    alloc.run(id, amount, status === 'posted' ? 1 : 0);
    ledger.run('payment', -amount, balance, balance - amount, or, 'txn_1', id);
    balance -= amount;
    if (status === 'void') {
      ledger.run('void', amount, balance, balance + amount, or, 'txn_1', id);
      balance += amount;
    }
  }
  db.exec(`UPDATE transactions SET paid_amount = 50000 WHERE id = 'txn_1'`);
  db.exec(`INSERT INTO readings (id, kind, number, business_date, taken_at, taken_by, body)
           VALUES ('rdg_z1', 'z', 1, '2026-01-04', '${AT}', 'usr_a', '{}');
           UPDATE z_state SET z_counter = 1, grand_total = 123400, last_z_date = '2026-01-04' WHERE id = 1;`);
}

describe('migration 0009_registers', () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kahera-mig8-'));
    file = join(dir, 'store.sqlite');
    db = openDatabase(file);
    migrate(db, migrations.slice(0, v8 - 1));
    seedV7(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns the store series into register C1’s, keeps every receipt, and leaves the books balanced', () => {
    expect(migrate(db, migrations.slice(0, v8))).toEqual([v8]);
    expect(db.prepare('SELECT id, code, name, min, serial_no, active FROM registers').all()).toEqual([
      { id: 'reg_c1', code: 'C1', name: 'Counter 1', min: null, serial_no: null, active: 1 },
    ]);
    // Its numbers and its accumulated total (every receipt issued, the void one too).
    expect(db.prepare('SELECT * FROM document_series').all()).toEqual([
      { register_id: 'reg_c1', kind: 'or', prefix: 'OR-MNL01', last_number: 3, issued_total: 55000 },
    ]);
    expect(db.prepare('SELECT id, or_number, or_counter, register_id, status, amount FROM settlements ORDER BY rowid').all()).toEqual([
      { id: 'stl_1', or_number: 'OR-MNL01-00000001', or_counter: 1, register_id: 'reg_c1', status: 'posted', amount: 20000 },
      { id: 'stl_2', or_number: 'OR-MNL01-00000002', or_counter: 2, register_id: 'reg_c1', status: 'void', amount: 5000 },
      { id: 'stl_3', or_number: 'OR-MNL01-00000003', or_counter: 3, register_id: 'reg_c1', status: 'posted', amount: 30000 },
    ]);
    // The Z history stays as it was; references to the rebuilt table still hold.
    expect(db.prepare("SELECT id, number, business_date FROM readings WHERE kind = 'z'").all()).toEqual([{ id: 'rdg_z1', number: 1, business_date: '2026-01-04' }]);
    expect(db.prepare('SELECT z_counter, grand_total FROM z_state').get()).toEqual({ z_counter: 1, grand_total: 123400 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'or_series'").get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // The database refuses what the series must never do.
    expect(() => db.exec("UPDATE document_series SET last_number = 2 WHERE register_id = 'reg_c1'")).toThrow(/never goes back/);
    expect(() => db.exec("INSERT INTO settlements (id, or_number, or_counter, register_id, customer_id, amount, tender_method, strategy, cashier_id, created_at) VALUES ('stl_x', 'OR-X-1', 3, 'reg_c1', 'cus_1', 1, 'cash', 'oldest_first', 'usr_c', 't')")).toThrow(/UNIQUE/);
    expect(() => db.exec('DELETE FROM registers')).toThrow(/never deleted/);
    // And on to today's schema: the books still audit clean.
    migrate(db, migrations);
    expect(auditStore(db).problems).toEqual([]);
  });

  it('after it, C1 goes on from its last number, the old open shift settles on C1, and a new register starts at 1', () => {
    migrate(db, migrations.slice(0, v8));
    db.close();
    const store = openTestStore({ file, requireShifts: true, now: () => new Date('2026-01-05T03:00:00.000Z') });
    try {
      const body = { customerId: 'cus_1', amount: 1000, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } };
      const first = store.settlements.settle(body, CASHIER);
      expect(first.settlement).toMatchObject({ or_number: 'OR-MNL01-00000004', registerId: 'reg_c1' });
      expect(store.q.settlements.get(first.settlement.id)!.shift_id).toBe('shf_old');
      store.shifts.close('shf_old', { countedCash: 1000 }, CASHIER);

      const c2 = store.registers.create({ code: 'C2', name: 'Counter 2', min: '1234567890', serialNo: 'SN-42' }, ADMIN);
      const shift = store.shifts.open({ counter: 'c2', openingFloat: 0 }, CASHIER);
      expect(shift).toMatchObject({ counter: 'C2', registerId: c2.id });
      const second = store.settlements.settle(body, CASHIER);
      expect(second.settlement).toMatchObject({ or_number: 'OR-MNL01-C2-00000001', registerId: c2.id });
      expect(store.q.registers.series('reg_c1', 'or')).toMatchObject({ last_number: 4, issued_total: 56000 });
      expect(store.q.registers.series(c2.id, 'or')).toMatchObject({ last_number: 1, issued_total: 1000 });
      expect(auditStore(store.db).problems).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('a fresh store has one register, C1, with the store’s series', () => {
    db.close();
    const fresh = openStore({ file: join(dir, 'fresh.sqlite'), storeId: 'qc01' });
    try {
      expect(fresh.registers.list(ADMIN)).toEqual([
        { id: 'reg_c1', code: 'C1', name: 'Counter 1', min: null, serialNo: null, ptuNo: null, ptuDate: null, active: true },
      ]);
      expect(fresh.q.registers.series('reg_c1', 'or')).toMatchObject({ prefix: 'OR-QC01', last_number: 0 });
    } finally {
      fresh.close();
    }
  });
});
