/**
 * bench/fanout — settle-request → `payment_status_updated` received, at N terminals.
 *
 *   npx tsx bench/fanout.ts [--sizes 50,200,1000] [--samples 2000] [--rounds 10]
 *                           [--rate 20 | 20,20,10] [--workers 2] [--hub-prof DIR]
 *
 * The hub runs as `npm run hub` does (child process, synchronous=FULL, data in bench/.tmp);
 * N real socket.io-clients (10% admin, 50% cashier, 40% sales over 5 clerks), each on its
 * own connection, subscribe to payment status. Settlements post over HTTP at a steady
 * rate; latency = from sending POST /settlements to each terminal in scope receiving the
 * update (one latency per terminal per update). Baseline: a bare Socket.IO server
 * (another child process) doing one `io.emit` of the same payload to N plain clients on
 * POST /emit — no auth, scope, database or fsync.
 *
 * `--samples` updates per side per size (default 2,000), taken in `--rounds` rounds per
 * side that alternate hub, bare, bare, hub, … so both sides see the same stretch of the
 * machine's load; each round's figures, its hub/bare p99 ratio (against the bare round
 * next to it) and the figures over all rounds are printed, with the load average.
 *
 * The terminals live in `--workers` child processes (default 2, one per core), not in
 * the process that sends and times: at 1,000 terminals an update is ~1,000–2,000 packet
 * decodes. Each round prints how busy the busiest client process was (event-loop
 * utilisation); well below 1 means the clients were keeping up.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, uptime } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { apiClient, type Api } from '../tests/integration/support/hub-harness.js';
import { launchHub } from '../tests/integration/support/hub-process.js';
import { monoMs, type ClientCommand, type Collected } from './support/fanout-clients.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const SIZES = arg('sizes', '50,200,1000').split(',').map(Number);
const RATES = arg('rate', '').split(',').filter(Boolean).map(Number);
const rateFor = (_size: number, i: number) => RATES[i] ?? RATES[0] ?? 20;
const SAMPLES = Number(arg('samples', '2000'));
const ROUNDS = Number(arg('rounds', '10'));
const PER_ROUND = Math.ceil(SAMPLES / ROUNDS);
const WORKERS = Number(arg('workers', '2'));
const HUB_PROF = arg('hub-prof', '');
const WARMUP = 40;

const dir = join(import.meta.dirname, '.tmp', 'fanout');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: Float64Array, p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
/** user+system CPU time of a process, ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function startBare(): Promise<{ url: string; pid: number | undefined; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'bare-emit-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      const { ready } = JSON.parse(line) as { ready: number };
      resolve({ url: `http://127.0.0.1:${ready}`, pid: child.pid, stop: () => child.kill('SIGTERM') });
    });
  });
}

/** The client threads: commands out, one answer back per command. */
class Clients {
  private readonly workers: ChildProcess[];
  private last: { idle: number; active: number }[];
  constructor(n: number) {
    this.workers = Array.from({ length: n }, () =>
      fork(join(import.meta.dirname, 'support', 'fanout-clients.ts'), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    this.last = this.workers.map(() => ({ idle: 0, active: 0 }));
  }
  private ask<T>(w: ChildProcess, m: ClientCommand): Promise<T> {
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => reject(err);
      w.once('error', fail);
      w.once('message', (answer: T & { error?: string }) => {
        w.off('error', fail);
        if (answer.error) reject(new Error(answer.error));
        else resolve(answer);
      });
      w.send(m);
    });
  }
  /** Deals the terminals out round-robin, so every thread gets the same mix of roles. */
  async connect(side: 'hub' | 'bare', url: string, auths: ({ token: string } | null)[], subscribe: boolean): Promise<void> {
    await Promise.all(this.workers.map((w, i) => this.ask(w, { cmd: 'connect', side, url, auths: auths.filter((_, j) => j % this.workers.length === i), subscribe })));
  }
  /** Arrivals since the last collect, and the busiest thread's event-loop utilisation since then. */
  async collect(): Promise<{ hub: { seqs: Float64Array; at: Float64Array }[]; bare: { seqs: Float64Array; at: Float64Array }[]; elu: number }> {
    const all = await Promise.all(this.workers.map((w) => this.ask<Collected>(w, { cmd: 'collect' })));
    let elu = 0;
    all.forEach((c, i) => {
      const d = { idle: c.idle - this.last[i]!.idle, active: c.active - this.last[i]!.active };
      this.last[i] = { idle: c.idle, active: c.active };
      elu = Math.max(elu, d.active / (d.idle + d.active || 1));
    });
    return { hub: all.map((c) => c.hub), bare: all.map((c) => c.bare), elu };
  }
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => this.ask(w, { cmd: 'disconnect' })));
    for (const w of this.workers) w.kill('SIGTERM');
  }
}

interface Side {
  name: 'hub' | 'bare';
  pid: number | undefined;
  /** Terminals that should receive update `k`. */
  audienceOf: (k: number) => number;
  /** Sends update `k`; resolves with the `seq` its terminals will receive. */
  trigger: (k: number) => Promise<number>;
}

interface Round {
  lat: Float64Array;
  received: number;
  expected: number;
  elu: number;
  cpuPerUpdate: number;
  load: number;
}

/** `n` updates at `rate`/s from one side; waits until every one has reached every terminal in scope (or 10 s). */
async function round(clients: Clients, side: Side, n: number, rate: number, kOffset: number): Promise<Round> {
  await clients.collect(); // drop strays, start the utilisation window here
  const load = loadavg()[0]!;
  const cpu0 = cpuMs(side.pid);
  const sentAt = new Map<number, number>();
  const inflight: Promise<void>[] = [];
  let expected = 0;
  const t0 = monoMs();
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / rate - monoMs();
    if (wait > 0) await sleep(wait);
    const k = kOffset + i;
    expected += side.audienceOf(k);
    const at = monoMs();
    inflight.push(side.trigger(k).then((seq) => void sentAt.set(seq, at)));
  }
  await Promise.all(inflight);
  const lat: number[] = [];
  let elu = 0;
  const deadline = monoMs() + 10_000;
  while (lat.length < expected && monoMs() < deadline) {
    const got = await clients.collect();
    elu = Math.max(elu, got.elu);
    for (const part of got[side.name]) {
      for (let j = 0; j < part.seqs.length; j++) {
        const sent = sentAt.get(part.seqs[j]!);
        if (sent !== undefined) lat.push(part.at[j]! - sent);
      }
    }
    if (lat.length < expected) await sleep(50);
  }
  return { lat: Float64Array.from(lat).sort(), received: lat.length, expected, elu, cpuPerUpdate: (cpuMs(side.pid) - cpu0) / n, load };
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

interface Stats {
  p50: number;
  p99: number;
  p999: number;
}
const stats = (l: Float64Array): Stats => ({ p50: pct(l, 0.5), p99: pct(l, 0.99), p999: pct(l, 0.999) });
const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1)).padStart(5);
const fs3 = (s: Stats) => `${f(s.p50)} / ${f(s.p99)} / ${f(s.p999)}`;
const concat = (xs: Float64Array[]) => {
  const out = new Float64Array(xs.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of xs) {
    out.set(x, o);
    o += x.length;
  }
  return out.sort();
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const hub = await launchHub(join(dir, 'hub'), { KAHERA_LOG_LEVEL: 'warn' }, HUB_PROF ? ['--cpu-prof', `--cpu-prof-dir=${HUB_PROF}`] : []);
const bare = await startBare();
const summary: string[] = [];
try {
  const api = apiClient(hub.url);
  const { admin, sales, cashiers, customers } = await setUpStore(api);
  const txIds = customers.map((c) => c.txId);
  const [l1, l5, l15] = loadavg().map((x) => x.toFixed(1));
  console.log(
    `bench/fanout  ${PER_ROUND * ROUNDS} updates per side per size, ${ROUNDS} alternating rounds of ${PER_ROUND} per side; ` +
      `terminals in ${WORKERS} client process(es); hub synchronous=FULL; ${cpus().length} cores, up ${(uptime() / 3600).toFixed(1)} h, load average ${l1} ${l5} ${l15}`,
  );
  for (const [si, size] of SIZES.entries()) {
    const rate = rateFor(size, si);
    const roles = Array.from({ length: size }, (_, i) => (i % 10 === 0 ? 'admin' : i % 10 <= 5 ? 'cashier' : 'sales'));
    const auths = roles.map((r, i) => ({ token: r === 'admin' ? admin : r === 'cashier' ? cashiers[i % 5]!.token : sales[i % 5]!.token }));
    const admins = roles.filter((r) => r === 'admin').length;
    const cashierCount = roles.filter((r) => r === 'cashier').length;
    const salesOf = (clerk: number) => roles.filter((r, i) => r === 'sales' && i % 5 === clerk).length;
    const clients = new Clients(WORKERS);
    await clients.connect('hub', hub.url, auths, true);
    await clients.connect('bare', bare.url, Array.from({ length: size }, () => null), false);
    let settled = 0;
    const hubSide: Side = {
      name: 'hub',
      pid: hub.child.pid,
      audienceOf: (k) => admins + cashierCount + salesOf(customers[k % customers.length]!.clerk),
      trigger: async (k) => {
        settled += 1;
        const c = customers[k % customers.length]!;
        const body = { customerId: c.id, amount: 100 + (settled % 50), tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } };
        const r = await api('POST', '/api/v1/settlements', { token: admin, body, headers: { 'idempotency-key': `fanout-${size}-${settled}-${Date.now()}` } });
        if (r.status !== 201) throw new Error(`settle: ${r.status} ${JSON.stringify(r.body)}`);
        return Number(r.headers.get('x-kahera-seq'));
      },
    };
    let tag = 0;
    const bareSide: Side = {
      name: 'bare',
      pid: bare.pid,
      audienceOf: () => size,
      trigger: async (k) => {
        const seq = ++tag;
        const r = await fetch(`${bare.url}/emit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ transactionId: txIds[k % txIds.length], seq }) });
        await r.text();
        return seq;
      },
    };
    // Warm-up (JIT, SQLite cache, socket buffers), not counted.
    await round(clients, hubSide, WARMUP, rate, 0);
    await round(clients, bareSide, WARMUP, rate, 0);
    console.log(`\n${size} terminals, ${rate} updates/s; per update the hub reaches ${hubSide.audienceOf(0)}–${hubSide.audienceOf(1)} of them (scope), the bare emit all ${size}`);
    console.log('round | hub p50 / p99 / p99.9 ms  | bare p50 / p99 / p99.9 ms | p99 hub/bare | load | hub / bare CPU ms per update | client ELU hub / bare');
    const hubRounds: Round[] = [];
    const bareRounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // hub, bare, bare, hub, …: neither side always goes first.
      const order = r % 2 === 0 ? [hubSide, bareSide] : [bareSide, hubSide];
      for (const side of order) (side === hubSide ? hubRounds : bareRounds).push(await round(clients, side, PER_ROUND, rate, (r + 1) * PER_ROUND));
      const h = hubRounds[r]!;
      const b = bareRounds[r]!;
      const hs = stats(h.lat);
      const bs = stats(b.lat);
      const lost = h.received < h.expected || b.received < b.expected ? `  LOST ${h.expected - h.received} hub / ${b.expected - b.received} bare` : '';
      console.log(
        `${String(r + 1).padStart(5)} | ${fs3(hs)}  | ${fs3(bs)}  | ${(hs.p99 / bs.p99).toFixed(2).padStart(6)}×     | ${((h.load + b.load) / 2).toFixed(1).padStart(4)} | ` +
          `${h.cpuPerUpdate.toFixed(2)} / ${b.cpuPerUpdate.toFixed(2)}                  | ${h.elu.toFixed(2)} / ${b.elu.toFixed(2)}${lost}`,
      );
    }
    await clients.close();
    const hs = stats(concat(hubRounds.map((x) => x.lat)));
    const bs = stats(concat(bareRounds.map((x) => x.lat)));
    const ratios = hubRounds.map((h, i) => stats(h.lat).p99 / stats(bareRounds[i]!.lat).p99);
    const within = ratios.filter((x) => x <= 1.5).length;
    const received = (rs: Round[]) => `${rs.reduce((n, x) => n + x.received, 0)}/${rs.reduce((n, x) => n + x.expected, 0)}`;
    console.log(
      `  all | ${fs3(hs)}  | ${fs3(bs)}  | ${(hs.p99 / bs.p99).toFixed(2).padStart(6)}×     | received hub ${received(hubRounds)}, bare ${received(bareRounds)}; ` +
        `per-round p99 ratio median ${median(ratios).toFixed(2)}×, ${within}/${ROUNDS} rounds ≤ 1.5×`,
    );
    summary.push(
      `${String(size).padStart(9)} | ${fs3(hs)} | ${fs3(bs)} | ${(hs.p99 / bs.p99).toFixed(2)}× (${hs.p99 / bs.p99 <= 1.5 ? 'met' : 'MISSED'}) | ${median(ratios).toFixed(2)}×, ${within}/${ROUNDS} ≤ 1.5× | ` +
        `${median(hubRounds.map((x) => x.cpuPerUpdate)).toFixed(2)} | ${Math.max(...hubRounds.map((x) => x.elu), ...bareRounds.map((x) => x.elu)).toFixed(2)}`,
    );
  }
  const [e1, e5, e15] = loadavg().map((x) => x.toFixed(1));
  console.log(`\nsummary (all rounds; load average now ${e1} ${e5} ${e15}; target hub p99 ≤ 1.5× bare)`);
  console.log('terminals | hub p50 / p99 / p99.9 ms | bare p50 / p99 / p99.9 ms | p99 ratio, all | per-round ratio median | hub CPU ms/update | busiest client process');
  for (const line of summary) console.log(line);
} finally {
  bare.stop();
  hub.child.kill('SIGTERM');
  await hub.exited;
  rmSync(dir, { recursive: true, force: true });
}
