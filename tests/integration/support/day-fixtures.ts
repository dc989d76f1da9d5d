import { completeBirSetup } from './bir-setup.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Actor, type Store } from '../../../src/main/services/store.js';
import type { TenderInput } from '../../../src/shared/settlements.js';
import type { ScPwdDiscount, TransactionLineInput } from '../../../src/shared/transactions.js';

export const ADMIN: Actor = { id: 'usr_admin', role: 'admin' };
export const CASHIER: Actor = { id: 'usr_ana', role: 'cashier' };
export const CASHIER2: Actor = { id: 'usr_ben', role: 'cashier' };
export const SALES: Actor = { id: 'usr_sales', role: 'sales' };

/** A store with a hand-driven clock in Manila time (UTC+8) and shifts required, as the hub runs it. */
export function dayStore(storeId = 'MNL01') {
  const dir = mkdtempSync(join(tmpdir(), 'kahera-day-'));
  const file = join(dir, 'store.sqlite');
  let now = Date.parse('2026-03-02T00:00:00.000Z');
  // Each read of the clock moves it one second, so events are strictly ordered.
  const store: Store = openStore({ file, storeId, now: () => new Date((now += 1000)), requireShifts: true });
  seedUsers(store);
  store.write(() => {
    for (const [k, v] of Object.entries({
      storeName: 'Tindahan ni Aling Nena',
      registeredName: 'Nena Santos Reyes',
      tin: '123-456-789-00000',
      address: '12 Rizal Ave., Sta. Cruz, Manila 1003',
      documentType: 'SI',
      machineId: 'MIN 24031512345678',
      serialNumber: 'SN KHR-0001',
      permitNumber: 'FP032024-116-0123456-00000',
    })) {
      store.q.settings.set(`receipt.${k}`, JSON.stringify(v));
    }
    // The one machine's MIN and serial are register C1's (as migration 0010 makes them).
    const c1 = store.q.registers.get('reg_c1')!;
    store.q.registers.update({ ...c1, min: 'MIN 24031512345678', serial_no: 'SN KHR-0001', ptu_no: 'FP032024-116-0123456-00000' });
  });
  completeBirSetup(store);
  return {
    store,
    file,
    /** Sets the clock to a Manila wall-clock time, e.g. `at('2026-03-02', '09:15')`. */
    at(date: string, hhmm: string) {
      now = Date.parse(`${date}T${hhmm}:00.000+08:00`);
    },
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function seedUsers(store: Store): void {
  store.write(() => {
    for (const [id, role, name] of [
      [ADMIN.id, 'admin', 'Aling Nena'],
      [CASHIER.id, 'cashier', 'Ana Cruz'],
      [CASHIER2.id, 'cashier', 'Ben Santos'],
      [SALES.id, 'sales', 'Carlo Dizon'],
    ] as const) {
      store.q.users.insert({ id, username: id, password_hash: 'x', role, display_name: name, created_at: new Date(0).toISOString() });
    }
  });
}

/** One customer buys `lines` (a new transaction) and pays `amount` (default: all of it). */
export function sell(
  store: Store,
  by: Actor,
  lines: TransactionLineInput[],
  tender: TenderInput,
  opts: { amount?: number; discount?: ScPwdDiscount; customer?: string } = {},
) {
  const customerId = opts.customer ?? store.transactions.createCustomer({ name: 'Walk-in' }, SALES).id;
  const tx = store.transactions.createTransaction({ customerId, lines, ...(opts.discount ? { discount: opts.discount } : {}) }, SALES);
  const amount = opts.amount ?? tx.total_amount;
  const r = store.settlements.settle({ customerId, amount, tender, allocation: { strategy: 'oldest_first' } }, by);
  return { tx, settlement: r.settlement, customerId };
}
