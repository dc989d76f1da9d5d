import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from './support/hub-harness.js';

// /health tells terminals whether the hub is syncing upstream and how much waits.
// A stand-in central answers pushes as protocol.md says: ackedThrough = highest
// contiguous seq it holds.

const centrals: Server[] = [];
const hubs: TestHub[] = [];
afterAll(async () => {
  for (const h of hubs) await h.close();
  for (const c of centrals) await new Promise((r) => c.close(r));
});

function fakeCentral(key: string): Promise<{ url: string; held: Set<number> }> {
  const held = new Set<number>();
  const central = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url !== '/api/v1/sync/push' || req.headers.authorization !== `Bearer ${key}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"unauthorized","message":"no"}}');
        return;
      }
      for (const e of (JSON.parse(body) as { events: { seq: number }[] }).events) held.add(e.seq);
      let acked = 0;
      while (held.has(acked + 1)) acked += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ackedThrough: acked }));
    });
  });
  centrals.push(central);
  return new Promise((resolve) => central.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(central.address() as AddressInfo).port}`, held })));
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached');
}

describe('upstream sync in /health', () => {
  it('offline-first without a central: offline, with every event pending', async () => {
    const h = await startTestHub();
    hubs.push(h);
    await h.customer(h.admin.token);
    const r = await h.api('GET', '/api/v1/health');
    // protocol.md's three fields; the hub may add more (backlog progress, last error).
    expect(r.body.sync).toMatchObject({ online: false, pending: 1, lastSyncedAt: null });
    // No head office configured: the admin's indicator has nothing to warn about.
    expect(r.body.sync).toMatchObject({ configured: false, lastError: null, nextRetryAt: null, conflictSeq: null });
  });

  it('with KAHERA_CENTRAL_URL and KAHERA_STORE_KEY: pushes the outbox and reports online, nothing pending', async () => {
    const { url, held } = await fakeCentral('store-key-123');
    const h = await startTestHub({
      env: { KAHERA_ADMIN_USER: 'admin', KAHERA_ADMIN_PASSWORD: 'admin-pass-1', KAHERA_CENTRAL_URL: url, KAHERA_STORE_KEY: 'store-key-123', KAHERA_STORE_ID: 'MNL01' },
    });
    hubs.push(h);
    const c = await h.customer(h.admin.token);
    await h.transaction(h.admin.token, c, 100_00);
    // The outbox position is read from the database and `online` from the uploader thread's
    // last message, which can reach the hub's loop a moment after the ack is on disk: wait
    // for both (a hub that never reports online still fails here).
    const health = await until(
      () => h.api('GET', '/api/v1/health'),
      (r) => r.body.seq === 2 && r.body.sync.pending === 0 && r.body.sync.online === true,
    );
    expect(health.body).toMatchObject({ storeId: 'MNL01', sync: { online: true, pending: 0, lastSyncedAt: expect.any(String) } });
    expect([...held].sort()).toEqual([1, 2]);
    expect(health.body.sync).toMatchObject({ configured: true, lastError: null, nextRetryAt: null, conflictSeq: null });
  });

  it('a refused push: /health says why and when the uploader tries again', async () => {
    const { url } = await fakeCentral('the-right-key');
    const h = await startTestHub({
      env: { KAHERA_ADMIN_USER: 'admin', KAHERA_ADMIN_PASSWORD: 'admin-pass-1', KAHERA_CENTRAL_URL: url, KAHERA_STORE_KEY: 'a-wrong-key', KAHERA_STORE_ID: 'MNL02' },
    });
    hubs.push(h);
    await h.customer(h.admin.token);
    const health = await until(
      () => h.api('GET', '/api/v1/health'),
      (r) => r.body.sync.nextRetryAt !== null && r.body.sync.lastError !== null,
    );
    expect(health.body.sync).toMatchObject({ online: false, configured: true, pending: 1, conflictSeq: null });
    expect(health.body.sync.lastError).toMatch(/central answered 401/);
    expect(Date.parse(health.body.sync.nextRetryAt)).toBeGreaterThan(Date.now());
  });
});
