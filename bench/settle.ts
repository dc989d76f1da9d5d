/**
 * bench/settle — durable settlements per second vs a raw durable single-row insert.
 *
 *   npx tsx bench/settle.ts [--n 2000] [--seconds 5] [--clients 64]
 *
 * Everything runs on the same disk (bench/.tmp), same run, synchronous=FULL throughout; the stores
 * checkpoint their WAL on a worker thread, as the hub's does (StoreOptions.backgroundCheckpoint):
 *  1. raw:        one-row INSERT, autocommit (one fsync each) — the disk's durable floor.
 *  2. one-by-one: store.settlements.settle — OR + 1–3 allocations + ledger + event, one transaction each.
 *  3. grouped:    GroupCommitter — concurrent closed-loop clients, requests gathered (≤ 5 ms) into one
 *                 transaction each, every request its own savepoint, OR and answer; p50/p99 ack latency.
 */
import { openTestStore } from '../tests/integration/support/bir-setup.js';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/main/db/connection.js';
import { auditStore } from '../src/main/services/audit.js';
import { GroupCommitter } from '../src/main/services/group-commit.js';
import type { Actor, Store } from '../src/main/services/store.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('n', 2000);
const SECONDS = arg('seconds', 5);
const CLIENTS = arg('clients', 64);

const dir = join(import.meta.dirname, '.tmp');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const sales: Actor = { id: 'usr_sales', role: 'sales' };
const cashier: Actor = { id: 'usr_cashier', role: 'cashier' };

function rawInsertRate(): number {
  const db = openDatabase(join(dir, 'raw.sqlite'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, note TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO t (amount, note) VALUES (?, ?)');
  const t0 = performance.now();
  for (let i = 0; i < N; i++) ins.run(i, 'durable row');
  const rate = N / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

/** Customers each owing many ₱50.00 job orders, so a ₱10–120 payment spans 1–3 of them. */
function seed(store: Store, customers: number, jobs: number): string[] {
  const ids: string[] = [];
  store.write(() => {
    for (let c = 0; c < customers; c++) {
      const cus = store.transactions.createCustomer({ name: `Customer ${c}` }, sales);
      ids.push(cus.id);
      for (let j = 0; j < jobs; j++) {
        store.transactions.createTransaction({ customerId: cus.id, lines: [{ description: `JO ${j}`, quantity: 1, unitPrice: 5_000 }] }, sales);
      }
    }
  });
  return ids;
}

const body = (customerId: string, i: number) => ({
  customerId,
  amount: 1_000 + ((i * 7919) % 11_000),
  tender: { method: 'cash' as const, tendered: 20_000 },
  allocation: { strategy: 'oldest_first' as const },
});

function oneByOne(): { rate: number; allocations: number } {
  const store = openTestStore({ file: join(dir, 'one.sqlite'), storeId: 'BENCH1', backgroundCheckpoint: true });
  const customers = seed(store, 20, Math.ceil((N * 7) / 20 / 5) + 10);
  // The seed's WAL is checkpointed before the clock starts, so its write-back is not timed.
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  let allocations = 0;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    allocations += store.settlements.settle(body(customers[i % customers.length]!, i), cashier).settlement.allocations.length;
  }
  const rate = N / ((performance.now() - t0) / 1000);
  const audit = auditStore(store.db);
  if (!audit.ok) throw new Error(`audit failed: ${audit.problems.join('; ')}`);
  store.close();
  return { rate, allocations: allocations / N };
}

async function grouped(): Promise<{ rate: number; p50: number; p99: number; max: number; batches: number; count: number }> {
  const store = openTestStore({ file: join(dir, 'group.sqlite'), storeId: 'BENCH2', backgroundCheckpoint: true });
  const perCustomer = Math.ceil((SECONDS * 25_000 * 7) / 200 / 5) + 10;
  const customers = seed(store, 200, perCustomer);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const committer = new GroupCommitter(store, { windowMs: 0, maxBatch: 512 });
  let batches = 0;
  store.onEvents(() => batches++);
  const latencies: number[] = [];
  let i = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      while (performance.now() < deadline) {
        const n = i++;
        const customerId = customers[(c + n) % customers.length]!;
        const started = performance.now();
        await committer.submit(() => store.settlements.settleInTransaction(store.settlements.prepare(body(customerId, n), cashier, {}), cashier, {}));
        latencies.push(performance.now() - started);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  const audit = auditStore(store.db);
  if (!audit.ok) throw new Error(`audit failed: ${audit.problems.join('; ')}`);
  store.close();
  return { rate: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), max: latencies[latencies.length - 1]!, batches, count: latencies.length };
}

const raw = rawInsertRate();
const one = oneByOne();
const group = await grouped();
const f = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(`bench/settle  (N=${N}, grouped: ${CLIENTS} clients for ${SECONDS}s, synchronous=FULL, WAL)`);
console.log(`raw durable single-row insert      ${f(raw)} rows/s`);
console.log(`settle one-at-a-time               ${f(one.rate)} settlements/s  (${one.allocations.toFixed(2)} allocations avg)  ratio ${(one.rate / raw * 100).toFixed(0)}% of raw (target ≥ 50%)`);
console.log(
  `settle group commit                ${f(group.rate)} settlements/s  p50 ${group.p50.toFixed(2)} ms  p99 ${group.p99.toFixed(2)} ms  max ${group.max.toFixed(1)} ms  ` +
    `(${f(group.count)} in ${f(group.batches)} commits; target ≥ 10,000/s, p99 ≤ 20 ms)`,
);
rmSync(dir, { recursive: true, force: true });
