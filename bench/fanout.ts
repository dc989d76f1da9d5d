/**
 * bench/fanout — settle-request → `payment_status_updated` received, at N terminals.
 *
 *   npx tsx bench/fanout.ts [--sizes 50,200,1000] [--rate N] [--samples 100] [--rounds 3]
 *
 * The hub runs as `npm run hub` does (child process, synchronous=FULL, data in bench/.tmp);
 * N real socket.io-clients (10% admin, 50% cashier, 40% sales over 5 clerks), each on its
 * own connection, subscribe to payment status. Settlements post over HTTP at a steady
 * rate; latency = from sending POST /settlements to each terminal in scope receiving the
 * update. Baseline, same machine, same run, same clients: a bare Socket.IO server doing
 * one `io.emit` of the same payload on POST /emit (no auth, scope, database or fsync).
 * Both sides are triggered interleaved, half a period apart, so they share the machine's
 * load. All clients live in this one process: at 1,000 terminals each update costs it
 * ~2,000 packet decodes, so the default rate drops there (20/s below 1,000, 4/s at 1,000)
 * to measure the hub rather than this process's backlog.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { apiClient, type Api } from '../tests/integration/support/hub-harness.js';
import { launchHub } from '../tests/integration/support/hub-process.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const SIZES = arg('sizes', '50,200,1000').split(',').map(Number);
const RATE_ARG = arg('rate', '');
const rateFor = (size: number) => (RATE_ARG ? Number(RATE_ARG) : size >= 1000 ? 4 : 20);
const SAMPLES = Number(arg('samples', '100'));
const ROUNDS = Number(arg('rounds', '3'));
const WARMUP = 15;

const dir = join(import.meta.dirname, '.tmp', 'fanout');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

interface Result {
  p50: number;
  p99: number;
  max: number;
  receipts: number;
  expected: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

function startBare(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'bare-emit-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      const { ready } = JSON.parse(line) as { ready: number };
      resolve({ url: `http://127.0.0.1:${ready}`, stop: () => child.kill('SIGTERM') });
    });
  });
}

interface Side {
  sockets: Socket[];
  sentAt: Map<string, number>;
  latencies: number[];
  expected: number;
  audienceOf: (txIndex: number) => number;
  trigger: (txIndex: number) => Promise<void>;
}

/** One socket per auth, each on its own connection, connected 50 at a time. */
async function connect(url: string, auths: ({ token: string } | undefined)[], subscribe: boolean, side: Omit<Side, 'sockets'>): Promise<Side> {
  const sockets: Socket[] = [];
  for (let i = 0; i < auths.length; i += 50) {
    await Promise.all(
      auths.slice(i, i + 50).map(async (auth) => {
        const s = io(url, { transports: ['websocket'], forceNew: true, auth: auth ?? {}, reconnection: false });
        s.on('payment_status_updated', (p: { transactionId: string }) => {
          const at = performance.now();
          const sent = side.sentAt.get(p.transactionId);
          if (sent !== undefined) side.latencies.push(at - sent);
        });
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
        if (subscribe) await s.emitWithAck('subscribe:payment_status', undefined);
        sockets.push(s);
      }),
    );
  }
  return { ...side, sockets };
}

/**
 * Triggers both sides at RATE per second each, interleaved half a period apart so both
 * run under the same machine load, round-robin over `txIds` (a transaction is reused
 * only every txIds.length / RATE seconds, so its send time is unambiguous).
 */
async function run(sides: Side[], txIds: string[], rate: number, warmup: number): Promise<Result[]> {
  const inflight: Promise<void>[] = [];
  for (const side of sides) {
    side.latencies.length = 0;
    side.expected = 0;
  }
  const t0 = performance.now();
  for (let n = 0; n < warmup + SAMPLES; n++) {
    if (n === warmup) {
      await Promise.all(inflight);
      await sleep(300);
      for (const side of sides) side.latencies.length = 0;
    }
    const k = n % txIds.length;
    for (const [i, side] of sides.entries()) {
      const wait = t0 + ((n + i / sides.length) * 1000) / rate - performance.now();
      if (wait > 0) await sleep(wait);
      side.sentAt.set(txIds[k]!, performance.now());
      if (n >= warmup) side.expected += side.audienceOf(k);
      inflight.push(side.trigger(k));
    }
  }
  await Promise.all(inflight);
  await sleep(1000);
  return sides.map((side) => {
    const l = [...side.latencies].sort((a, b) => a - b);
    return { p50: pct(l, 0.5), p99: pct(l, 0.99), max: l.at(-1) ?? NaN, receipts: l.length, expected: side.expected };
  });
}

async function setUpStore(api: Api) {
  const login = await api('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'admin-pass-1' } });
  const admin: string = login.body.token;
  const users = async (role: string, prefix: string) => {
    const ids: { id: string; token: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const username = `${prefix}-${i}`;
      await api('POST', '/api/v1/staff', { token: admin, body: { username, password: `${username}-password`, role, displayName: username } });
      const r = await api('POST', '/api/v1/auth/login', { body: { username, password: `${username}-password` } });
      ids.push({ id: r.body.user.id, token: r.body.token });
    }
    return ids;
  };
  const sales = await users('sales', 'sales');
  const cashiers = await users('cashier', 'cashier');
  // 20 customers, one large job order each, from the 5 clerks in turn: every settlement
  // leaves it partial, so it reaches admins, all cashiers, and its clerk's terminals.
  const customers: { id: string; txId: string; clerk: number }[] = [];
  for (let i = 0; i < 20; i++) {
    const clerk = sales[i % 5]!;
    const c = await api('POST', '/api/v1/customers', { token: clerk.token, body: { name: `Customer ${i}` } });
    const t = await api('POST', '/api/v1/transactions', {
      token: clerk.token,
      body: { customerId: c.body.customer.id, lines: [{ description: 'Big job', quantity: 1, unitPrice: 90_000_000_000 }] },
    });
    customers.push({ id: c.body.customer.id, txId: t.body.transaction.id, clerk: i % 5 });
  }
  return { admin, sales, cashiers, customers };
}

const hub = await launchHub(join(dir, 'hub'), { KAHERA_LOG_LEVEL: 'warn' });
const bare = await startBare();
try {
  const api = apiClient(hub.url);
  const { admin, sales, cashiers, customers } = await setUpStore(api);
  const txIds = customers.map((c) => c.txId);
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log(`bench/fanout  (${SAMPLES} measured per round, best of ${ROUNDS} rounds per size; hub synchronous=FULL; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
  console.log('terminals | rate/s | hub settle→received p50 / p99 (max) ms | bare io.emit p50 / p99 (max) ms | p99 ratio | targets');
  const targets: Record<number, number> = { 50: 10, 200: 25, 1000: 75 };
  for (const size of SIZES) {
    const roles = Array.from({ length: size }, (_, i) => (i % 10 === 0 ? 'admin' : i % 10 <= 5 ? 'cashier' : 'sales'));
    const auths = roles.map((r, i) => ({ token: r === 'admin' ? admin : r === 'cashier' ? cashiers[i % 5]!.token : sales[i % 5]!.token }));
    const admins = roles.filter((r) => r === 'admin').length;
    const cashierCount = roles.filter((r) => r === 'cashier').length;
    const salesOf = (clerk: number) => roles.filter((r, i) => r === 'sales' && i % 5 === clerk).length;
    let k = 0;
    const hubSide = await connect(hub.url, auths, true, {
      sentAt: new Map(),
      latencies: [],
      expected: 0,
      audienceOf: (tx) => admins + cashierCount + salesOf(customers[tx]!.clerk),
      trigger: async (tx) => {
        k += 1;
        const body = { customerId: customers[tx]!.id, amount: 100 + (k % 50), tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } };
        const r = await api('POST', '/api/v1/settlements', { token: admin, body, headers: { 'idempotency-key': `fanout-${size}-${k}-${Date.now()}` } });
        if (r.status !== 201) throw new Error(`settle: ${r.status} ${JSON.stringify(r.body)}`);
      },
    });
    const bareSide = await connect(bare.url, Array.from({ length: size }, () => undefined), false, {
      sentAt: new Map(),
      latencies: [],
      expected: 0,
      audienceOf: () => size,
      trigger: async (tx) => {
        const r = await fetch(`${bare.url}/emit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ transactionId: txIds[tx] }) });
        await r.text();
      },
    });
    // Other work on the machine shows up as stalls in both sides' p99: run ROUNDS rounds
    // and report the quietest (lowest bare p99), both sides from that same round.
    const rounds: [Result, Result][] = [];
    for (let r = 0; r < ROUNDS; r++) rounds.push((await run([hubSide, bareSide], txIds, rateFor(size), r === 0 ? WARMUP : 3)) as [Result, Result]);
    for (const sock of [...hubSide.sockets, ...bareSide.sockets]) sock.disconnect();
    const [h, b] = rounds.reduce((best, x) => (x[1].p99 < best[1].p99 ? x : best));
    const all = rounds.map(([x, y]) => `${x.p99.toFixed(0)}/${y.p99.toFixed(0)}`).join(' ');
    const target = targets[size];
    const verdict = target === undefined ? '' : `p99 ≤ ${target} ms: ${h.p99 <= target ? 'met' : 'MISSED'}; ≤ 2× bare: ${h.p99 <= 2 * b.p99 ? 'met' : 'MISSED'}`;
    console.log(
      `${String(size).padStart(9)} | ${String(rateFor(size)).padStart(6)} | ${f(h.p50)} / ${f(h.p99)} (${f(h.max)})  [${h.receipts}/${h.expected} received] | ` +
        `${f(b.p50)} / ${f(b.p99)} (${f(b.max)})  [${b.receipts}/${b.expected}] | ${(h.p99 / b.p99).toFixed(2)}× | ${verdict} | rounds hub/bare p99: ${all}`,
    );
  }
} finally {
  bare.stop();
  hub.child.kill('SIGTERM');
  await hub.exited;
  rmSync(dir, { recursive: true, force: true });
}
