import { openTestStore } from './support/bir-setup.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralHandle } from '../../src/central/server.js';
import type { Store } from '../../src/main/services/store.js';
import { startSync, syncConfigFromEnv } from '../../src/main/sync/index.js';
import type { SyncStatus } from '../../src/main/sync/status.js';
import { startUploaderThread } from '../../src/main/sync/thread.js';
import { startUploader, type Uploader, type UploaderOptions } from '../../src/main/sync/uploader.js';
import type { StoreSummary } from '../../src/shared/central-projections.js';
import { appendSyntheticSales, hubTotals, SaleSimulator } from './support/sync-fixtures.js';
import { call } from './support/sync-http.js';
import { centralEvents, centralSeqStats, hubEvents, waitUntil } from './support/sync-compare.js';
import { createTestDatabase, type TestDatabase } from './support/sync-pg.js';
import { FaultProxy } from './support/sync-proxy.js';
import { createPool } from '../../src/central/db/pool.js';

const ADMIN_TOKEN = 'sync-test-admin-token';
const FAST = { backoff: { baseMs: 10, capMs: 200 }, pollMs: 20, requestTimeoutMs: 5000 } satisfies Partial<UploaderOptions>;

let db: TestDatabase;
let central: CentralHandle;
let pool: pg.Pool;
let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  central = await startCentral({ databaseUrl: db.url, port: 0, adminToken: ADMIN_TOKEN });
  pool = createPool(db.url, 2);
  dir = mkdtempSync(join(tmpdir(), 'kahera-sync-'));
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await pool?.end();
  await central?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function register(storeId: string): Promise<string> {
  const res = await call<{ key: string }>(central.url, 'POST', '/api/v1/stores', { token: ADMIN_TOKEN, body: { storeId, name: storeId } });
  expect(res.status).toBe(201);
  return res.body.key;
}

function hub(storeId: string): Store {
  const store = openTestStore({ file: join(dir, `${storeId}.db`), storeId });
  cleanups.push(() => store.close());
  return store;
}

function uploader(opts: UploaderOptions): Uploader {
  const u = startUploader(opts);
  cleanups.push(() => u.stop());
  return u;
}

/** The nice value of each thread of this process (Linux: /proc/self/task/<tid>/stat, field 19). */
function niceThreads(): number[] {
  return readdirSync('/proc/self/task').map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

function business(store: Store, steps: number, seed: number): void {
  const sim = new SaleSimulator(store, seed);
  for (let i = 0; i < steps; i++) sim.step();
}

/** Central holds exactly the hub's log (same seqs, types, times, payloads) and its totals equal the hub's books. */
async function expectCentralMirrorsHub(store: Store): Promise<void> {
  expect(await centralEvents(pool, store.storeId)).toEqual(hubEvents(store.db));
  const summary = await call<StoreSummary>(central.url, 'GET', `/api/v1/stores/${store.storeId}/summary`, { token: ADMIN_TOKEN });
  const books = hubTotals(store.db);
  expect(summary.body.settlements).toEqual(books.settlements);
  expect(summary.body.transactions).toEqual(books.transactions);
  expect(summary.body.ackedThrough).toBe(store.lastSeq());
}

describe('hub uploader', () => {
  it('pushes what the till writes, advances the cursor on central\'s answer, and reports online', async () => {
    const store = hub('UP1');
    const key = await register('UP1');
    business(store, 150, 11);
    const statuses: SyncStatus[] = [];
    const u = uploader({ db: store.db, centralUrl: central.url, storeId: 'UP1', storeKey: key, onStatus: (s) => statuses.push(s), ...FAST });
    store.onEvents(() => u.kick());
    await waitUntil('backlog drained', () => u.status().pending === 0 && u.status().online);
    business(store, 50, 12);
    await waitUntil('new events drained', () => u.status().pending === 0);

    const status = u.status();
    expect(status).toMatchObject({ online: true, configured: true, pending: 0, lastError: null, ackedThrough: store.lastSeq(), lastSeq: store.lastSeq() });
    expect(status.lastSyncedAt).not.toBeNull();
    const state = store.db.prepare('SELECT acked_through, last_synced_at FROM sync_state').get() as { acked_through: number; last_synced_at: string };
    expect(state.acked_through).toBe(store.lastSeq());
    expect(statuses.some((s) => s.online && s.pending === 0)).toBe(true);
    await expectCentralMirrorsHub(store);
  });

  it('runs on a thread of its own at lower CPU priority, and drains the outbox from there', async () => {
    const store = hub('THR1');
    const key = await register('THR1');
    business(store, 200, 31);
    const threadsBefore = niceThreads();
    const u = startUploaderThread({ db: store.db, centralUrl: central.url, storeId: 'THR1', storeKey: key, niceness: 7, ...FAST });
    await waitUntil('backlog drained from the thread', () => u.status().pending === 0 && u.status().online);
    // The main thread stays at normal priority; one more thread of this process now runs at nice 7.
    expect(niceThreads().filter((n) => n === 7).length).toBe(threadsBefore.filter((n) => n === 7).length + 1);
    business(store, 40, 32);
    u.kick();
    await waitUntil('new events drained', () => u.status().pending === 0);
    expect(u.status()).toMatchObject({ online: true, configured: true, ackedThrough: store.lastSeq(), lastError: null });
    await u.stop();
    expect(niceThreads().filter((n) => n === 7).length).toBe(threadsBefore.filter((n) => n === 7).length);
    await expectCentralMirrorsHub(store);
  });

  it('goes on uploading from the hub thread when its own thread cannot start', async () => {
    const store = hub('THR2');
    const key = await register('THR2');
    business(store, 60, 33);
    const warnings: string[] = [];
    const u = startUploaderThread({
      db: store.db,
      centralUrl: central.url,
      storeId: 'THR2',
      storeKey: key,
      workerUrl: new URL('data:text/javascript,throw new Error("no worker here")'),
      logger: { debug: () => undefined, info: () => undefined, warn: (_o, msg) => warnings.push(msg ?? '') },
      ...FAST,
    });
    cleanups.push(() => u.stop());
    await waitUntil('drained without the thread', () => u.status().pending === 0 && u.status().online);
    expect(warnings.some((w) => /thread failed/.test(w))).toBe(true);
    await expectCentralMirrorsHub(store);
  });

  it('keeps selling with the link down, counts what waits, then drains when it returns', async () => {
    const store = hub('OFF1');
    const key = await register('OFF1');
    const proxy = await FaultProxy.start(Number(new URL(central.url).port));
    cleanups.push(() => proxy.close());
    proxy.set({ down: true });
    const u = uploader({ db: store.db, centralUrl: proxy.url, storeId: 'OFF1', storeKey: key, ...FAST });
    store.onEvents(() => u.kick());
    business(store, 120, 21);
    await waitUntil('uploader notices the link is down', () => u.status().lastError !== null);

    const down = u.status();
    expect(down.online).toBe(false);
    expect(down.ackedThrough).toBe(0);
    expect(down.pending).toBe(store.lastSeq());
    expect(down.lastError).toMatch(/unreachable/);
    expect(hubTotals(store.db).settlements.postedCount).toBeGreaterThan(0);
    const recorded = store.db.prepare('SELECT last_error FROM sync_state').get() as { last_error: string | null };
    expect(recorded.last_error).toMatch(/unreachable/);
    expect((await centralSeqStats(pool, 'OFF1')).count).toBe(0);

    proxy.set({ down: false });
    await waitUntil('drained after the link came back', () => u.status().pending === 0 && u.status().online);
    expect(u.status().lastError).toBeNull();
    await expectCentralMirrorsHub(store);
  });

  it('resumes from the cursor kept in SQLite after a restart', async () => {
    const file = join(dir, 'RST1.db');
    const key = await register('RST1');
    let store = openTestStore({ file, storeId: 'RST1' });
    // Part of the day is uploaded, the rest written after the uploader stopped: the
    // cursor is below the log by construction, however fast the machine uploads.
    business(store, 60, 31);
    const first = startUploader({ db: store.db, centralUrl: central.url, storeId: 'RST1', storeKey: key, batch: { min: 25, max: 25 }, ...FAST });
    await waitUntil('the first part acknowledged', () => first.status().pending === 0 && first.status().online);
    await first.stop();
    const cursor = first.status().ackedThrough;
    business(store, 140, 32);
    expect(cursor).toBeGreaterThan(0);
    expect(cursor).toBeLessThan(store.lastSeq());
    // Central may hold more (a push it committed while the uploader stopped before reading
    // the answer); the hub then resends that part, and central ignores it.
    expect((await centralSeqStats(pool, 'RST1')).ackedThrough).toBeGreaterThanOrEqual(cursor);
    store.close();

    store = openTestStore({ file, storeId: 'RST1' });
    cleanups.push(() => store.close());
    const second = uploader({ db: store.db, centralUrl: central.url, storeId: 'RST1', storeKey: key, ...FAST });
    // Before it has pushed anything, the restarted uploader resumes from the stored cursor.
    expect(second.status().ackedThrough).toBe(cursor);
    await waitUntil('drained after restart', () => second.status().pending === 0);
    await expectCentralMirrorsHub(store);
  });

  it('is refused with a wrong key or another store\'s id, moves nothing, and says why', async () => {
    const store = hub('BAD1');
    business(store, 20, 41);
    await register('BAD1');
    const otherKey = await register('BAD2');
    const wrongKey = uploader({ db: store.db, centralUrl: central.url, storeId: 'BAD1', storeKey: 'x'.repeat(43), ...FAST });
    await waitUntil('refusal reported', () => wrongKey.status().lastError !== null);
    expect(wrongKey.status()).toMatchObject({ online: false, ackedThrough: 0 });
    expect(wrongKey.status().lastError).toMatch(/401/);
    await wrongKey.stop();

    const otherStore = uploader({ db: store.db, centralUrl: central.url, storeId: 'BAD1', storeKey: otherKey, ...FAST });
    // The first uploader's 401 is still recorded in sync_state until this one gets its own answer.
    await waitUntil('refusal reported', () => /403/.test(otherStore.status().lastError ?? ''));
    expect(otherStore.status().online).toBe(false);
    expect(otherStore.status().ackedThrough).toBe(0);
    expect((await centralSeqStats(pool, 'BAD1')).count).toBe(0);
    expect((await centralSeqStats(pool, 'BAD2')).count).toBe(0);
  });

  it('halves its batches when central refuses a body as too large, and still delivers everything', async () => {
    const strict = await startCentral({ databaseUrl: db.url, port: 0, adminToken: ADMIN_TOKEN, maxBodyBytes: 48 * 1024 });
    cleanups.push(() => strict.close());
    const store = hub('BIG1');
    const key = await register('BIG1');
    business(store, 300, 71);
    const u = uploader({ db: store.db, centralUrl: strict.url, storeId: 'BIG1', storeKey: key, batch: { min: 400, max: 400 }, ...FAST });
    await waitUntil('drained through a 48 KiB limit', () => u.status().pending === 0);
    expect(u.status().lastError).toBeNull();
    await expectCentralMirrorsHub(store);
  });

  it('runs offline-first when no central is configured, and says so', async () => {
    expect(syncConfigFromEnv({})).toBeNull();
    expect(syncConfigFromEnv({ KAHERA_CENTRAL_URL: 'http://c:8091', KAHERA_STORE_KEY: 'k', KAHERA_STORE_ID: 'S1' })).toEqual({
      centralUrl: 'http://c:8091',
      storeKey: 'k',
      storeId: 'S1',
    });
    const store = hub('NOC1');
    business(store, 30, 51);
    const seen: SyncStatus[] = [];
    const sync = startSync({ db: store.db, storeId: store.storeId, config: syncConfigFromEnv({}), onStatus: (s) => seen.push(s) });
    sync.kick();
    expect(sync.status()).toMatchObject({ online: false, configured: false, pending: store.lastSeq(), lastSyncedAt: null, ackedThrough: 0 });
    expect(seen[0]?.pending).toBe(store.lastSeq());
    await sync.stop();
    expect(() => startSync({ db: store.db, storeId: store.storeId, config: { centralUrl: central.url, storeKey: 'k', storeId: 'OTHER' } })).toThrow(/does not match/);
  });

  it('syncs two stores at the same time without either seeing the other\'s data', async () => {
    const stores = [hub('TWO_A'), hub('TWO_B')];
    const keys = [await register('TWO_A'), await register('TWO_B')];
    const uploaders = stores.map((store, i) => {
      const u = uploader({ db: store.db, centralUrl: central.url, storeId: store.storeId, storeKey: keys[i]!, batch: { min: 10, max: 40 }, ...FAST });
      store.onEvents(() => u.kick());
      return u;
    });
    // Both stores keep trading while both upload.
    for (let round = 0; round < 10; round++) {
      stores.forEach((s, i) => business(s, 20, 60 + round * 2 + i));
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitUntil('both drained', () => uploaders.every((u) => u.status().pending === 0));
    for (const store of stores) await expectCentralMirrorsHub(store);
    const customerIds = stores.map((s) => new Set((s.db.prepare('SELECT id FROM customers').all() as { id: string }[]).map((c) => c.id)));
    const { rows } = await pool.query<{ store_id: string; customer_id: string }>(
      `SELECT DISTINCT store_id, customer_id FROM transactions WHERE store_id IN ('TWO_A', 'TWO_B')`,
    );
    for (const r of rows) expect(customerIds[r.store_id === 'TWO_A' ? 0 : 1]!.has(r.customer_id)).toBe(true);
  });
});

describe('days offline', () => {
  it('queues 100k events with the link down, then drains them when it comes back, showing catch-up progress', async () => {
    const store = hub('DAYS1');
    const key = await register('DAYS1');
    const synthetic = appendSyntheticSales(store.db, 100_000, { tag: 'd1' });
    expect(synthetic.last).toBe(100_000);
    const proxy = await FaultProxy.start(Number(new URL(central.url).port));
    cleanups.push(() => proxy.close());
    proxy.set({ down: true });
    const statuses: SyncStatus[] = [];
    const u = uploader({ db: store.db, centralUrl: proxy.url, storeId: 'DAYS1', storeKey: key, onStatus: (s) => statuses.push(s), statusIntervalMs: 0, ...FAST });
    await waitUntil('offline noticed', () => u.status().lastError !== null);
    expect(u.status()).toMatchObject({ online: false, pending: 100_000, catchingUp: true, progress: 0 });

    proxy.set({ down: false });
    await waitUntil('100k drained', () => u.status().pending === 0, 120_000, 100);
    expect(u.status()).toMatchObject({ online: true, catchingUp: false, progress: 1, ackedThrough: 100_000 });
    const during = statuses.filter((s) => s.catchingUp).map((s) => s.progress);
    expect(during.length).toBeGreaterThan(3);
    expect(during).toEqual([...during].sort((a, b) => a - b));
    expect(during.some((p) => p > 0 && p < 1)).toBe(true);

    expect(await centralSeqStats(pool, 'DAYS1')).toEqual({ count: 100_000, distinct: 100_000, min: 1, max: 100_000, ackedThrough: 100_000 });
    const summary = await call<StoreSummary>(central.url, 'GET', '/api/v1/stores/DAYS1/summary', { token: ADMIN_TOKEN });
    expect(summary.body.settlements).toEqual({ postedCount: synthetic.settlements, postedAmount: synthetic.amountSum, voidCount: 0, voidAmount: 0 });
  }, 180_000);
});
