import { openTestStore } from './support/bir-setup.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUploaderThread } from '../../src/main/sync/thread.js';
import type { Uploader } from '../../src/main/sync/uploader.js';
import { ADMIN, apiClient, cash, type Api } from './support/hub-harness.js';
import { launchHub, type HubProcess } from './support/hub-process.js';
import { centralSeqStats, waitUntil } from './support/sync-compare.js';
import { freePort, prng, SaleSimulator } from './support/sync-fixtures.js';
import { call } from './support/sync-http.js';
import { createTestDatabase, type TestDatabase } from './support/sync-pg.js';
import { FaultProxy } from './support/sync-proxy.js';
import { spawnScript, type Child } from './support/sync-spawn.js';
import { createPool } from '../../src/central/db/pool.js';

// Upstream sync after restarts of hub and central, over a link that keeps dropping.
// The hub here is `npm run hub` itself (uploader on its worker thread), and central its
// own process, so both can be SIGKILLed. Every step waits for a count or an event (the
// hub answered, the hub tried to connect), not for a time window to pass.

const ADMIN_TOKEN = 'restarts-admin-token';
// The hub's longest backoff in these tests: "caught up once the link stays up" is
// bounded by it (a retry due at most this far away) plus one second.
const CAP_MS = 1000;
const SEED = Number(process.env.KAHERA_CHAOS_SEED ?? Math.floor(Math.random() * 1e9));

let db: TestDatabase;
let pool: pg.Pool;
let centralPort: number;
let centralUrl: string;
let central: Child;
let proxy: FaultProxy;
const dirs: string[] = [];
const hubs = new Set<HubProcess>();
const children = new Set<Child>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startCentral(): Promise<Child> {
  const c = spawnScript('./sync-central-process.ts', {
    DATABASE_URL: db.url,
    KAHERA_CENTRAL_PORT: String(centralPort),
    KAHERA_CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN,
  });
  children.add(c);
  void c.exited.then(() => children.delete(c));
  await c.ready;
  return c;
}

/** SIGKILLs central and starts it again on the same port and database. */
async function restartCentral(): Promise<void> {
  await central.kill('SIGKILL');
  central = await startCentral();
}

beforeAll(async () => {
  console.log(`sync-restarts seed ${SEED} (KAHERA_CHAOS_SEED to replay)`);
  db = await createTestDatabase();
  pool = createPool(db.url, 2);
  centralPort = await freePort();
  centralUrl = `http://127.0.0.1:${centralPort}`;
  central = await startCentral();
  proxy = await FaultProxy.start(centralPort, prng(SEED));
}, 60_000);

afterAll(async () => {
  for (const h of hubs) h.child.kill('SIGKILL');
  for (const c of [...children]) await c.kill('SIGKILL');
  await proxy?.close();
  await pool?.end();
  await db?.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function register(storeId: string): Promise<string> {
  const reg = await call<{ key: string }>(centralUrl, 'POST', '/api/v1/stores', { token: ADMIN_TOKEN, body: { storeId, name: storeId } });
  expect(reg.status).toBe(201);
  return reg.body.key;
}

async function centralCursor(storeId: string, key: string): Promise<number> {
  const r = await call<{ ackedThrough: number }>(centralUrl, 'GET', `/api/v1/stores/${storeId}/cursor`, { token: key });
  return r.status === 200 ? r.body.ackedThrough : -1;
}

/** A hub process of its own for `storeId`, syncing through the proxy. */
function hubLauncher(storeId: string, key: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kahera-restarts-'));
  dirs.push(dataDir);
  const env = { KAHERA_CENTRAL_URL: proxy.url, KAHERA_STORE_KEY: key, KAHERA_STORE_ID: storeId, KAHERA_SYNC_BACKOFF_MAX_MS: String(CAP_MS), KAHERA_LOG_LEVEL: 'info' };
  return {
    async start(): Promise<{ hub: HubProcess; api: Api; token: string }> {
      const hub = await launchHub(dataDir, env);
      hubs.add(hub);
      const api = apiClient(hub.url);
      const r = await api('POST', '/api/v1/auth/login', { body: ADMIN });
      expect(r.status).toBe(200);
      return { hub, api, token: r.body.token };
    },
    async kill(hub: HubProcess): Promise<void> {
      hub.child.kill('SIGKILL');
      await hub.exited;
      hubs.delete(hub);
    },
  };
}

/** A customer owing far more than the rounds will pay. */
async function customerWithDebt(api: Api, token: string): Promise<string> {
  const c = await api('POST', '/api/v1/customers', { token, body: { name: 'Restart customer' } });
  const t = await api('POST', '/api/v1/transactions', {
    token,
    body: { customerId: c.body.customer.id, lines: [{ description: 'Order', quantity: 1, unitPrice: 1_000_000_00 }] },
  });
  expect(t.status).toBe(201);
  return c.body.customer.id;
}

/** `n` settlements posted at once; every one answered 201. */
async function round(api: Api, token: string, customerId: string, name: string, n: number): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      api('POST', '/api/v1/settlements', { token, body: cash(customerId, 100 + i), headers: { 'idempotency-key': `${name}-${i}-${SEED}` } }),
    ),
  );
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
}

/** The link drops and comes back every 150–400 ms until `stop()`. */
function flapping(random: () => number) {
  let on = true;
  const done = (async () => {
    while (on) {
      proxy.set({ down: true });
      await sleep(150 + random() * 250);
      proxy.set({ down: false });
      await sleep(150 + random() * 250);
    }
  })();
  return async () => {
    on = false;
    await done;
    proxy.clear();
  };
}

describe('upstream sync after restarts', () => {
  it('three rounds of 60 settlements over a flapping link, hub SIGKILLed after the first, central after the second: all of it reaches central', async () => {
    const storeId = 'RST01';
    const key = await register(storeId);
    const hubs = hubLauncher(storeId, key);
    let { hub, api, token } = await hubs.start();
    const customerId = await customerWithDebt(api, token);
    const stopFlapping = flapping(prng(SEED));

    await round(api, token, customerId, 'r1', 60);
    await hubs.kill(hub);
    ({ hub, api, token } = await hubs.start());
    await round(api, token, customerId, 'r2', 60);
    await restartCentral();
    await round(api, token, customerId, 'r3', 60);

    await stopFlapping();
    const seq = (await api('GET', '/api/v1/health')).body.seq as number;
    expect(seq).toBe(2 + 180);
    await waitUntil('central holds every event', async () => (await centralCursor(storeId, key)) === seq, 30_000, 100);
    expect(await centralSeqStats(pool, storeId)).toEqual({ count: seq, distinct: seq, min: 1, max: seq, ackedThrough: seq });
    // `online` comes from the uploader thread's last message, a moment behind the ack on disk.
    await waitUntil('the hub reports it', async () => {
      const sync = (await api('GET', '/api/v1/health')).body.sync;
      return sync.pending === 0 && sync.online === true;
    }, 10_000, 100);
    expect((await api('GET', '/api/v1/health')).body.sync).toMatchObject({ online: true, pending: 0, lastError: null, nextRetryAt: null, conflictSeq: null });
    // Every failure on the way was logged with its reason, and every wait before a retry.
    const log = hub.output.filter((l) => l.includes('"component":"sync"'));
    expect(log.some((l) => l.includes('sync push failed') && l.includes('"error":"'))).toBe(true);
    expect(log.some((l) => l.includes('sync backing off') && l.includes('"reason":"') && l.includes('"nextRetryAt":"'))).toBe(true);
    await hubs.kill(hub);
  }, 120_000);

  it('a restarted hub whose first push meets a dropped link, with central killed right after: pushes within its backoff cap + 1 s once the link is up', async () => {
    const storeId = 'RST02';
    const key = await register(storeId);
    const hubs = hubLauncher(storeId, key);
    let { hub, api, token } = await hubs.start();
    const customerId = await customerWithDebt(api, token);
    await waitUntil('the first events reach central', async () => (await centralCursor(storeId, key)) === 2, 20_000, 50);

    proxy.set({ down: true });
    await round(api, token, customerId, 'q1', 3);
    await hubs.kill(hub);
    const tried = proxy.nextConnection();
    ({ hub, api, token } = await hubs.start());
    // The restarted uploader's first push is reset as it is sent.
    expect((await tried).refused).toBe(true);
    await restartCentral();
    const tried2 = proxy.nextConnection();
    proxy.set({ down: false });
    const upAt = Date.now();
    const pushed = await Promise.race([tried2.then(() => true), sleep(CAP_MS + 1000).then(() => false)]);
    const pushedAfter = Date.now() - upAt;
    expect(pushed, `the hub pushed within ${CAP_MS + 1000} ms of the link coming back`).toBe(true);
    await waitUntil('central holds the 3 waiting events', async () => (await centralCursor(storeId, key)) === 5, 20_000, 20);
    expect(pushedAfter).toBeLessThanOrEqual(CAP_MS + 1000);
    await waitUntil('the hub reports it', async () => (await api('GET', '/api/v1/health')).body.sync.pending === 0, 10_000, 100);
    await hubs.kill(hub);
  }, 90_000);
});

type Step =
  | { op: 'write'; n: number }
  | { op: 'cut' }
  | { op: 'down'; ms: number }
  | { op: 'killCentral' }
  | { op: 'restartUploader' }
  | { op: 'pause'; ms: number };

// A central restart costs a process start, so it is drawn less often than the rest.
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('write' as const), n: fc.integer({ min: 1, max: 15 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('cut' as const) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('down' as const), ms: fc.integer({ min: 20, max: 400 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('killCentral' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('restartUploader' as const) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 200 }) }), weight: 2 },
);

describe('upstream sync after restarts (property)', () => {
  let run = 0;
  it('over random schedules of writes, cuts, dropped links and kills: once the link stays up, the uploader pushes within its backoff cap + 1 s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(step, { minLength: 3, maxLength: 8 }), fc.integer({ min: 0, max: 1e6 }), async (startDown, steps, seed) => {
        const storeId = `PROP${++run}`;
        const key = await register(storeId);
        // A proxy of its own per run: a new origin, so the uploader's first connection
        // to it is a first one (a hub just started), which may meet a link that is down.
        const proxy = await FaultProxy.start(centralPort, prng(seed));
        proxy.set({ down: startDown });
        const dir = mkdtempSync(join(tmpdir(), 'kahera-prop-'));
        dirs.push(dir);
        const store = openTestStore({ file: join(dir, 'hub.db'), storeId });
        const sim = new SaleSimulator(store, seed);
        const lines: string[] = [];
        let started: () => void = () => undefined;
        const line = (level: string) => (o: object, msg?: string) => {
          lines.push(`${Date.now() % 100_000} ${level} ${msg} ${JSON.stringify(o)}`);
          if (msg === 'sync uploader started') started();
        };
        const logger = { debug: () => undefined, info: line('info'), warn: line('warn') };
        const opts = { db: store.db, centralUrl: proxy.url, storeId, storeKey: key, backoff: { baseMs: 50, capMs: CAP_MS }, pollMs: 50, logger };
        // On a thread of its own, as in the hub: a fresh thread is a fresh HTTP client, whose
        // first push may be the one the link drops. A thread takes a while to start on a
        // busy machine; the schedule runs against a running uploader.
        const startThread = async (): Promise<Uploader> => {
          const up = new Promise<void>((resolve) => (started = resolve));
          const u = startUploaderThread(opts);
          await up;
          return u;
        };
        let uploader: Uploader = await startThread();
        const unkick = store.onEvents(() => uploader.kick());
        try {
          sim.step();
          if (startDown) {
            await proxy.nextConnection();
            proxy.set({ down: false });
          }
          for (const s of steps) {
            if (s.op === 'write') for (let i = 0; i < s.n; i++) sim.step();
            else if (s.op === 'cut') proxy.cutAll();
            else if (s.op === 'down') {
              proxy.set({ down: true });
              await sleep(s.ms);
              proxy.set({ down: false });
            } else if (s.op === 'killCentral') await restartCentral();
            else if (s.op === 'restartUploader') {
              await uploader.stop();
              uploader = await startThread();
            } else await sleep(s.ms);
          }
          // The link stays up from here; everything written so far must reach central.
          proxy.clear();
          const last = store.lastSeq();
          const upAt = Date.now();
          await waitUntil(`central holds ${storeId} through ${last}`, async () => (await centralCursor(storeId, key)) >= last, 10_000, 10);
          const took = Date.now() - upAt;
          if (took > CAP_MS + 1000) console.log(`link up at ${upAt % 100_000}; uploader's log:\n${lines.join('\n')}`);
          expect(took, `caught up ${took} ms after the link came back (start ${startDown ? 'down' : 'up'}, ${JSON.stringify(steps)})`).toBeLessThanOrEqual(
            CAP_MS + 1000,
          );
        } finally {
          unkick();
          await uploader.stop();
          store.close();
          await proxy.close();
        }
      }),
      { numRuns: Number(process.env.KAHERA_PROPERTY_RUNS ?? 4), seed: SEED, endOnFailure: true, interruptAfterTimeLimit: 100_000 },
    );
  }, 150_000);
});
