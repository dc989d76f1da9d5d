import pg from 'pg';
import { Redis } from 'ioredis';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralHandle } from '../../src/central/server.js';
import { startGatewaySim, type GatewaySimHandle } from '../../src/gateway-sim/server.js';
import { signature } from '../../src/gateway-sim/webhooks.js';
import type { GatewayEvent } from '../../src/shared/gateway.js';
import {
  ADMIN_TOKEN,
  connectHub,
  createIntent,
  dropPrefix,
  fastGateway,
  paidEvent,
  postWebhook,
  REDIS_URL,
  registerStore,
  SECRET_KEY,
  sleep,
  startTestCentral,
  testPrefix,
  until,
  WEBHOOK_PATH,
  WEBHOOK_SECRET,
} from './support/gateway-harness.js';
import { spawnScript, type Child } from './support/sync-spawn.js';
import { call } from './support/sync-http.js';
import { createTestDatabase, type TestDatabase } from './support/sync-pg.js';
import { createPool } from '../../src/central/db/pool.js';

let db: TestDatabase;
let prefix: string;
let sim: GatewaySimHandle;
let a: CentralHandle;
let b: CentralHandle;
let pool: pg.Pool;
let redis: Redis;
const children: Child[] = [];

beforeAll(async () => {
  db = await createTestDatabase('kahera_gw');
  prefix = testPrefix();
  sim = await startGatewaySim({ port: 0, webhookSecret: WEBHOOK_SECRET, secretKey: SECRET_KEY, qrImages: false, webhook: { retryBaseMs: 50, maxAttempts: 5 } });
  // Their periodic outbox sweep is slowed so the crash test sees the state a kill left.
  a = await startTestCentral(db.url, fastGateway(prefix, sim.url, { sweepEveryMs: 60_000 }));
  b = await startTestCentral(db.url, fastGateway(prefix, sim.url, { sweepEveryMs: 60_000 }));
  sim.webhooks.setUrl(new URL(WEBHOOK_PATH, a.url).toString());
  pool = createPool(db.url, 2);
  redis = new Redis(REDIS_URL);
}, 30_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill('SIGKILL')));
  await a?.close();
  await b?.close();
  await sim?.close();
  await pool?.end();
  redis?.disconnect();
  await dropPrefix(prefix);
  await db?.drop();
}, 30_000);

async function eventsStored(): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM gateway_events');
  return Number(rows[0]!.n);
}

let storeSeq = 0;
/** A fresh store with one intent of `amount` created through central and the simulator. */
async function storeWithIntent(amount = 12_345) {
  const storeId = `GW${++storeSeq}`;
  const key = await registerStore(a.url, storeId);
  const intentId = `pi_hub_${storeSeq}`;
  const res = await createIntent(a.url, storeId, key, intentId, amount);
  expect(res.status).toBe(201);
  return { storeId, key, intentId, gatewayIntentId: res.body.gatewayIntentId, amount };
}

describe('gateway: webhook signature', () => {
  it('refuses a wrong signature, a stale timestamp or no header with 401, and stores nothing', async () => {
    const s = await storeWithIntent();
    const body = paidEvent(s.gatewayIntentId, s.amount);
    const before = await eventsStored();
    const wrong = await postWebhook(a.url, body, { secret: 'whsk_test_not_the_secret' });
    const stale = await postWebhook(a.url, body, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    const none = await postWebhook(a.url, body, { header: null });
    const t = Math.floor(Date.now() / 1000);
    // Signed for a different body: the signature is over the raw bytes.
    const otherBytes = await postWebhook(a.url, body, { header: signature(WEBHOOK_SECRET, t, JSON.stringify(body) + ' ') });
    for (const r of [wrong, stale, none, otherBytes]) {
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'invalid_signature' } });
    }
    expect(await eventsStored()).toBe(before);
    expect(await redis.xlen(`${prefix}gw:events:${s.storeId}`)).toBe(0);
  });
});

describe('gateway: stored once, delivered until acked', () => {
  it('the same event delivered 5 times is stored once and reaches the hub once', async () => {
    const s = await storeWithIntent();
    const hub = await connectHub(b.url, s.storeId, s.key);
    try {
      const body = paidEvent(s.gatewayIntentId, s.amount);
      const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => postWebhook(i % 2 ? a.url : b.url, body)));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const { rows } = await pool.query('SELECT disposition FROM gateway_events WHERE event_id = $1', [body.data.id]);
      expect(rows).toEqual([{ disposition: 'accepted' }]);
      expect(await until(() => hub.received.length >= 1)).toBe(true);
      await sleep(600);
      expect(hub.received.map((e) => e.id)).toEqual([body.data.id]);
      expect(hub.received[0]).toMatchObject({ paymentIntentId: s.intentId, status: 'succeeded', amount: s.amount, type: 'payment.paid' });
      expect(await until(async () => (await redis.xlen(`${prefix}gw:events:${s.storeId}`)) === 0)).toBe(true);
    } finally {
      hub.close();
    }
  });

  it('an event for a hub that is not connected is delivered when it connects', async () => {
    const s = await storeWithIntent();
    const body = paidEvent(s.gatewayIntentId, s.amount);
    expect((await postWebhook(a.url, body)).status).toBe(200);
    await sleep(300);
    const hub = await connectHub(b.url, s.storeId, s.key);
    try {
      expect(await until(() => hub.received.length === 1)).toBe(true);
      expect(hub.received[0]!.id).toBe(body.data.id);
    } finally {
      hub.close();
    }
  });

  it('a hub that receives but does not ack gets the event again on reconnect, oldest first', async () => {
    const s = await storeWithIntent();
    const second = await createIntent(a.url, s.storeId, s.key, `${s.intentId}_b`, 500);
    const first = paidEvent(s.gatewayIntentId, s.amount);
    const later = paidEvent(second.body.gatewayIntentId, 500);
    const silent = await connectHub(a.url, s.storeId, s.key, null);
    expect((await postWebhook(a.url, first)).status).toBe(200);
    expect((await postWebhook(a.url, later)).status).toBe(200);
    expect(await until(() => silent.received.length >= 1)).toBe(true);
    silent.close();
    const hub = await connectHub(b.url, s.storeId, s.key);
    try {
      expect(await until(() => hub.received.length >= 2)).toBe(true);
      await sleep(400);
      expect(hub.received.map((e) => e.id)).toEqual([first.data.id, later.data.id]);
    } finally {
      hub.close();
    }
  });

  it('an amount that differs from the intent is refused: stored as rejected, never delivered', async () => {
    const s = await storeWithIntent(20_000);
    const hub = await connectHub(a.url, s.storeId, s.key);
    try {
      const body = paidEvent(s.gatewayIntentId, 2_000);
      expect((await postWebhook(a.url, body)).status).toBe(200);
      const { rows } = await pool.query('SELECT disposition, reject_reason FROM gateway_events WHERE event_id = $1', [body.data.id]);
      expect(rows[0]).toMatchObject({ disposition: 'rejected' });
      expect(String(rows[0].reject_reason)).toMatch(/amount_mismatch/);
      await sleep(500);
      expect(hub.received).toEqual([]);
      const intent = await pool.query('SELECT status FROM gateway_intents WHERE intent_id = $1', [s.intentId]);
      expect(intent.rows[0].status).toBe('awaiting_payment');
    } finally {
      hub.close();
    }
  });

  it('many webhooks at once, each sent twice, some with the wrong amount: every one stored once, the right ones delivered once', async () => {
    const s = await storeWithIntent(1_000);
    const intents = [s.gatewayIntentId];
    for (let i = 0; i < 29; i++) intents.push((await createIntent(a.url, s.storeId, s.key, `${s.intentId}_m${i}`, 1_000)).body.gatewayIntentId);
    const bodies = intents.map((g, i) => paidEvent(g, i % 6 === 5 ? 999 : 1_000));
    const hub = await connectHub(b.url, s.storeId, s.key);
    try {
      const answers = await Promise.all([...bodies, ...bodies].map((body, i) => postWebhook(i % 2 ? a.url : b.url, body)));
      expect(answers.every((r) => r.status === 200)).toBe(true);
      const { rows } = await pool.query<{ disposition: string; n: string }>(
        'SELECT disposition, count(*) AS n FROM gateway_events WHERE event_id = ANY($1) GROUP BY disposition ORDER BY disposition',
        [bodies.map((x) => x.data.id)],
      );
      expect(rows.map((r) => [r.disposition, Number(r.n)])).toEqual([
        ['accepted', 25],
        ['rejected', 5],
      ]);
      const right = bodies.filter((_, i) => i % 6 !== 5).map((x) => x.data.id);
      expect(await until(() => hub.received.length >= right.length)).toBe(true);
      await sleep(500);
      expect(hub.received.map((e) => e.id).sort()).toEqual([...right].sort());
    } finally {
      hub.close();
    }
  });

  it('a second connection of the same store takes over: the first is dropped, the event goes to the newer one', async () => {
    const s = await storeWithIntent();
    const old = await connectHub(a.url, s.storeId, s.key);
    const dropped = new Promise<string>((resolve) => old.socket.once('disconnect', (reason) => resolve(reason)));
    const fresh = await connectHub(b.url, s.storeId, s.key);
    try {
      expect(await Promise.race([dropped, sleep(5000).then(() => 'still connected')])).toBe('io server disconnect');
      const body = paidEvent(s.gatewayIntentId, s.amount);
      expect((await postWebhook(a.url, body)).status).toBe(200);
      expect(await until(() => fresh.received.length === 1)).toBe(true);
      expect(old.received).toEqual([]);
    } finally {
      old.close();
      fresh.close();
    }
  });

  it('a bad /hubs handshake fails with connect_error unauthorized', async () => {
    const s = await storeWithIntent();
    for (const auth of [{}, { storeId: s.storeId, key: 'nope' }, { storeId: 'GW_OTHER', key: s.key }]) {
      const socket = connect(`${a.url}/hubs`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(err.message).toBe('unauthorized');
      socket.disconnect();
    }
  });
});

describe('gateway: through the simulator', () => {
  it('create → customer pays → webhook (duplicated by the gateway) → the hub gets one succeeded event; verify says succeeded', async () => {
    const s = await storeWithIntent(15_000);
    const hub = await connectHub(b.url, s.storeId, s.key);
    try {
      sim.setFaults({ duplicate: 3 });
      sim.pay(s.gatewayIntentId);
      expect(await until(() => hub.received.length >= 1)).toBe(true);
      await sleep(500);
      expect(hub.received).toHaveLength(1);
      expect(hub.received[0]).toMatchObject({ paymentIntentId: s.intentId, status: 'succeeded', amount: 15_000 });
      const v = await call<{ status: string; paidAt: string | null }>(b.url, 'POST', `/api/v1/stores/${s.storeId}/payment-intents/${s.intentId}/verify`, { token: s.key });
      expect(v.status).toBe(200);
      expect(v.body.status).toBe('succeeded');
      expect(v.body.paidAt).not.toBeNull();
    } finally {
      sim.setFaults({ duplicate: 1 });
      hub.close();
    }
  });

  it('a dropped webhook: verify finds it paid; a failed payment arrives as failed', async () => {
    const s = await storeWithIntent(3_000);
    sim.setFaults({ drop: 1 });
    sim.pay(s.gatewayIntentId);
    const v = await call<{ status: string }>(a.url, 'POST', `/api/v1/stores/${s.storeId}/payment-intents/${s.intentId}/verify`, { token: s.key });
    expect(v.body.status).toBe('succeeded');

    const f = await storeWithIntent(4_000);
    const hub = await connectHub(a.url, f.storeId, f.key);
    try {
      sim.fail(f.gatewayIntentId);
      expect(await until(() => hub.received.length === 1)).toBe(true);
      expect(hub.received[0]).toMatchObject({ paymentIntentId: f.intentId, status: 'failed' });
    } finally {
      hub.close();
    }
  });

  it('an expired code arrives as expired and verify says expired; reordered deliveries all arrive', async () => {
    const s = await storeWithIntent(6_000);
    const t = await storeWithIntent(7_000);
    const second = await createIntent(a.url, t.storeId, t.key, `${t.intentId}_r`, 7_000);
    const hubS = await connectHub(a.url, s.storeId, s.key);
    const hubT = await connectHub(b.url, t.storeId, t.key);
    try {
      sim.expire(s.gatewayIntentId);
      expect(await until(() => hubS.received.length === 1)).toBe(true);
      expect(hubS.received[0]).toMatchObject({ paymentIntentId: s.intentId, status: 'expired', type: 'qrph.expired' });
      const v = await call<{ status: string }>(a.url, 'POST', `/api/v1/stores/${s.storeId}/payment-intents/${s.intentId}/verify`, { token: s.key });
      expect(v.body.status).toBe('expired');
      expect(() => sim.pay(s.gatewayIntentId)).toThrow(/expired/);

      sim.setFaults({ reorder: 2 });
      sim.pay(t.gatewayIntentId);
      sim.pay(second.body.gatewayIntentId);
      expect(await until(() => hubT.received.length === 2)).toBe(true);
      expect(hubT.received.map((e) => e.paymentIntentId).sort()).toEqual([t.intentId, `${t.intentId}_r`].sort());
    } finally {
      sim.setFaults({ reorder: 0 });
      hubS.close();
      hubT.close();
    }
  });

  it('a store key creates and verifies only its own store’s intents', async () => {
    const s = await storeWithIntent();
    const other = await registerStore(a.url, 'GW_FOREIGN');
    const r = await call(a.url, 'POST', `/api/v1/stores/${s.storeId}/payment-intents/${s.intentId}/verify`, { token: other });
    expect(r.status).toBe(403);
    const bad = await call(a.url, 'POST', `/api/v1/stores/${s.storeId}/payment-intents`, { token: s.key, body: { id: 'x1', amount: 1.5, currency: 'PHP', method: 'qrph' } });
    expect(bad.status).toBe(400);
  });
});

describe('gateway: two central instances', () => {
  it('webhook to A, hub on B: delivered once; head office on either sees it', async () => {
    const s = await storeWithIntent();
    const seen: Record<'a' | 'b', { received: string[]; delivered: string[]; presence: boolean[] }> = {
      a: { received: [], delivered: [], presence: [] },
      b: { received: [], delivered: [], presence: [] },
    };
    const offices = (['a', 'b'] as const).map((name) => {
      const socket = connect(`${(name === 'a' ? a : b).url}/head-office`, { auth: { token: ADMIN_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('gateway_event_received', (p: { storeId: string; event: GatewayEvent }) => p.storeId === s.storeId && seen[name].received.push(p.event.id));
      socket.on('gateway_event_delivered', (p: { storeId: string; eventId: string }) => p.storeId === s.storeId && seen[name].delivered.push(p.eventId));
      socket.on('store_presence_changed', (p: { storeId: string; online: boolean }) => p.storeId === s.storeId && seen[name].presence.push(p.online));
      return new Promise<typeof socket>((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    });
    const sockets = await Promise.all(offices);
    const hub = await connectHub(b.url, s.storeId, s.key);
    try {
      const body = paidEvent(s.gatewayIntentId, s.amount);
      expect((await postWebhook(a.url, body)).status).toBe(200);
      expect(await until(() => hub.received.length === 1 && seen.a.delivered.length === 1 && seen.b.delivered.length === 1)).toBe(true);
      await sleep(400);
      expect(hub.received.map((e) => e.id)).toEqual([body.data.id]);
      for (const name of ['a', 'b'] as const) {
        expect(seen[name].received).toEqual([body.data.id]);
        expect(seen[name].delivered).toEqual([body.data.id]);
        expect(seen[name].presence).toEqual([true]);
      }
      const summary = await call<{ items: { storeId: string; online: boolean; gateway: { pendingCount: number } }[] }>(a.url, 'GET', '/api/v1/head-office/stores', { token: ADMIN_TOKEN });
      expect(summary.body.items.find((i) => i.storeId === s.storeId)).toMatchObject({ online: true, gateway: { pendingCount: 0 } });
      expect((await call(a.url, 'GET', '/api/v1/head-office/stores')).status).toBe(401);
    } finally {
      hub.close();
      sockets.forEach((x) => x.disconnect());
    }
  });
});

describe('gateway: an event the hub refuses every time', () => {
  it('is dead-lettered after maxRefusals: out of delivery, kept with the hub\'s answer, counted on the head-office page and in health; the next event flows', async () => {
    // An instance of its own with a low cap and a short retry; webhooks still go to A.
    const c = await startTestCentral(db.url, fastGateway(prefix, sim.url, { sweepEveryMs: 60_000, hubs: { ackTimeoutMs: 800, retryMs: 50, presenceTtlMs: 3000, blockMs: 1000, maxRefusals: 3 } }));
    const s = await storeWithIntent();
    const second = await createIntent(a.url, s.storeId, s.key, `${s.intentId}_next`, 700);
    const office = connect(`${c.url}/head-office`, { auth: { token: ADMIN_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true });
    const deadNotices: { storeId: string; eventId: string; reason: string }[] = [];
    office.on('gateway_event_dead_lettered', (p: { storeId: string; eventId: string; reason: string }) => p.storeId === s.storeId && deadNotices.push(p));
    await new Promise<void>((resolve, reject) => (office.once('connect', () => resolve()), office.once('connect_error', reject)));
    const hub = await connectHub(c.url, s.storeId, s.key, { ok: false, error: { code: 'cannot_apply', message: 'this hub cannot apply it' } });
    const deadAt = async (eventId: string) =>
      (await pool.query<{ dead_lettered_at: Date | null; dead_letter_reason: string | null }>('SELECT dead_lettered_at, dead_letter_reason FROM gateway_events WHERE event_id = $1', [eventId])).rows[0];
    try {
      const refused = paidEvent(s.gatewayIntentId, s.amount);
      expect((await postWebhook(a.url, refused)).status).toBe(200);
      expect(await until(async () => Boolean((await deadAt(refused.data.id))?.dead_lettered_at), 10_000)).toBe(true);
      expect((await deadAt(refused.data.id))?.dead_letter_reason).toMatch(/refused 3 times.*cannot_apply: this hub cannot apply it/);
      expect(await until(() => deadNotices.length === 1)).toBe(true);
      expect(deadNotices[0]).toMatchObject({ eventId: refused.data.id, reason: 'cannot_apply: this hub cannot apply it' });
      expect(await redis.xlen(`${prefix}gw:events:${s.storeId}`)).toBe(0);
      expect(await redis.hlen(`${prefix}gw:refusals:${s.storeId}`)).toBe(0);

      // The hub takes events again: the next one is delivered and acked, the dead one never comes back.
      hub.answer = { ok: true };
      const next = paidEvent(second.body.gatewayIntentId, 700);
      expect((await postWebhook(a.url, next)).status).toBe(200);
      expect(await until(() => hub.received.some((e) => e.id === next.data.id))).toBe(true);
      expect(await until(async () => (await redis.xlen(`${prefix}gw:events:${s.storeId}`)) === 0)).toBe(true);
      await sleep(300);
      expect(hub.received.filter((e) => e.id === refused.data.id)).toHaveLength(3);
      expect(hub.received.filter((e) => e.id === next.data.id)).toHaveLength(1);

      for (const central of [a, c]) {
        const summary = await call<{ items: { storeId: string; gateway: { undelivered: number; deadLettered: number } }[] }>(central.url, 'GET', '/api/v1/head-office/stores', { token: ADMIN_TOKEN });
        expect(summary.body.items.find((i) => i.storeId === s.storeId)?.gateway).toMatchObject({ undelivered: 0, deadLettered: 1 });
        const health = await call<{ gateway: { deadLettered: number } }>(central.url, 'GET', '/api/v1/health');
        expect(health.body.gateway.deadLettered).toBeGreaterThanOrEqual(1);
      }
    } finally {
      hub.close();
      office.disconnect();
      await c.close();
    }
  });
});

describe('gateway: Redis is required', () => {
  it('central refuses to start without Redis, saying what to start', async () => {
    await expect(startTestCentral(db.url, fastGateway(prefix, sim.url, { redisUrl: 'redis://127.0.0.1:1' }))).rejects.toThrow(
      /Redis is unreachable at redis:\/\/127\.0\.0\.1:1 .*redis-server --daemonize yes/,
    );
  });
});

describe('head-office page', () => {
  it('is served with a CSP that allows no inline script, and its socket.io client is there', async () => {
    for (const path of ['/', '/head-office']) {
      const res = await fetch(new URL(path, b.url));
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await res.text();
      expect(html).toContain('<script src="/head-office/app.js" defer></script>');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
    for (const asset of ['/head-office/app.js', '/head-office/app.css', '/socket.io/socket.io.min.js']) {
      expect((await fetch(new URL(asset, a.url))).status).toBe(200);
    }
    const refused = connect(`${a.url}/head-office`, { auth: { token: 'wrong' }, transports: ['websocket'], reconnection: false, forceNew: true });
    const err = await new Promise<Error>((resolve) => refused.once('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
    refused.disconnect();
  });
});

describe('gateway: central killed', () => {
  function spawnCentral(extra: Record<string, string> = {}): Child {
    const child = spawnScript('./gateway-central-process.ts', {
      DATABASE_URL: db.url,
      REDIS_URL,
      KAHERA_REDIS_PREFIX: prefix,
      KAHERA_GATEWAY_URL: sim.url,
      KAHERA_GATEWAY_SECRET_KEY: SECRET_KEY,
      KAHERA_GATEWAY_WEBHOOK_SECRET: WEBHOOK_SECRET,
      KAHERA_CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN,
      KAHERA_LOG_LEVEL: 'silent',
      ...extra,
    });
    children.push(child);
    return child;
  }

  it('SIGKILLed between XADD and delivery (read, never acked): delivered after restart', async () => {
    const s = await storeWithIntent();
    const first = spawnCentral();
    const url = await first.ready;
    const silent = await connectHub(url, s.storeId, s.key, null);
    const body = paidEvent(s.gatewayIntentId, s.amount);
    expect((await postWebhook(url, body)).status).toBe(200);
    expect(await until(() => silent.received.length === 1)).toBe(true);
    await first.kill('SIGKILL');
    silent.close();
    const second = spawnCentral();
    const url2 = await second.ready;
    const hub = await connectHub(url2, s.storeId, s.key);
    try {
      expect(await until(() => hub.received.length === 1)).toBe(true);
      expect(hub.received[0]!.id).toBe(body.data.id);
      expect(await until(async () => (await redis.xlen(`${prefix}gw:events:${s.storeId}`)) === 0)).toBe(true);
    } finally {
      hub.close();
      await second.kill('SIGTERM');
    }
  }, 30_000);

  it('SIGKILLed with the COMMIT sent and before the XADD (no 2xx): the row is committed, streamed after restart and delivered', async () => {
    const s = await storeWithIntent();
    const doomed = spawnCentral({ KAHERA_TEST_KILL_AFTER_STORE: '1' });
    const url = await doomed.ready;
    const body = paidEvent(s.gatewayIntentId, s.amount);
    await expect(postWebhook(url, body)).rejects.toThrow();
    await doomed.exited;
    // The COMMIT left the dead process's socket before the kill; Postgres finishes it on its own time.
    const stored = () => pool.query('SELECT disposition, streamed_at FROM gateway_events WHERE event_id = $1', [body.data.id]);
    expect(await until(async () => (await stored()).rows.length === 1)).toBe(true);
    const { rows } = await stored();
    expect(rows).toEqual([{ disposition: 'accepted', streamed_at: null }]);
    expect(await redis.xlen(`${prefix}gw:events:${s.storeId}`)).toBe(0);
    const restarted = spawnCentral();
    const url2 = await restarted.ready;
    try {
      expect(await redis.xlen(`${prefix}gw:events:${s.storeId}`)).toBe(1);
      const hub = await connectHub(url2, s.storeId, s.key);
      expect(await until(() => hub.received.length === 1)).toBe(true);
      expect(hub.received[0]!.id).toBe(body.data.id);
      hub.close();
      const after = await pool.query('SELECT streamed_at FROM gateway_events WHERE event_id = $1', [body.data.id]);
      expect(after.rows[0].streamed_at).not.toBeNull();
    } finally {
      await restarted.kill('SIGTERM');
    }
  }, 30_000);
});
