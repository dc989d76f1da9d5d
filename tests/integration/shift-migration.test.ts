import { openTestStore } from './support/bir-setup.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db/connection.js';
import { defaultStoreMigrationsDir, loadMigrations, migrate } from '../../src/main/db/migrate.js';
import { auditStore } from '../../src/main/services/audit.js';
import { ADMIN } from './support/day-fixtures.js';

// Migration 0002 (shifts, VAT, readings, journal) on a database holding data written
// under 0001: lines are split into VAT as vatable sales, old settlements keep working.

const migrations = loadMigrations(defaultStoreMigrationsDir());
const v2 = migrations.findIndex((m) => m.name === 'shifts_vat_readings') + 1;

describe('migration 0002_shifts_vat_readings', () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kahera-mig2-'));
    file = join(dir, 'store.sqlite');
    db = openDatabase(file);
    migrate(db, migrations.slice(0, v2 - 1));
    const at = '2026-01-05T02:00:00.000Z';
    db.exec(`
      INSERT INTO customers (id, name, created_by, created_at) VALUES ('cus_old', 'Old', 'usr_x', '${at}');
      INSERT INTO transactions (id, customer_id, created_by, total_amount, paid_amount, created_at, updated_at)
        VALUES ('txn_old', 'cus_old', 'usr_x', 113999, 0, '${at}', '${at}');
      INSERT INTO transaction_lines (transaction_id, line_no, description, quantity, unit_price, amount)
        VALUES ('txn_old', 1, 'Old line', 1, 112000, 112000), ('txn_old', 2, 'Odd line', 1, 1999, 1999), ('txn_old', 3, 'Half', 1, 14, 14);
      INSERT INTO ledger_entries (customer_id, type, amount, balance_before, balance_after, transaction_id, actor_id, created_at)
        VALUES ('cus_old', 'charge', 113999, 0, 113999, 'txn_old', 'usr_x', '${at}');
    `);
    // line 3 makes the total 114013; keep the header consistent with its lines
    db.exec(`UPDATE transactions SET total_amount = 114013 WHERE id = 'txn_old'`);
    db.exec(`INSERT INTO ledger_entries (customer_id, type, amount, balance_before, balance_after, transaction_id, actor_id, created_at)
             VALUES ('cus_old', 'adjustment', 14, 113999, 114013, 'txn_old', 'usr_x', '2026-01-05T02:00:01.000Z')`);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('splits existing lines into VATable sales and VAT, half-up, and adds the counter tables empty', () => {
    migrate(db, migrations.slice(0, v2));
    const lines = db.prepare("SELECT line_no, vat_category, gross_amount, vatable_base, vat_amount, discount_amount FROM transaction_lines WHERE transaction_id = 'txn_old' ORDER BY line_no").all();
    expect(lines).toEqual([
      { line_no: 1, vat_category: 'vatable', gross_amount: 112000, vatable_base: 100000, vat_amount: 12000, discount_amount: 0 },
      { line_no: 2, vat_category: 'vatable', gross_amount: 1999, vatable_base: 1785, vat_amount: 214, discount_amount: 0 }, // 214.18…
      { line_no: 3, vat_category: 'vatable', gross_amount: 14, vatable_base: 12, vat_amount: 2, discount_amount: 0 }, // 1.5 → 2
    ]);
    expect(db.prepare('SELECT z_counter, reset_counter, grand_total, last_z_date FROM z_state').get()).toEqual({ z_counter: 0, reset_counter: 0, grand_total: 0, last_z_date: null });
    for (const t of ['shifts', 'drawer_movements', 'refunds', 'allocation_tax', 'reading_facts', 'readings', 'journal']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
  });

  it('old transactions can be paid after it: receipt, VAT share, reading and journal all work', () => {
    migrate(db, migrations.slice(0, v2));
    db.close();
    const store = openTestStore({ file, now: () => new Date('2026-01-06T03:00:00.000Z') });
    try {
      const r = store.settlements.settle({ customerId: 'cus_old', amount: 114013, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } }, ADMIN);
      const z = store.readings.z({ businessDate: '2026-01-06' }, ADMIN);
      expect(z.figures).toMatchObject({ receiptCount: 1, netSales: 114013, vatAmount: 12216, vatableSales: 101797 });
      expect(store.journal.forRef(r.settlement.id)).toHaveLength(1);
      expect(auditStore(store.db).problems).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('a closed shift, a reading and a journal row cannot be changed or deleted', () => {
    db.close();
    const store = openTestStore({ file, requireShifts: true, now: () => new Date('2026-01-06T03:00:00.000Z') });
    try {
      const shift = store.shifts.open({ counter: 'C1', openingFloat: 0 }, { id: 'usr_c', role: 'cashier' });
      store.shifts.close(shift.id, { countedCash: 0 }, { id: 'usr_c', role: 'cashier' });
      store.readings.z({ businessDate: '2026-01-06' }, ADMIN);
      for (const sql of [
        "UPDATE shifts SET counted_cash = 999 WHERE status = 'closed'",
        'DELETE FROM shifts',
        "UPDATE readings SET body = '{}'",
        'DELETE FROM journal',
        "UPDATE journal SET body = '{}'",
        'UPDATE z_state SET z_counter = 0',
        'UPDATE z_state SET grand_total = 0, z_counter = z_counter + 1, reset_counter = 1',
      ]) {
        expect(() => store.db.prepare(sql).run(), sql).toThrow();
      }
      expect(() => store.db.prepare("INSERT INTO readings (id, kind, number, register_id, business_date, taken_at, taken_by, body) VALUES ('x', 'z', 99, 'reg_c1', '2026-01-06', 't', 'u', '{}')").run()).toThrow(/UNIQUE/);
    } finally {
      store.close();
    }
  });
});
