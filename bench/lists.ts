/**
 * bench/lists — the back office's long lists at 100,000 rows: a ledger page and an
 * e-journal page, first and deepest, as the hub answers them.
 *
 *   npx tsx bench/lists.ts [--rows 100000] [--runs 30]
 *
 * `--rows` transactions through the real service (one charge ledger entry each, over 40
 * customers) and `--rows` journal entries through the real journal (hash-chained), then
 * each page query timed `--runs` times: the ledger's first page, its last page by keyset
 * (`beforeId`, what the screen uses) and by `offset` (what it used before), a customer's
 * page, and the journal's first and last pages. The screen draws only the rows in view
 * (react-virtual), so the page query is what grows with the book.
 */
import { openTestStore } from '../tests/integration/support/bir-setup.js';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LedgerQuery } from '../src/shared/backoffice.js';
import type { Actor } from '../src/main/services/store.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ROWS = arg('rows', 100_000);
const RUNS = arg('runs', 30);
const PAGE = 200;

const dir = join(import.meta.dirname, '.tmp', 'lists');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const store = openTestStore({ file: join(dir, 'store.sqlite'), storeId: 'BENCH' });
const admin: Actor = { id: 'usr_admin', role: 'admin' };

const seedStart = performance.now();
const customers = store.write(() => Array.from({ length: 40 }, (_, i) => store.transactions.createCustomer({ name: `Customer ${i}` }, admin).id));
for (let done = 0; done < ROWS; ) {
  const n = Math.min(10_000, ROWS - done);
  store.write(() => {
    for (let i = 0; i < n; i++) {
      const k = done + i;
      store.transactions.createTransaction({ customerId: customers[k % customers.length]!, lines: [{ description: `Job ${k}`, quantity: 1, unitPrice: 100 + (k % 9000) }] }, admin);
      store.journal.append('receipt', `ref_${k}`, { number: `OR-BENCH-${String(k + 1).padStart(8, '0')}`, amount: 100 + (k % 9000) });
    }
  });
  done += n;
}
console.log(`seeded ${ROWS.toLocaleString('en')} ledger entries and ${ROWS.toLocaleString('en')} journal entries in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

const reports = store.reports;
const ledger = (q: Record<string, unknown>) => reports.ledger(LedgerQuery.parse({ limit: PAGE, ...q }));
const lastIds = ledger({}).pagination.total;
const oldest = PAGE + 1; // keyset: the page before id 201 is ids 1..200, the deepest page

function time(name: string, fn: () => { n: number }) {
  const ms: number[] = [];
  let n = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    n = fn().n;
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2);
  console.log(`${name.padEnd(44)} ${String(n).padStart(4)} rows   median ${p(0.5).padStart(7)} ms   p95 ${p(0.95).padStart(7)} ms`);
}

console.log(`\n${RUNS} runs each, ${PAGE} rows a page`);
time('ledger, first page (with total count)', () => ({ n: ledger({}).entries.length }));
time('ledger, deepest page by keyset (beforeId)', () => ({ n: ledger({ beforeId: oldest }).entries.length }));
time('ledger, deepest page by offset', () => ({ n: ledger({ offset: lastIds - PAGE }).entries.length }));
time('ledger, one customer, deepest by keyset', () => ({ n: ledger({ customerId: customers[0], beforeId: 2_000 }).entries.length }));
time('journal, first page', () => ({ n: store.journal.list({ after: 0, limit: PAGE }).entries.length }));
time('journal, last page', () => ({ n: store.journal.list({ after: ROWS - PAGE, limit: PAGE }).entries.length }));
store.close();
rmSync(dir, { recursive: true, force: true });
