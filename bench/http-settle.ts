/**
 * bench/http-settle — settlements per second through the hub's HTTP API, 8 concurrent
 * clients, against the ledger core's own rate, same disk (bench/.tmp), same run.
 *
 *   npx tsx bench/http-settle.ts [--seconds 5] [--clients 8]
 *
 *  1. core one-at-a-time: store.settlements.settle, one SQLite transaction (one fsync) each.
 *  2. core grouped:       the same CLIENTS closed-loop callers through GroupCommitter, in-process.
 *  3. HTTP:               the hub as `npm run hub` runs it (child process); CLIENTS closed-loop
 *                         HTTP clients (node:http, keep-alive) POST /api/v1/settlements with
 *                         Idempotency-Key. The clients share the machine's 2 cores with the hub.
 * The store is seeded identically for each; the hub's books are audited afterwards.
 */
import { openTestStore } from '../tests/integration/support/bir-setup.js';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/main/db/connection.js';
import { auditStore } from '../src/main/services/audit.js';
import { GroupCommitter } from '../src/main/services/group-commit.js';
import type { Actor, Store } from '../src/main/services/store.js';
import { apiClient } from '../tests/integration/support/hub-harness.js';
import { launchHub } from '../tests/integration/support/hub-process.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const SECONDS = arg('seconds', 5);
const CLIENTS = arg('clients', 8);

const dir = join(import.meta.dirname, '.tmp', 'http-settle');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const sales: Actor = { id: 'usr_bench_sales', role: 'sales' };
const cashier: Actor = { id: 'usr_bench_cashier', role: 'cashier' };

/** 200 customers each owing 100 ₱50.00 job orders: a ₱10–70 payment spans 1–3 of them. */
function seed(store: Store): string[] {
  const ids: string[] = [];
  store.write(() => {
    for (let c = 0; c < 200; c++) {
      const cus = store.transactions.createCustomer({ name: `Customer ${c}` }, sales);
      ids.push(cus.id);
      for (let j = 0; j < 100; j++) {
        store.transactions.createTransaction({ customerId: cus.id, lines: [{ description: `JO ${j}`, quantity: 1, unitPrice: 5_000 }] }, sales);
      }
    }
  });
  return ids;
}

const body = (customerId: string, i: number) => ({
  customerId,
  amount: 1_000 + ((i * 7919) % 6_000),
  tender: { method: 'cash' as const, tendered: 20_000 },
  allocation: { strategy: 'oldest_first' as const },
});

interface Run {
  rate: number;
  p50: number;
  p99: number;
  count: number;
  /** CPU ms per settlement: the hub process, and this (client) process. */
  hubCpu?: number;
  clientCpu?: number;
}

/** user+system CPU ms of a process, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

function summarize(latencies: number[], elapsedMs: number): Run {
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { rate: latencies.length / (elapsedMs / 1000), p50: pct(0.5), p99: pct(0.99), count: latencies.length };
}

/** CLIENTS closed-loop callers for SECONDS. */
async function closedLoop(call: (client: number, n: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  let n = 0;
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await call(c, n++);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return summarize(latencies, performance.now() - t0);
}

function coreOneByOne(): Run {
  const store = openTestStore({ file: join(dir, 'core-one.sqlite'), storeId: 'BENCH1' });
  const customers = seed(store);
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; performance.now() - t0 < SECONDS * 1000; i++) {
    const started = performance.now();
    store.settlements.settle(body(customers[i % customers.length]!, i), cashier);
    latencies.push(performance.now() - started);
  }
  const run = summarize(latencies, performance.now() - t0);
  store.close();
  return run;
}

async function coreGrouped(): Promise<Run> {
  const store = openTestStore({ file: join(dir, 'core-group.sqlite'), storeId: 'BENCH2' });
  const customers = seed(store);
  const committer = new GroupCommitter(store, { windowMs: 0 });
  const cpu0 = process.cpuUsage();
  const run = await closedLoop(async (c, n) => {
    const opts = { idempotencyKey: `core-${c}-${n}-bench` };
    const prepared = store.settlements.prepare(body(customers[(c + n) % customers.length]!, n), cashier, opts);
    await committer.submit(() => store.settlements.settleInTransaction(prepared, cashier, opts));
  });
  const cpu = process.cpuUsage(cpu0);
  run.hubCpu = (cpu.user + cpu.system) / 1000 / run.count;
  store.close();
  return run;
}

/**
 * POST with node:http over keep-alive connections: fetch (undici) costs this process
 * ~1.4 ms of CPU per request, which on 2 cores is CPU taken from the hub under test.
 */
function poster(baseUrl: string, token: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const url = new URL(baseUrl);
  return (path: string, payload: unknown, key: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const data = JSON.stringify(payload);
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: `Bearer ${token}`, 'idempotency-key': key },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
}

async function overHttp(): Promise<Run> {
  const hubDir = join(dir, 'hub');
  // Seed the store file before the hub owns it; the hub then creates its admin on first start.
  const pre = openTestStore({ file: join(hubDir, 'store.sqlite'), storeId: 'BENCH3' });
  const customers = seed(pre);
  pre.close();
  const hub = await launchHub(hubDir, { KAHERA_LOG_LEVEL: 'warn' });
  let run: Run;
  try {
    const api = apiClient(hub.url);
    const login = await api('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'admin-pass-1' } });
    const token: string = login.body.token;
    // Warm up the connections and the JIT.
    for (let i = 0; i < 50; i++) await api('POST', '/api/v1/settlements', { token, body: body(customers[i]!, i), headers: { 'idempotency-key': `warm-${i}-bench` } });
    const post = poster(hub.url, token);
    const hubCpu0 = cpuMsOf(hub.child.pid!);
    const clientCpu0 = process.cpuUsage();
    run = await closedLoop(async (c, n) => {
      const status = await post('/api/v1/settlements', body(customers[(c + n) % customers.length]!, n), `http-${c}-${n}-bench`);
      if (status !== 201) throw new Error(`settle: HTTP ${status}`);
    });
    const client = process.cpuUsage(clientCpu0);
    run.hubCpu = (cpuMsOf(hub.child.pid!) - hubCpu0) / run.count;
    run.clientCpu = (client.user + client.system) / 1000 / run.count;
  } finally {
    hub.child.kill('SIGTERM');
    await hub.exited;
  }
  const db = openDatabase(join(hubDir, 'store.sqlite'), { readonly: true });
  const audit = auditStore(db);
  db.close();
  if (!audit.ok) throw new Error(`audit failed: ${audit.problems.join('; ')}`);
  return run;
}

const one = coreOneByOne();
const grouped = await coreGrouped();
const http = await overHttp();
const f = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 }).padStart(6);
const ms = (r: Run) => `p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${r.count} in ${SECONDS}s)`;
console.log(`bench/http-settle  (${CLIENTS} concurrent clients, ${SECONDS}s each, synchronous=FULL, WAL, same disk)`);
console.log(`core one-at-a-time           ${f(one.rate)} settlements/s  ${ms(one)}`);
console.log(`core group commit (${CLIENTS} callers) ${f(grouped.rate)} settlements/s  ${ms(grouped)}  CPU ${grouped.hubCpu?.toFixed(2)} ms/settlement`);
console.log(`HTTP API (${CLIENTS} clients)        ${f(http.rate)} settlements/s  ${ms(http)}`);
console.log(`  CPU per settlement: hub process ${http.hubCpu?.toFixed(2)} ms, HTTP clients (this process) ${http.clientCpu?.toFixed(2)} ms, on ${cpus().length} cores`);
console.log(`ratio HTTP / core grouped    ${(http.rate / grouped.rate).toFixed(2)}   HTTP / core one-at-a-time ${(http.rate / one.rate).toFixed(2)}`);
rmSync(dir, { recursive: true, force: true });
