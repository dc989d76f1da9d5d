/**
 * bench/zreading — Z-reading time on a store ledger of 1,000,000+ entries.
 *
 *   npx tsx bench/zreading.ts [--history 495000] [--day 5000] [--runs 30]
 *
 * 1. History: `--history` paid transactions (a charge and a payment entry each) over the
 *    100 business days before the measured one, written in bulk with SQL into the same
 *    tables the services write (transactions, lines, settlements, allocations, ledger,
 *    tax shares, reading facts); each past day then gets its real Z-reading.
 * 2. The measured day: `--day` receipts through the real services and a real shift —
 *    regular, VAT-exempt, zero-rated, SC/PWD and promo lines, cash/card/e-wallet, ~1%
 *    voids, some cash refunds.
 * 3. The Z-reading of that day, timed `--runs` times inside a transaction rolled back
 *    each time (the store is reopened first, so the first run starts with a cold SQLite
 *    page cache), then taken for real and its figures checked against the ledger.
 */
import { openTestStore } from '../tests/integration/support/bir-setup.js';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor, Store } from '../src/main/services/store.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const HISTORY = arg('history', 495_000);
const DAY = arg('day', 5_000);
const RUNS = arg('runs', 30);
const DAYS = 100;
const BASE = '2025-11-01';

const dir = join(import.meta.dirname, '.tmp', 'zreading');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const file = join(dir, 'store.sqlite');

const admin: Actor = { id: 'usr_admin', role: 'admin' };
const cashier: Actor = { id: 'usr_cashier', role: 'cashier' };
const sales: Actor = { id: 'usr_sales', role: 'sales' };

let clock = Date.parse(`${BASE}T00:00:00Z`);
const open = () => openTestStore({ file, storeId: 'BENCH01', now: () => new Date((clock += 7)), requireShifts: true });
const dateOf = (d: number) => new Date(Date.parse(`${BASE}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
const ms = (t0: number) => performance.now() - t0;

function bulkHistory(store: Store): void {
  const perDay = Math.ceil(HISTORY / DAYS);
  const db = store.db;
  const t0 = performance.now();
  store.write(() => {
    db.prepare(
      `INSERT INTO customers (id, name, created_by, created_at)
       WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 1999)
       SELECT 'cus_b' || i, 'Bulk customer ' || i, 'usr_sales', '${BASE}T00:00:00.000Z' FROM c`,
    ).run();
    // One CTE row per historical sale: its day, its time (08:00–20:00 Manila) and amount.
    const rows = `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${HISTORY - 1}),
      r AS (SELECT i, i / ${perDay} AS d, 1000 + (i * 7919) % 250000 AS amt,
              strftime('%Y-%m-%dT%H:%M:%fZ', '${BASE}T00:00:00', '+' || (i / ${perDay}) || ' days',
                       '+' || ((i % ${perDay}) * 43200 / ${perDay}) || ' seconds') AS at
            FROM s)`;
    const vat = '(amt * 24 + 112) / 224';
    db.exec(`
      INSERT INTO transactions (id, customer_id, created_by, total_amount, paid_amount, created_at, updated_at)
        ${rows} SELECT 'txn_b' || i, 'cus_b' || (i % 2000), 'usr_sales', amt, amt, at, at FROM r;
      INSERT INTO transaction_lines (transaction_id, line_no, description, quantity, unit_price, amount, gross_amount, vatable_base, vat_amount)
        ${rows} SELECT 'txn_b' || i, 1, 'Item', 1, amt, amt, amt, amt - ${vat}, ${vat} FROM r;
      INSERT INTO settlements (id, or_number, or_counter, customer_id, amount, tender_method, strategy, cashier_id, created_at)
        ${rows} SELECT 'stl_b' || i, printf('OR-BENCH01-%08d', i + 1), i + 1, 'cus_b' || (i % 2000), amt,
          CASE i % 4 WHEN 0 THEN 'card' WHEN 1 THEN 'gcash' ELSE 'cash' END, 'oldest_first', 'usr_admin', at FROM r;
      INSERT INTO allocations (settlement_id, transaction_id, amount) ${rows} SELECT 'stl_b' || i, 'txn_b' || i, amt FROM r;
      INSERT INTO ledger_entries (customer_id, type, amount, balance_before, balance_after, or_number, transaction_id, settlement_id, actor_id, created_at)
        ${rows} SELECT * FROM (
          SELECT 'cus_b' || (i % 2000), 'charge', amt, 0, amt, NULL, 'txn_b' || i, NULL, 'usr_sales', at FROM r
          UNION ALL
          SELECT 'cus_b' || (i % 2000), 'payment', -amt, amt, 0, printf('OR-BENCH01-%08d', i + 1), 'txn_b' || i, 'stl_b' || i, 'usr_admin', at FROM r)
        ORDER BY 10, 2;
      INSERT INTO allocation_tax (settlement_id, transaction_id, kind, amount, gross, vatable_sales, vat_amount, vat_exempt_sales,
          zero_rated_sales, senior_discount, pwd_discount, promo_discount, vat_adjustment)
        ${rows} SELECT 'stl_b' || i, 'txn_b' || i, 'payment', amt, amt, amt - ${vat}, ${vat}, 0, 0, 0, 0, 0, 0 FROM r;
      INSERT INTO reading_facts (kind, settlement_id, or_number, or_counter, business_date, tender_method, collected, credit_kept,
          credit_used, amount, gross, vatable_sales, vat_amount, vat_exempt_sales, zero_rated_sales, senior_discount, pwd_discount,
          promo_discount, vat_adjustment, created_at)
        ${rows} SELECT 'sale', 'stl_b' || i, printf('OR-BENCH01-%08d', i + 1), i + 1, date('${BASE}', '+' || d || ' days'),
          CASE i % 4 WHEN 0 THEN 'card' WHEN 1 THEN 'gcash' ELSE 'cash' END, amt, 0, 0, amt, amt, amt - ${vat}, ${vat}, 0, 0, 0, 0, 0, 0, at FROM r;
      UPDATE or_series SET last_number = ${HISTORY} WHERE id = 1;
    `);
  });
  console.log(`history: ${HISTORY.toLocaleString()} paid sales over ${DAYS} days written in ${(ms(t0) / 1000).toFixed(1)} s`);
  const t1 = performance.now();
  for (let d = 0; d < DAYS; d++) {
    clock = Date.parse(`${dateOf(d)}T13:00:00Z`); // 21:00 in Manila
    store.readings.z({ businessDate: dateOf(d) }, admin);
  }
  console.log(`history: ${DAYS} Z-readings taken in ${(ms(t1) / 1000).toFixed(1)} s`);
}

function measuredDay(store: Store): string {
  const day = dateOf(DAYS);
  clock = Date.parse(`${day}T00:00:00Z`);
  store.write(() => {
    for (const [u, role] of [[admin, 'admin'], [cashier, 'cashier'], [sales, 'sales']] as const) {
      store.q.users.insert({ id: u.id, username: u.id, password_hash: 'x', role, display_name: u.id, created_at: new Date(clock).toISOString() });
    }
  });
  const shift = store.shifts.open({ counter: 'C1', openingFloat: 5_000_00 }, cashier);
  const customers = Array.from({ length: 200 }, (_, i) => store.transactions.createCustomer({ name: `Day customer ${i}` }, sales).id);
  const t0 = performance.now();
  const methods = ['cash', 'cash', 'card', 'gcash', 'maya'] as const;
  store.write(() => {
    for (let i = 0; i < DAY; i++) {
      const customerId = customers[i % customers.length]!;
      const category = i % 7 === 0 ? 'exempt' : i % 13 === 0 ? 'zero_rated' : 'vatable';
      const price = 500 + ((i * 7919) % 300_000);
      const tx = store.transactions.createTransaction(
        {
          customerId,
          lines: [
            { description: 'Item', quantity: 1 + (i % 3), unitPrice: price, vatCategory: category, ...(i % 5 === 0 ? { promoDiscount: 100 } : {}) },
            { description: 'Other', quantity: 1, unitPrice: 2_500 },
          ],
          ...(i % 10 === 0 ? { discount: { kind: i % 20 === 0 ? 'senior' : 'pwd', holderName: 'Holder', idNumber: `ID-${i}` } } : {}),
        },
        sales,
      );
      const method = methods[i % methods.length]!;
      const r = store.settlements.settle(
        { customerId, amount: tx.total_amount, tender: { method }, allocation: { strategy: 'manual', lines: [{ transactionId: tx.id, amount: tx.total_amount }] } },
        cashier,
      );
      if (i % 100 === 50) store.settlements.void(r.settlement.id, { reason: 'bench void' }, admin);
      else if (i % 250 === 5 && method === 'cash') {
        store.refunds.refund(r.settlement.id, { amount: Math.ceil(tx.total_amount / 3), method: 'cash', reason: 'bench refund', shiftId: shift.id }, admin);
      }
    }
  });
  console.log(`day ${day}: ${DAY.toLocaleString()} receipts through the services in ${(ms(t0) / 1000).toFixed(1)} s`);
  clock = Date.parse(`${day}T12:00:00Z`);
  store.shifts.close(shift.id, { countedCash: 0 }, cashier);
  return day;
}

const ROLLBACK = new Error('rollback');
function timeZ(store: Store, day: string): number {
  let elapsed = 0;
  try {
    store.write(() => {
      const t0 = performance.now();
      store.readings.z({ businessDate: day }, admin);
      elapsed = ms(t0);
      throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return elapsed;
}

let store = open();
bulkHistory(store);
const day = measuredDay(store);
const ledger = (store.db.prepare('SELECT count(*) AS n FROM ledger_entries').get() as { n: number }).n;
store.close();

clock = Date.parse(`${day}T13:00:00Z`);
store = open();
const times = Array.from({ length: RUNS }, () => timeZ(store, day));
const sorted = [...times].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const z = store.readings.z({ businessDate: day }, admin);
const check = store.db
  .prepare(
    `SELECT count(*) AS n, sum(amount) AS s FROM settlements WHERE created_at >= ? AND created_at < ?`,
  )
  .get(`${day}T00:00:00.000Z`, `${day}T13:00:00.000Z`) as { n: number; s: number };
store.close();

console.log('');
console.log(`ledger entries:        ${ledger.toLocaleString()}`);
console.log(`receipts on the day:   ${z.figures.receiptCount.toLocaleString()} (ledger: ${check.n.toLocaleString()}), voids ${z.figures.voids.count}, refunds ${z.figures.refunds.count}`);
console.log(`Z counter ${z.zCounter}; grand total ${z.grandTotal.previous} → ${z.grandTotal.present} centavos; net sales ${z.figures.netSales}`);
console.log(`Z-reading (${RUNS} runs): first ${times[0]!.toFixed(2)} ms, median ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms`);
const ok = z.figures.receiptCount === check.n && z.figures.sales.amount === check.s && pct(95) <= 100;
console.log(ok ? 'OK: figures match the ledger; p95 ≤ 100 ms' : 'FAIL: see above');
if (!ok) process.exitCode = 1;
