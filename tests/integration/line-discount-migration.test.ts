import { openTestStore } from './support/bir-setup.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection.js';
import { defaultStoreMigrationsDir, loadMigrations, migrate } from '../../src/main/db/migrate.js';
import { PRE_LINE_DISCOUNT_IDS, writePreLineDiscountRows } from './support/line-discount-fixtures.js';

// Migration 0008 (line discounts) on transactions written before it: each reads back
// byte for byte as the code before it read them (the fixture JSON was captured with that
// code), and the new columns take a line's holder.

const migrations = loadMigrations(defaultStoreMigrationsDir());
const v = migrations.findIndex((m) => m.name === 'line_discounts') + 1;
const expected = readFileSync(new URL('./fixtures/pre-0008-transactions.json', import.meta.url), 'utf8');

describe('migration 0008_line_discounts', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kahera-mig8-'));
    file = join(dir, 'store.sqlite');
    const db = openDatabase(file);
    migrate(db, migrations.slice(0, v - 1));
    writePreLineDiscountRows(db);
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('old transactions read back identically, and can be paid and edited after it', () => {
    const store = openTestStore({ file });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(v);
      // Identical to what they were (sales from before invoices have none, and no buyer).
      const loaded = PRE_LINE_DISCOUNT_IDS.map((id) => store.transactions.load(id));
      for (const t of loaded) expect([t.invoice, t.buyer]).toEqual([null, null]);
      const asBefore = loaded.map(({ invoice: _i, buyer: _b, ...rest }) => rest);
      expect(`${JSON.stringify(asBefore, null, 1)}\n`).toBe(expected);
      const edited = store.transactions.editTransaction('txn_plain', { lines: [{ description: 'Tarpaulin', quantity: 1, unitPrice: 112_000, discount: { kind: 'pwd', holderName: 'Ana', idNumber: 'PWD-1' } }] }, { id: 'usr_s', role: 'sales' });
      expect(edited).toMatchObject({ total_amount: 80_000, lines: [{ discount: { kind: 'pwd', holderName: 'Ana', idNumber: 'PWD-1' } }] });
    } finally {
      store.close();
    }
  });

  it('a line holder is all of kind, name and ID number, or none', () => {
    const store = openTestStore({ file });
    try {
      const insert = (cols: string) =>
        store.db.exec(`INSERT INTO transaction_lines (transaction_id, line_no, description, quantity, unit_price, amount, sc_pwd_kind, sc_pwd_holder_name, sc_pwd_id_number, sc_pwd_shared_by)
          VALUES ('txn_plain', 9, 'x', 1, 1, 1, ${cols})`);
      expect(() => insert("'senior', NULL, 'ID', NULL")).toThrow(/kind, holder name and ID number/);
      expect(() => insert("NULL, NULL, NULL, 3")).toThrow(/kind, holder name and ID number/);
      expect(() => insert("'senior', 'A', 'ID', 0")).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });
});
