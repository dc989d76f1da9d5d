/**
 * bench/catchup — draining a days-offline backlog into central Postgres.
 *
 *   npx tsx bench/catchup.ts [--events 100000] [--rounds 2]
 *
 * Same run, same Postgres, same table (store_events), same rows:
 *  1. raw:      the backlog's rows inserted straight into store_events with multi-row
 *               INSERT … VALUES (1000 rows a statement, 5000 a transaction): the floor.
 *  2. catch-up: the hub uploader (on its own thread, as in the hub) pushing the backlog over
 *               HTTP to central (its own process), which validates, inserts once (COPY),
 *               projects and advances the cursor.
 *  3. the till: while catch-up runs, a cashier settles every 5 ms in the hub process;
 *               latency = from when the request was due (timer) to settle() returning,
 *               so time the event loop spent on the uploader counts against it. Right after
 *               each settlement, one raw durable insert into another SQLite file on the same
 *               disk shows what an fsync costs at that moment (central's Postgres writes to
 *               the same disk here; at head office it has its own).
 * Each round uses a fresh hub and store id; the best of the rounds is compared, since
 * on a shared machine other work only ever slows a run down.
 * Needs DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { openTestStore } from '../tests/integration/support/bir-setup.js';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/main/db/connection.js';
import type { Store } from '../src/main/services/store.js';
import { startUploaderThread } from '../src/main/sync/thread.js';
import { ADMIN, appendSyntheticSales, freePort, SALES } from '../tests/integration/support/sync-fixtures.js';
import { createTestDatabase } from '../tests/integration/support/sync-pg.js';
import { spawnScript } from '../tests/integration/support/sync-spawn.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const EVENTS = arg('events', 100_000);
const ROUNDS = arg('rounds', 2);
const TILL_EVERY_MS = 5;
const ADMIN_TOKEN = 'bench-admin';

const dir = join(import.meta.dirname, '.tmp-catchup');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** CPU seconds the whole machine has spent busy so far (Linux /proc/stat; null elsewhere). */
function machineBusySeconds(): number | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const ticks = f.reduce((a, b) => a + b, 0) - f[3]! - f[4]!; // all but idle and iowait
    return ticks / 100; // USER_HZ
  } catch {
    return null;
  }
}

/** Customers with an open transaction each, for the till to settle during catch-up. */
function prepareTill(store: Store, count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = store.transactions.createCustomer({ name: `Walk-in ${i}` }, SALES);
    store.transactions.createTransaction({ customerId: c.id, lines: [{ description: 'Job', quantity: 1, unitPrice: 50_000 }] }, SALES);
    ids.push(c.id);
  }
  return ids;
}

interface OutboxRow {
  seq: number;
  type: string;
  occurred_at: string;
  payload: string;
}

interface TillSample {
  /** From when the request was due to settle() returning: what the cashier waits. */
  total: number;
  /** settle() alone (SQLite transaction with its fsync). */
  settle: number;
  /**
   * The disk's floor at that moment: one raw durable single-row insert into another SQLite
   * file on the same disk, right after the settlement (no Kahera code, same fsync).
   */
  floor: number;
}

/** A bare table in its own file, for the floor each till tick is compared with. */
function floorInsert(file: string): { insert: () => void; close: () => void } {
  const raw = openDatabase(file);
  raw.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, note TEXT NOT NULL)');
  const ins = raw.prepare('INSERT INTO t (amount, note) VALUES (?, ?)');
  return { insert: () => void ins.run(1, 'durable row'), close: () => raw.close() };
}

/** Settles at the till every TILL_EVERY_MS until stopped. */
function runTill(store: Store, customers: string[], floor: () => void): { stop: () => Promise<TillSample[]> } {
  const samples: TillSample[] = [];
  let stopped = false;
  let i = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => (finish = r));
  const tick = () => {
    if (stopped || i >= customers.length) return finish();
    const due = performance.now() + TILL_EVERY_MS;
    setTimeout(() => {
      const t0 = performance.now();
      store.settlements.settle(
        { customerId: customers[i++]!, amount: 1_000, tender: { method: 'cash', tendered: 1_000 }, allocation: { strategy: 'oldest_first' } },
        ADMIN,
      );
      const end = performance.now();
      floor();
      samples.push({ total: end - due, settle: end - t0, floor: performance.now() - end });
      tick();
    }, TILL_EVERY_MS);
  };
  tick();
  return {
    async stop() {
      stopped = true;
      await finished;
      return samples;
    },
  };
}

const tillLine = (label: string, xs: TillSample[]) => {
  const total = xs.map((x) => x.total);
  const settle = xs.map((x) => x.settle);
  const floor = xs.map((x) => x.floor);
  return `${label}: p50 ${pct(total, 50).toFixed(2)} ms, p99 ${pct(total, 99).toFixed(2)} ms, max ${Math.max(...total).toFixed(2)} ms ` +
    `(settle() alone p99 ${pct(settle, 99).toFixed(2)} ms; raw durable insert, same disk, same moments: p99 ${pct(floor, 99).toFixed(2)} ms; ${xs.length} settlements)`;
};

const db = await createTestDatabase('kahera_bench');
const centralPort = await freePort();
const central = spawnScript('./sync-central-process.ts', { DATABASE_URL: db.url, KAHERA_CENTRAL_PORT: String(centralPort), KAHERA_CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN });
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
try {
  const centralUrl = await central.ready;
  const register = async (storeId: string) => {
    const res = await fetch(`${centralUrl}/api/v1/stores`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ storeId, name: storeId }),
    });
    return ((await res.json()) as { key: string }).key;
  };

  const rawInsert = async (storeId: string, rows: OutboxRow[]): Promise<number> => {
    await register(storeId);
    const client = await pool.connect();
    const t0 = performance.now();
    for (let b = 0; b < rows.length; b += 5000) {
      await client.query('BEGIN');
      for (let c = b; c < Math.min(b + 5000, rows.length); c += 1000) {
        const chunk = rows.slice(c, Math.min(c + 1000, b + 5000, rows.length));
        const values: unknown[] = [];
        const tuples = chunk.map((r, k) => {
          values.push(storeId, r.seq, r.type, r.occurred_at, r.payload);
          const o = k * 5;
          return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}::jsonb)`;
        });
        await client.query(`INSERT INTO store_events (store_id, seq, type, occurred_at, payload) VALUES ${tuples.join(',')}`, values);
      }
      await client.query('COMMIT');
    }
    const seconds = (performance.now() - t0) / 1000;
    client.release();
    return rows.length / seconds;
  };

  console.log(`bench/catchup — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Postgres ${(await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version}`);
  const results: { raw: number; catchUp: number; idle: TillSample[]; during: TillSample[] }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const storeId = `BENCH${round}`;
    // Opened as the hub opens its store: WAL checkpoints on a worker thread, not in the till's commits.
    const store = openTestStore({ file: join(dir, `hub-${round}.sqlite`), storeId, backgroundCheckpoint: true });
    const tillCustomers = prepareTill(store, 3000);
    appendSyntheticSales(store.db, EVENTS, { tag: `b${round}` });
    const backlog = store.lastSeq();
    const rows = store.db.prepare('SELECT seq, type, occurred_at, payload FROM events ORDER BY seq').all() as OutboxRow[];
    const load = loadavg()[0]!;

    // 1. Raw multi-row insert of the same rows into the same table.
    const raw = await rawInsert(`RAW${round}`, rows);

    // 2. The till alone, for reference.
    const floor = floorInsert(join(dir, `floor-${round}.sqlite`));
    const idleTill = runTill(store, tillCustomers.slice(0, 300), floor.insert);
    await new Promise((r) => setTimeout(r, 2000));
    const idle = await idleTill.stop();

    // 3. Catch-up, with the till settling all along.
    const key = await register(storeId);
    const till = runTill(store, tillCustomers.slice(300), floor.insert);
    const t0 = performance.now();
    const busy0 = machineBusySeconds();
    // On its own thread, as the hub runs it (src/main/sync/index.ts startSync).
    const uploader = startUploaderThread({ db: store.db, centralUrl, storeId, storeKey: key, pollMs: 50 });
    while (uploader.status().ackedThrough < backlog) await new Promise((r) => setTimeout(r, 20));
    const wall = (performance.now() - t0) / 1000;
    const catchUp = backlog / wall;
    const busy1 = machineBusySeconds();
    const cpu = busy0 !== null && busy1 !== null ? (busy1 - busy0) / wall : null;
    const during = await till.stop();
    await uploader.stop();
    floor.close();
    store.close();
    results.push({ raw, catchUp, idle, during });

    if (round === 1) {
      const payloadBytes = rows.reduce((n, r) => n + r.payload.length, 0);
      console.log(`backlog: ${fmt(backlog)} events (${(payloadBytes / 1024 / 1024).toFixed(1)} MiB of payload JSON), ${ROUNDS} rounds`);
    }
    console.log(`round ${round} (load ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)} on ${cpus().length} shared cores):`);
    console.log(`  raw multi-row insert : ${fmt(raw)} events/s`);
    console.log(`  catch-up via central : ${fmt(catchUp)} events/s — ${((catchUp / raw) * 100).toFixed(0)}% of this round's raw` +
      (cpu !== null ? ` (machine busy ${cpu.toFixed(2)} of ${cpus().length} cores meanwhile: hub, central, Postgres)` : ''));
    console.log(tillLine('  till, idle           ', idle));
    console.log(tillLine('  till, during catch-up', during));
  }

  // Other work on a shared machine only ever slows a run down: the best of each is the
  // closest to what the code itself costs.
  const bestRaw = Math.max(...results.map((r) => r.raw));
  const bestCatchUp = Math.max(...results.map((r) => r.catchUp));
  const quietest = results.reduce((a, b) => (pct(b.during.map((x) => x.total), 99) < pct(a.during.map((x) => x.total), 99) ? b : a));
  const bestP99 = pct(quietest.during.map((x) => x.total), 99);
  const floorP99 = pct(quietest.during.map((x) => x.floor), 99);
  console.log(
    `best of ${ROUNDS}: raw ${fmt(bestRaw)} events/s, catch-up ${fmt(bestCatchUp)} events/s = ${((bestCatchUp / bestRaw) * 100).toFixed(0)}% of raw; ` +
      `till p99 during catch-up ${bestP99.toFixed(2)} ms (a raw durable insert on the same disk at the same moments: p99 ${floorP99.toFixed(2)} ms)`,
  );
  console.log(`targets: ≥ 10,000 events/s ${bestCatchUp >= 10_000 ? 'met' : 'MISSED'}; ≥ 50% of raw ${bestCatchUp >= bestRaw / 2 ? 'met' : 'MISSED'}; till p99 < 10 ms ${bestP99 < 10 ? 'met' : 'MISSED'}`);
} finally {
  await pool.end();
  await central.kill('SIGTERM');
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
