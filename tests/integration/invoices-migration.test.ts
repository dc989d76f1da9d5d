import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db/connection.js';
import { defaultStoreMigrationsDir, loadMigrations, migrate } from '../../src/main/db/migrate.js';
import { auditStore } from '../../src/main/services/audit.js';
import { openTestStore } from './support/bir-setup.js';

// Migration 0010 (invoices, Z per register) on a store written by the schema before it:
// register C1 with two receipts and their reading facts, a Z with its accumulators, and the
// single machine's MIN/serial in the receipt settings. Everything becomes C1's — facts,
// Z history, grand total, Z counter — the receipts stay collection receipts with the VAT
// share they printed, and sales from before keep that rule; new sales are invoiced.

const migrations = loadMigrations(defaultStoreMigrationsDir());
const v10 = migrations.findIndex((m) => m.name === 'invoices') + 1;
const AT = '2026-01-05T02:00:00.000Z';
const CASHIER = { id: 'usr_c', role: 'cashier' as const };
const ADMIN = { id: 'usr_a', role: 'admin' as const };
const SALES = { id: 'usr_s', role: 'sales' as const };

function seedV9(db: Db): void {
  db.exec(`
    INSERT INTO settings (key, value) VALUES ('store_id', 'MNL01'), ('receipt.machineId', '"24031512345678"'),
      ('receipt.serialNumber', '"KHR-0001"'), ('receipt.tin', '"123-456-789-00000"'), ('receipt.registeredName', '"Reyes Printing"'),
      ('receipt.address', '"1 Rizal Ave, Manila"');
    INSERT INTO document_series (register_id, kind, prefix, last_number, issued_total) VALUES ('reg_c1', 'or', 'OR-MNL01', 2, 60000);
    INSERT INTO users (id, username, password_hash, role, display_name, created_at) VALUES
      ('usr_c', 'cora', 'x', 'cashier', 'Cora', '${AT}'), ('usr_a', 'admin', 'x', 'admin', 'Admin', '${AT}'),
      ('usr_s', 'sam', 'x', 'sales', 'Sam', '${AT}');
    INSERT INTO customers (id, name, created_by, created_at) VALUES ('cus_1', 'Reyes Printing', 'usr_a', '${AT}');
    INSERT INTO transactions (id, customer_id, created_by, total_amount, paid_amount, created_at, updated_at)
      VALUES ('txn_1', 'cus_1', 'usr_a', 112000, 60000, '${AT}', '${AT}');
    INSERT INTO transaction_lines (transaction_id, line_no, description, quantity, unit_price, amount, gross_amount, vatable_base, vat_amount)
      VALUES ('txn_1', 1, 'Tarpaulin', 1, 112000, 112000, 112000, 100000, 12000);
    INSERT INTO shifts (id, cashier_id, counter, register_id, opening_float, opened_at) VALUES ('shf_1', 'usr_c', 'C1', 'reg_c1', 0, '${AT}');
  `);
  const ledger = db.prepare(
    `INSERT INTO ledger_entries (customer_id, type, amount, balance_before, balance_after, or_number, transaction_id, settlement_id, actor_id, created_at)
     VALUES ('cus_1', ?, ?, ?, ?, ?, ?, ?, 'usr_c', '${AT}')`,
  );
  ledger.run('charge', 112000, 0, 112000, null, 'txn_1', null);
  let balance = 112000;
  for (const [id, n, amount, vat] of [['stl_1', 1, 20000, 2143], ['stl_2', 2, 40000, 4286]] as const) {
    const or = `OR-MNL01-${String(n).padStart(8, '0')}`;
    db.prepare(
      `INSERT INTO settlements (id, or_number, or_counter, register_id, customer_id, amount, tender_method, strategy, cashier_id, shift_id, created_at)
       VALUES (?, ?, ?, 'reg_c1', 'cus_1', ?, 'cash', 'oldest_first', 'usr_c', 'shf_1', '${AT}')`,
    ).run(id, or, n, amount);
    db.prepare("INSERT INTO allocations (settlement_id, transaction_id, amount, live) VALUES (?, 'txn_1', ?, 1)").run(id, amount);
    db.prepare(
      `INSERT INTO allocation_tax (settlement_id, transaction_id, kind, amount, gross, vatable_sales, vat_amount, vat_exempt_sales,
         zero_rated_sales, senior_discount, pwd_discount, promo_discount, vat_adjustment) VALUES (?, 'txn_1', 'payment', ?, ?, ?, ?, 0, 0, 0, 0, 0, 0)`,
    ).run(id, amount, amount, amount - vat, vat);
    db.prepare(
      `INSERT INTO reading_facts (kind, settlement_id, or_number, or_counter, business_date, shift_id, tender_method, collected, credit_kept,
         credit_used, amount, gross, vatable_sales, vat_amount, vat_exempt_sales, zero_rated_sales, senior_discount, pwd_discount,
         promo_discount, vat_adjustment, created_at)
       VALUES ('sale', ?, ?, ?, '2026-01-05', 'shf_1', 'cash', ?, 0, 0, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, '${AT}')`,
    ).run(id, or, n, amount, amount, amount, amount - vat, vat);
    ledger.run('payment', -amount, balance, balance - amount, or, 'txn_1', id);
    balance -= amount;
  }
  db.exec(`INSERT INTO readings (id, kind, number, business_date, taken_at, taken_by, body)
           VALUES ('rdg_z1', 'z', 1, '2026-01-04', '${AT}', 'usr_a', '{}');
           UPDATE z_state SET z_counter = 1, grand_total = 123400, last_z_date = '2026-01-04' WHERE id = 1;`);
}

const dayFacts = (db: Db) =>
  db
    .prepare(
      `SELECT business_date, kind, count(*) AS n, sum(collected) AS collected, sum(amount) AS amount, sum(vat_amount) AS vat
       FROM reading_facts GROUP BY business_date, kind ORDER BY business_date, kind`,
    )
    .all();

describe('migration 0010_invoices', () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kahera-mig10-'));
    file = join(dir, 'store.sqlite');
    db = openDatabase(file);
    migrate(db, migrations.slice(0, v10 - 1));
    seedV9(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes every fact, Z and accumulator C1’s, keeps the receipts as collection receipts, gives C1 its MIN, serial and SI series', () => {
    const before = dayFacts(db);
    expect(migrate(db, migrations.slice(0, v10))).toEqual([v10]);
    expect(dayFacts(db)).toEqual(before);
    expect(db.prepare('SELECT DISTINCT register_id, document FROM reading_facts').all()).toEqual([{ register_id: 'reg_c1', document: 'or' }]);
    expect(db.prepare('SELECT id, or_number, document_type FROM settlements ORDER BY rowid').all()).toEqual([
      { id: 'stl_1', or_number: 'OR-MNL01-00000001', document_type: 'collection_receipt' },
      { id: 'stl_2', or_number: 'OR-MNL01-00000002', document_type: 'collection_receipt' },
    ]);
    expect(db.prepare("SELECT id, register_id, business_date FROM readings WHERE kind = 'z'").all()).toEqual([
      { id: 'rdg_z1', register_id: 'reg_c1', business_date: '2026-01-04' },
    ]);
    expect(db.prepare('SELECT * FROM register_z_state').all()).toEqual([
      { register_id: 'reg_c1', z_counter: 1, reset_counter: 0, grand_total: 123400, last_z_date: '2026-01-04' },
    ]);
    expect(db.prepare("SELECT prefix, last_number, issued_total FROM document_series WHERE kind = 'si'").all()).toEqual([
      { prefix: 'SI-MNL01', last_number: 0, issued_total: 0 },
    ]);
    expect(db.prepare("SELECT min, serial_no FROM registers WHERE id = 'reg_c1'").get()).toEqual({ min: '24031512345678', serial_no: 'KHR-0001' });
    expect(db.prepare('SELECT vat_on_invoice, invoice_number FROM transactions').all()).toEqual([{ vat_on_invoice: 0, invoice_number: null }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(auditStore(db).problems).toEqual([]);
    // The database refuses a second Z for C1's day and a Z counter going back.
    expect(() =>
      db.exec("INSERT INTO readings (id, kind, number, register_id, business_date, taken_at, taken_by, body) VALUES ('z2', 'z', 2, 'reg_c1', '2026-01-04', 't', 'u', '{}')"),
    ).toThrow(/UNIQUE/);
    expect(() => db.exec("UPDATE register_z_state SET z_counter = 0 WHERE register_id = 'reg_c1'")).toThrow(/only moves forward/);
  });

  it('after it, the old sale’s last payment still carries its VAT share; a new sale is invoiced; the Z counter and grand total go on', () => {
    db.close();
    let now = Date.parse('2026-01-05T03:00:00.000Z');
    const store = openTestStore({ file, requireShifts: true, now: () => new Date((now += 1000)) });
    try {
      const tail = store.settlements.settle(
        { customerId: 'cus_1', amount: 52_000, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } },
        CASHIER,
      );
      expect(tail.settlement).toMatchObject({ documentType: 'collection_receipt', or_number: 'OR-MNL01-00000003' });
      expect(tail.transactions[0]!.invoice).toBeNull();
      const sale = store.transactions.createTransaction({ customerId: 'cus_1', lines: [{ description: 'Banner', quantity: 1, unitPrice: 56_000 }] }, SALES);
      expect(sale.invoice).toMatchObject({ number: 'SI-MNL01-00000001', vat: { vatAmount: 6_000 } });
      const z = store.readings.z({ businessDate: '2026-01-05' }, ADMIN);
      // The old sale's VAT, paid in three parts (21.43 + 42.86 + the rest = 120.00), and the new invoice's 60.00.
      expect(z.figures).toMatchObject({ vatAmount: 12_000 + 6_000, receiptCount: 3, invoices: { count: 1 }, collections: 112_000 });
      expect(z).toMatchObject({ zCounter: 2, grandTotal: { previous: 123_400, present: 123_400 + z.figures.netSales } });
      expect(auditStore(store.db).problems).toEqual([]);
    } finally {
      store.close();
    }
  });
});
