import { openTestStore } from './support/bir-setup.js';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralHandle } from '../../src/central/server.js';
import type { Store } from '../../src/main/services/store.js';
import { startUploader, type UploaderOptions } from '../../src/main/sync/uploader.js';
import { waitUntil } from './support/sync-compare.js';
import { SaleSimulator } from './support/sync-fixtures.js';
import { call } from './support/sync-http.js';
import { createTestDatabase, type TestDatabase } from './support/sync-pg.js';
import { FaultProxy } from './support/sync-proxy.js';

// A store restored from an old backup re-issues seqs head office already holds, with
// other events under them. Central refuses that (409 seq_conflict); the uploader stops,
// says why, and stays stopped after a restart instead of resuming blindly.

const ADMIN_TOKEN = 'conflict-admin-token';
const FAST = { backoff: { baseMs: 10, capMs: 200 }, pollMs: 20, requestTimeoutMs: 5000 } satisfies Partial<UploaderOptions>;

let db: TestDatabase;
let central: CentralHandle;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  central = await startCentral({ databaseUrl: db.url, port: 0, adminToken: ADMIN_TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'kahera-conflict-'));
});

afterAll(async () => {
  await central?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function register(storeId: string): Promise<string> {
  const res = await call<{ key: string }>(central.url, 'POST', '/api/v1/stores', { token: ADMIN_TOKEN, body: { storeId, name: storeId } });
  expect(res.status).toBe(201);
  return res.body.key;
}

function logger() {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, msg: msg ?? '', obj });
  return { lines, log: { debug: at('debug'), info: at('info'), warn: at('warn') } };
}

async function drain(store: Store, key: string): Promise<void> {
  const u = startUploader({ db: store.db, centralUrl: central.url, storeId: store.storeId, storeKey: key, ...FAST });
  await waitUntil('drained', () => u.status().pending === 0 && u.status().online);
  await u.stop();
}

describe('a store restored from an old backup', () => {
  it('is refused with seq_conflict: the uploader stops, logs it, shows the seq, and stays stopped after a restart', async () => {
    const storeId = 'RESTORE1';
    const key = await register(storeId);
    const file = join(dir, `${storeId}.db`);
    const backup = join(dir, `${storeId}.backup.db`);
    let store = openTestStore({ file, storeId });
    const day = new SaleSimulator(store, 7);
    for (let i = 0; i < 30; i++) day.step();
    await drain(store, key);
    const backedUpAt = store.lastSeq();
    store.db.exec(`VACUUM INTO '${backup}'`);
    // The day goes on and reaches head office; then the PC dies and the backup comes back.
    for (let i = 0; i < 30; i++) day.step();
    await drain(store, key);
    const centralHolds = store.lastSeq();
    expect(centralHolds).toBeGreaterThan(backedUpAt);
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    copyFileSync(backup, file);
    store = openTestStore({ file, storeId });
    expect(store.lastSeq()).toBe(backedUpAt);
    // The restored store sells again: other events under seqs head office already holds.
    const other = new SaleSimulator(store, 99);
    for (let i = 0; i < 10; i++) other.step();
    expect(store.lastSeq()).toBeGreaterThan(backedUpAt);

    const first = logger();
    const u = startUploader({ db: store.db, centralUrl: central.url, storeId, storeKey: key, logger: first.log, ...FAST });
    await waitUntil('the uploader stops on the conflict', () => u.status().conflictSeq !== null);
    const status = u.status();
    expect(status).toMatchObject({ online: false, conflictSeq: backedUpAt + 1, nextRetryAt: null });
    expect(status.lastError).toMatch(new RegExp(`^seq_conflict at ${backedUpAt + 1}:`));
    expect(first.lines.some((l) => l.level === 'warn' && /head office holds different events/.test(l.msg))).toBe(true);
    await u.stop();

    // Central kept its own events: nothing of the restored store's batch was stored.
    const cursor = await call<{ ackedThrough: number }>(central.url, 'GET', `/api/v1/stores/${storeId}/cursor`, { token: key });
    expect(cursor.body.ackedThrough).toBe(centralHolds);

    // Restarted, it stays stopped and sends nothing at all.
    const proxy = await FaultProxy.start(Number(new URL(central.url).port));
    try {
      const again = logger();
      const v = startUploader({ db: store.db, centralUrl: proxy.url, storeId, storeKey: key, logger: again.log, ...FAST });
      expect(v.status()).toMatchObject({ online: false, conflictSeq: backedUpAt + 1 });
      v.kick();
      await new Promise((r) => setTimeout(r, 300));
      await v.stop();
      expect(proxy.stats.connections).toBe(0);
      expect(again.lines.some((l) => l.level === 'warn' && /stays stopped/.test(l.msg))).toBe(true);
    } finally {
      await proxy.close();
      store.close();
    }
  });

  it('resends from central\'s cursor when central answers seq_out_of_window (central restored, far behind the hub)', async () => {
    const storeId = 'FARBACK';
    const store = openTestStore({ file: join(dir, `${storeId}.db`), storeId });
    // A stand-in central that holds only 1..3 of this store and refuses the first push,
    // which starts past its window; after that it takes what comes, as central would.
    const firstSeqs: number[] = [];
    let held = 3;
    const fake = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const events = (JSON.parse(body) as { events: { seq: number }[] }).events;
        if (events.length === 0) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ackedThrough: held }));
        firstSeqs.push(events[0]!.seq);
        if (firstSeqs.length === 1) {
          const error = { code: 'seq_out_of_window', message: 'too far', details: { seq: events.at(-1)!.seq, ackedThrough: held, window: 20_000 } };
          return res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
        }
        for (const e of events) if (e.seq === held + 1) held = e.seq;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ackedThrough: held }));
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    try {
      const sim = new SaleSimulator(store, 3);
      for (let i = 0; i < 20; i++) sim.step();
      const last = store.lastSeq();
      // This hub's cursor says central held 10 (before central's database was restored).
      const writer = new Database(join(dir, `${storeId}.db`));
      writer.prepare('UPDATE sync_state SET acked_through = 10 WHERE id = 1').run();
      writer.close();
      const u = startUploader({ db: store.db, centralUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, storeId, storeKey: 'k', ...FAST });
      await waitUntil('drained', () => u.status().pending === 0 && u.status().online);
      await u.stop();
      expect(firstSeqs.slice(0, 2)).toEqual([11, 4]);
      expect(held).toBe(last);
    } finally {
      store.close();
      await new Promise((r) => fake.close(r));
    }
  });
});
