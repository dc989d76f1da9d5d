import { openTestStore } from './support/bir-setup.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { startUploader } from '../../src/main/sync/uploader.js';
import type { CollectionsResponse, StoreSummary } from '../../src/shared/central-projections.js';
import { centralEvents, centralSeqStats, hubEvents, waitUntil } from './support/sync-compare.js';
import { freePort, hubTotals, prng } from './support/sync-fixtures.js';
import { call } from './support/sync-http.js';
import { createTestDatabase, type TestDatabase } from './support/sync-pg.js';
import { FaultProxy } from './support/sync-proxy.js';
import { spawnScript, type Child } from './support/sync-spawn.js';
import { createPool } from '../../src/central/db/pool.js';

const ADMIN_TOKEN = 'chaos-admin-token';
const STORE_ID = 'CHAOS1';
// How much business the hub writes under faults, and how many faults beyond the four
// fixed ones. Each fault lands when the hub's log reaches its share of the total: the
// run is driven by counts, so a slow machine takes longer but tests the same thing.
const TOTAL = Number(process.env.KAHERA_CHAOS_EVENTS ?? 400);
const EXTRA_FAULTS = Number(process.env.KAHERA_CHAOS_FAULTS ?? 6);
// Printed, and settable, so a failing run can be replayed.
const SEED = Number(process.env.KAHERA_CHAOS_SEED ?? Math.floor(Math.random() * 1e9));

let db: TestDatabase | undefined;
let dir: string | undefined;
const children = new Set<Child>();
let proxy: FaultProxy | undefined;

afterAll(async () => {
  for (const c of children) await c.kill('SIGKILL');
  await proxy?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function start(script: string, env: Record<string, string>): Child {
  const child = spawnScript(script, env);
  children.add(child);
  void child.exited.then(() => children.delete(child));
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it(`exactly once under cut connections, delays and SIGKILLs of hub and central (seed ${SEED})`, async () => {
  console.log(`chaos seed ${SEED} (KAHERA_CHAOS_SEED to replay)`);
  const random = prng(SEED);
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'kahera-chaos-'));
  const hubFile = join(dir, 'hub.db');
  const centralPort = await freePort();
  const centralEnv = { DATABASE_URL: db.url, KAHERA_CENTRAL_PORT: String(centralPort), KAHERA_CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN };

  let central = start('./sync-central-process.ts', centralEnv);
  const centralUrl = await central.ready;
  const reg = await call<{ key: string }>(centralUrl, 'POST', '/api/v1/stores', { token: ADMIN_TOKEN, body: { storeId: STORE_ID, name: 'Chaos' } });
  expect(reg.status).toBe(201);
  const key = reg.body.key;

  proxy = await FaultProxy.start(centralPort, random);
  proxy.set({ cutReplyProbability: 0.2, cutConnectionProbability: 0.3, cutWithinMs: 400, maxReplyDelayMs: 120 });
  // Whatever the dice say, the first answers are lost after central committed them.
  proxy.cutNextReplies(3);
  let hubRuns = 0;
  const startHub = () =>
    start('./sync-hub-process.ts', {
      HUB_FILE: hubFile,
      STORE_ID,
      CENTRAL_URL: proxy!.url,
      STORE_KEY: key,
      SEED: String(SEED + hubRuns++),
      WRITE_EVERY_MS: '15',
      UNTIL_SEQ: String(TOTAL),
    });
  let hub = startHub();
  await hub.ready;
  // The hub's log as it grows, read beside the hub (WAL: readers never block its writes).
  const reader = new Database(hubFile, { readonly: true });
  const written = () => (reader.prepare('SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;

  const done = { hubKills: 0, centralKills: 0, cutAlls: 0 };
  // The first four faults are fixed (hub, central, hub, central) so every run kills both
  // twice whatever the dice; the rest are random.
  const forced = [0, 0.5, 0, 0.5];
  const faults = forced.length + EXTRA_FAULTS;
  for (let i = 0; i < faults; i++) {
    const at = Math.floor(((i + 1) * TOTAL) / (faults + 1));
    await waitUntil(`the hub has written ${at} events`, () => written() >= at, 60_000);
    await sleep(random() * 200);
    const r = forced[i] ?? random();
    if (r < 0.4) {
      await hub.kill('SIGKILL');
      done.hubKills++;
      await sleep(random() * 300);
      hub = startHub();
      await hub.ready;
    } else if (r < 0.8) {
      await central.kill('SIGKILL');
      done.centralKills++;
      await sleep(random() * 600);
      central = start('./sync-central-process.ts', centralEnv);
      await central.ready;
    } else {
      proxy.cutAll();
      done.cutAlls++;
    }
  }
  // Sync makes progress through the faults (they are still on): central holds some of it.
  const heldByCentral = async () => (await call<{ ackedThrough: number }>(centralUrl, 'GET', `/api/v1/stores/${STORE_ID}/cursor`, { token: key })).body.ackedThrough;
  await waitUntil('central holds events while the faults go on', async () => (await heldByCentral()) > 0, 60_000, 100);
  const heldDuringChaos = await heldByCentral();
  await waitUntil(`the hub has written all ${TOTAL} events`, () => written() >= TOTAL, 60_000);
  reader.close();

  console.log(`last hub's log:\n${hub.lines.slice(-12).join('\n')}`);
  // Calm: the hub stops trading, and one clean uploader sends whatever is left.
  proxy.clear();
  expect(await hub.kill('SIGTERM')).toBe(0);
  const store = openTestStore({ file: hubFile, storeId: STORE_ID });
  const pool = createPool(db.url, 2);
  try {
    const last = startUploader({ db: store.db, centralUrl, storeId: STORE_ID, storeKey: key, backoff: { baseMs: 10, capMs: 200 }, pollMs: 20 });
    await waitUntil('final drain', () => last.status().pending === 0, 60_000);
    await last.stop();

    const n = store.lastSeq();
    console.log(`chaos: ${n} events, ${done.hubKills} hub kills, ${done.centralKills} central kills, ${proxy.stats.cuts} cuts (${proxy.stats.replyCuts} of answers) of ${proxy.stats.connections} connections / ${proxy.stats.replies} replies, ${done.cutAlls} cut-alls, ${heldDuringChaos} held before calm`);
    // The faults really happened, and sync made progress through them.
    expect(done.hubKills).toBeGreaterThanOrEqual(2);
    expect(done.centralKills).toBeGreaterThanOrEqual(2);
    expect(proxy.stats.replyCuts).toBeGreaterThanOrEqual(3);
    expect(heldDuringChaos).toBeGreaterThan(0);
    expect(n).toBeGreaterThanOrEqual(TOTAL);

    // Exactly the hub's events: seq 1..N, no duplicates, no gaps, same content.
    expect(await centralSeqStats(pool, STORE_ID)).toEqual({ count: n, distinct: n, min: 1, max: n, ackedThrough: n });
    expect(await centralEvents(pool, STORE_ID)).toEqual(hubEvents(store.db));

    // Head office's projections add up to the store's own books.
    const books = hubTotals(store.db);
    const summary = await call<StoreSummary>(centralUrl, 'GET', `/api/v1/stores/${STORE_ID}/summary`, { token: ADMIN_TOKEN });
    expect(summary.body.settlements).toEqual(books.settlements);
    expect(summary.body.transactions).toEqual(books.transactions);
    expect(books.settlements.postedCount).toBeGreaterThan(0);
    const col = await call<CollectionsResponse>(centralUrl, 'GET', `/api/v1/collections?storeId=${STORE_ID}`, { token: ADMIN_TOKEN });
    expect(col.body.totals).toEqual({
      postedCount: books.settlements.postedCount + books.settlements.voidCount,
      postedAmount: books.settlements.postedAmount + books.settlements.voidAmount,
      voidedCount: books.settlements.voidCount,
      voidedAmount: books.settlements.voidAmount,
      netAmount: books.settlements.postedAmount,
    });
  } finally {
    store.close();
    await pool.end();
    await central.kill('SIGTERM');
  }
}, 180_000);
