/**
 * Gateway tests' fixtures: a Redis key prefix of their own (deleted at the end), central
 * in-process or as a child process, the simulator, signed PayMongo-format webhooks and a
 * plain socket.io-client standing in for a hub.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { startCentral, type CentralHandle } from '../../../src/central/server.js';
import type { GatewayOptions } from '../../../src/central/gateway/index.js';
import { signature } from '../../../src/gateway-sim/webhooks.js';
import type { GatewayEvent, GatewayEventAck } from '../../../src/shared/gateway.js';
import { call } from './sync-http.js';

export const ADMIN_TOKEN = 'head-office-token-for-gateway-tests';
export const WEBHOOK_SECRET = 'whsk_test_gateway_tests_only';
export const SECRET_KEY = 'sk_test_gateway_tests_only';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const WEBHOOK_PATH = '/api/v1/gateway/webhooks/paymongo';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function testPrefix(): string {
  return `kahera_test:${randomBytes(5).toString('hex')}:`;
}

/** Deletes every key under the prefix (bounded SCAN). */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    for (let round = 0; round < 1000; round++) {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (found.length > 0) await redis.del(...found);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}

/** Short timers so redelivery and takeover show up within a test. */
export function fastGateway(prefix: string, gatewayUrl?: string, extra: Partial<GatewayOptions> = {}): GatewayOptions {
  return {
    redisUrl: REDIS_URL,
    redisPrefix: prefix,
    gatewayUrl,
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    hubs: { ackTimeoutMs: 800, retryMs: 300, presenceTtlMs: 3000, blockMs: 1000 },
    sweepEveryMs: 500,
    ...extra,
  };
}

export async function startTestCentral(databaseUrl: string, gateway: GatewayOptions): Promise<CentralHandle> {
  return startCentral({ databaseUrl, port: 0, adminToken: ADMIN_TOKEN, poolSize: 4, gateway });
}

export async function registerStore(centralUrl: string, storeId: string): Promise<string> {
  const res = await call<{ key: string }>(centralUrl, 'POST', '/api/v1/stores', { token: ADMIN_TOKEN, body: { storeId, name: `Store ${storeId}` } });
  if (res.status !== 201) throw new Error(`register ${storeId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.key;
}

/** A PayMongo `payment.paid` event for a gateway intent. */
export function paidEvent(gatewayIntentId: string, amount: number, eventId = `evt_${randomBytes(10).toString('hex')}`) {
  const t = Math.floor(Date.now() / 1000);
  return {
    data: {
      id: eventId,
      type: 'event',
      attributes: {
        type: 'payment.paid',
        livemode: false,
        created_at: t,
        updated_at: t,
        data: {
          id: `pay_${randomBytes(10).toString('hex')}`,
          type: 'payment',
          attributes: { amount, currency: 'PHP', status: 'paid', paid_at: t, payment_intent_id: gatewayIntentId },
        },
      },
    },
  };
}

export async function postWebhook(centralUrl: string, body: unknown, opts: { header?: string | null; timestamp?: number; secret?: string } = {}) {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const t = opts.timestamp ?? Math.floor(Date.now() / 1000);
  if (opts.header !== null) headers['paymongo-signature'] = opts.header ?? signature(opts.secret ?? WEBHOOK_SECRET, t, raw);
  const res = await fetch(new URL(WEBHOOK_PATH, centralUrl), { method: 'POST', headers, body: raw });
  const text = await res.text();
  return { status: res.status, body: text };
}

/** Creates an intent through central (as a hub would); answers the gateway's id. */
export async function createIntent(centralUrl: string, storeId: string, key: string, id: string, amount: number) {
  return call<{ gatewayIntentId: string; status: string; qr: { payload: string } | null; expiresAt: string; amount: number }>(
    centralUrl,
    'POST',
    `/api/v1/stores/${storeId}/payment-intents`,
    { token: key, body: { id, amount, currency: 'PHP', method: 'qrph', description: `test ${id}` } },
  );
}

export interface TestHub {
  socket: Socket;
  received: GatewayEvent[];
  /** What the next events are answered with; `null`: never answered. */
  answer: GatewayEventAck | null;
  close(): void;
}

/** A hub's `/hubs` connection that records each `gateway:event` and acks per `answer`. */
export async function connectHub(centralUrl: string, storeId: string, key: string, answer: GatewayEventAck | null = { ok: true }): Promise<TestHub> {
  const socket = connect(`${centralUrl}/hubs`, { auth: { storeId, key }, transports: ['websocket'], reconnection: false, forceNew: true });
  const hub: TestHub = { socket, received: [], answer, close: () => socket.disconnect() };
  socket.on('gateway:event', (event: GatewayEvent, ack: (a: GatewayEventAck) => void) => {
    hub.received.push(event);
    if (hub.answer) ack(hub.answer);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return hub;
}

/** Polls until `check` is true or `ms` pass; answers whether it became true. */
export async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(25);
  }
  return check();
}
