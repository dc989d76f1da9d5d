/**
 * Central's gateway routes (protocol.md, v1 additions): intents for a store's hub,
 * verify, and the gateway's webhook. Errors leave as the error object via HttpError.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { StoreIdSchema } from '../../shared/central.js';
import { Id } from '../../shared/common.js';
import { CreateGatewayIntentRequest, type CreateGatewayIntentResponse, type GatewayEvent, type VerifyGatewayIntentResponse } from '../../shared/gateway.js';
import { authenticateStore } from '../auth.js';
import { findIntent, insertIntent, updateIntentStatus, type IntentRow } from '../db/gateway.queries.js';
import { EventBatcher } from './batcher.js';
import { HttpError, parseOr400, sendJson } from '../http.js';
import { parseWebhook, type GatewayClient } from './client.js';
import type { GatewayOutbox } from './outbox.js';
import { verifySignature } from './signature.js';

export interface GatewayRouteDeps {
  pool: Pool;
  log: Logger;
  client: GatewayClient;
  outbox: GatewayOutbox;
  webhookSecret: string | undefined;
  received(storeId: string, event: GatewayEvent): void;
  /** Test hook: runs once an event's COMMIT is sent and before its XADD (a crash there). */
  afterStore?: (() => void) | undefined;
}

const WEBHOOK_LIMIT = 1024 * 1024;

/** The body exactly as sent: the signature is over these bytes. */
async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    throw new HttpError(413, 'payload_too_large', `body is larger than ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, 'payload_too_large', `body is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const raw = await readRaw(req, limit);
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'body is not valid JSON');
  }
}

async function ownStore(pool: Pool, req: IncomingMessage, storeIdParam: string): Promise<string> {
  const storeId = parseOr400(StoreIdSchema, storeIdParam, 'storeId');
  const store = await authenticateStore(pool, req);
  if (store.storeId !== storeId) throw new HttpError(403, 'forbidden', 'a store key acts only for its own store');
  return storeId;
}

function created(row: IntentRow): CreateGatewayIntentResponse {
  return { gatewayIntentId: row.gatewayIntentId, status: row.status, qr: row.qrPayload ? { payload: row.qrPayload } : null, expiresAt: row.expiresAt.toISOString(), amount: row.amount };
}

interface Matched {
  name: 'create' | 'verify' | 'webhook';
  params: string[];
}

function match(method: string, path: string): Matched | null {
  if (method !== 'POST') return null;
  if (path === '/api/v1/gateway/webhooks/paymongo') return { name: 'webhook', params: [] };
  const m = /^\/api\/v1\/stores\/([^/]+)\/payment-intents(?:\/([^/]+)\/(verify))?$/.exec(path);
  if (!m) return null;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (m[3]) return { name: 'verify', params: [decode(m[1]!), decode(m[2]!)] };
  return { name: 'create', params: [decode(m[1]!)] };
}

export function gatewayRoutes(deps: GatewayRouteDeps) {
  const { pool, log, client } = deps;
  const batcher = new EventBatcher(pool, log, {
    append: (storeId, event) => deps.outbox.append(storeId, event),
    streamed: (eventId, entryId) => deps.outbox.mark(eventId, entryId),
    afterStore: deps.afterStore,
  });

  async function create(req: IncomingMessage, res: ServerResponse, storeParam: string): Promise<void> {
    const storeId = await ownStore(pool, req, storeParam);
    const body = parseOr400(CreateGatewayIntentRequest, await readJson(req));
    // The hub retries a create it got no answer to: the same id answers the same intent.
    const existing = await findIntent(pool, storeId, body.id);
    if (existing) {
      if (existing.amount !== body.amount) throw new HttpError(409, 'conflict', `intent ${body.id} exists with another amount`);
      return sendJson(res, 201, created(existing));
    }
    const g = await client.createIntent({
      amount: body.amount,
      method: body.method,
      description: body.description,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
      metadata: { storeId, intentId: body.id },
    });
    const row = await insertIntent(pool, {
      storeId,
      intentId: body.id,
      gatewayIntentId: g.gatewayIntentId,
      amount: body.amount,
      currency: body.currency,
      method: body.method,
      status: 'awaiting_payment',
      qrPayload: g.qrPayload,
      expiresAt: g.expiresAt,
    });
    log.info({ storeId, intentId: body.id, gatewayIntentId: row.gatewayIntentId }, 'gateway intent created');
    sendJson(res, 201, created(row));
  }

  async function verify(req: IncomingMessage, res: ServerResponse, storeParam: string, idParam: string): Promise<void> {
    const storeId = await ownStore(pool, req, storeParam);
    const intentId = parseOr400(Id, idParam, 'id');
    if (!(req.complete || req.readableEnded)) req.resume();
    const row = await findIntent(pool, storeId, intentId);
    if (!row) throw new HttpError(404, 'not_found', `no gateway intent ${intentId} for store ${storeId}`);
    const view = await client.retrieveIntent(row.gatewayIntentId, row.expiresAt);
    let { status, failureReason } = view;
    if (status === 'succeeded' && view.paidAmount !== null && view.paidAmount !== row.amount) {
      // Money that does not match the invoice is never reported as the invoice paid.
      log.warn({ storeId, intentId, expected: row.amount, paid: view.paidAmount }, 'gateway reports a paid amount that differs from the intent');
      status = 'failed';
      failureReason = `paid amount ${view.paidAmount} differs from ${row.amount}`;
    }
    await updateIntentStatus(pool, storeId, intentId, status, view.paidAt, failureReason);
    const answer: VerifyGatewayIntentResponse = {
      gatewayIntentId: row.gatewayIntentId,
      status,
      amount: row.amount,
      paidAt: status === 'succeeded' ? (view.paidAt ?? row.paidAt)?.toISOString() ?? null : null,
      failureReason,
    };
    sendJson(res, 200, answer);
  }

  async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readRaw(req, WEBHOOK_LIMIT);
    const verdict = verifySignature(req.headers['paymongo-signature'], raw, deps.webhookSecret, client.livemode);
    if (verdict !== 'ok') {
      log.warn({ verdict }, 'webhook refused: signature');
      throw new HttpError(401, 'invalid_signature', verdict === 'stale' ? 'the signature timestamp is outside the 5-minute window' : 'a valid Paymongo-Signature is required');
    }
    const text = raw.toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      throw new HttpError(400, 'invalid_json', 'body is not valid JSON');
    }
    const parsed = parseWebhook(body);
    if (!parsed) throw new HttpError(400, 'validation_failed', 'body is not a gateway event');
    const stored = await batcher.store({ ...parsed, payloadJson: text });
    if (stored.inserted && stored.disposition === 'rejected') {
      log.warn({ eventId: parsed.eventId, type: parsed.type, storeId: stored.storeId, reason: stored.rejectReason }, 'gateway event refused; stored, never delivered');
    }
    // Stored, committed and (unless Redis failed; then the outbox sweep) on the store's stream.
    if (stored.inserted && stored.event && stored.storeId) deps.received(stored.storeId, stored.event);
    sendJson(res, 200, { received: true, disposition: stored.disposition });
  }

  /** Answers true when the request was one of these routes. */
  return async function dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const m = match(req.method ?? 'GET', url.pathname);
    if (!m) return false;
    if (m.name === 'webhook') await webhook(req, res);
    else if (m.name === 'create') await create(req, res, m.params[0]!);
    else await verify(req, res, m.params[0]!, m.params[1]!);
    return true;
  };
}
