import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../src/main/db/connection.js';
import { completeBirSetup } from './bir-setup.js';
import { openStore, type Actor, type Store } from '../../../src/main/services/store.js';

export const admin: Actor = { id: 'usr_admin', role: 'admin' };
export const cashier: Actor = { id: 'usr_cashier', role: 'cashier' };
export const sales: Actor = { id: 'usr_sales', role: 'sales' };

export interface TempStore {
  store: Store;
  dir: string;
  file: string;
  cleanup: () => void;
}

/** A real SQLite store in a fresh temp dir. */
export function tempStore(storeId = 'TST01'): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'kahera-ledger-'));
  const file = join(dir, 'store.sqlite');
  const store = openStore({ file, storeId });
  completeBirSetup(store);
  return {
    store,
    dir,
    file,
    cleanup: () => {
      try {
        store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A customer with `n` transactions of the given totals. */
export function seedCustomer(store: Store, totals: number[], opts: { creditLimit?: number; name?: string } = {}) {
  const customer = store.transactions.createCustomer({ name: opts.name ?? 'Dela Cruz Hardware', creditLimit: opts.creditLimit }, sales);
  const transactions = totals.map((total, i) =>
    store.transactions.createTransaction(
      { customerId: customer.id, lines: [{ description: `Job order ${i + 1}`, quantity: 1, unitPrice: total }], dueDate: `2026-0${(i % 9) + 1}-15` },
      sales,
    ),
  );
  return { customer, transactions };
}

const BUSINESS_TABLES = [
  'customers',
  'transactions',
  'transaction_lines',
  'settlements',
  'allocations',
  'ledger_entries',
  'registers',
  'document_series',
  'idempotency_keys',
  'events',
] as const;

/** Every row of every business table, in a stable order: compare before/after to prove nothing changed. */
export function businessSnapshot(db: Db): string {
  const out: Record<string, unknown[]> = {};
  for (const t of BUSINESS_TABLES) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  return JSON.stringify(out);
}
