/**
 * A local stand-in for PayMongo: the subset of its payment-intent API central uses
 * (create, retrieve, payment methods, attach with a QR Ph code), webhooks in its event
 * format with its retries, and `/sim/...` routes that act as the customer or inject
 * faults. Never needs a real key: any `sk_test_…` secret key is accepted (or exactly the
 * configured one); live keys are refused so a real one never ends up in a test.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  eventEnvelope,
  intentResource,
  nowSeconds,
  paymentMethodResource,
  paymentResource,
  qrPayload,
  simId,
  type SimIntent,
  type SimMethod,
  type SimPaymentMethod,
} from './resources.js';
import { WebhookSender, type Faults, type WebhookOptions } from './webhooks.js';

export interface GatewaySimOptions {
  port?: number;
  host?: string;
  webhookUrl?: string | undefined;
  webhookSecret: string;
  /** When set, only this secret key is accepted; otherwise any `sk_test_…`. */
  secretKey?: string | undefined;
  webhook?: Omit<WebhookOptions, 'url' | 'secret'>;
  /** PayMongo's floor is 60 s; tests lower it to see expiry quickly. */
  minExpirySeconds?: number;
  /** How often unpaid intents are checked for expiry. */
  expiryCheckMs?: number;
  /** Draw the QR PNG PayMongo returns as `image_url` (off in benches: it costs a few ms). */
  qrImages?: boolean;
}

export interface GatewaySimHandle {
  url: string;
  webhooks: WebhookSender;
  intents: Map<string, SimIntent>;
  /** The customer pays (optionally a different amount, to test central's check). */
  pay(gatewayIntentId: string, amount?: number): void;
  fail(gatewayIntentId: string, code?: string, message?: string): void;
  expire(gatewayIntentId: string): void;
  setFaults(patch: Partial<Faults>): Faults;
  close(): Promise<void>;
}

const METHODS = ['qrph', 'gcash', 'paymaya', 'card'] as const;

const CreateIntent = z.object({
  data: z.object({
    attributes: z.object({
      // PayMongo's own floor (₱20) is not enforced: hub tests use small amounts.
      amount: z.number().int().min(1).max(100_000_000_000),
      currency: z.literal('PHP'),
      payment_method_allowed: z.array(z.enum(METHODS)).min(1),
      description: z.string().max(255).optional(),
      statement_descriptor: z.string().optional(),
      capture_type: z.string().optional(),
      metadata: z.record(z.string(), z.string()).optional(),
    }),
  }),
});

const CreateMethod = z.object({
  data: z.object({
    attributes: z.object({
      type: z.enum(METHODS),
      expiry_seconds: z.number().int().min(1).max(9000).optional(),
      details: z.unknown().optional(),
      billing: z.unknown().optional(),
    }),
  }),
});

const Attach = z.object({
  data: z.object({ attributes: z.object({ payment_method: z.string().min(1), client_key: z.string().optional(), return_url: z.string().optional() }) }),
});

const SimFaults = z.object({
  drop: z.number().int().min(0).max(10_000).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  duplicate: z.number().int().min(1).max(20).optional(),
  reorder: z.number().int().min(0).max(1000).optional(),
});

class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) throw new SimError(413, 'payload_too_large', 'body too large');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new SimError(400, 'parameter_invalid', 'body is not valid JSON');
  }
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new SimError(400, 'parameter_invalid', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

function checkKey(req: IncomingMessage, configured: string | undefined): void {
  const m = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const decoded = m?.[1] ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  const key = decoded.split(':')[0] ?? '';
  const ok = configured ? key === configured : key.startsWith('sk_test_') && key.length > 8;
  if (!ok) throw new SimError(401, 'unauthorized', 'a test secret key (sk_test_…) is required as HTTP Basic username');
}

export async function startGatewaySim(options: GatewaySimOptions): Promise<GatewaySimHandle> {
  const intents = new Map<string, SimIntent>();
  const methods = new Map<string, SimPaymentMethod>();
  const webhooks = new WebhookSender({ ...options.webhook, url: options.webhookUrl, secret: options.webhookSecret });
  const minExpiry = options.minExpirySeconds ?? 60;
  const qrImages = options.qrImages ?? true;
  /** Intent id → expiry in ms, for the sweep (seconds are PayMongo's unit, too coarse for tests). */
  const expiries = new Map<string, number>();

  const find = (id: string): SimIntent => {
    const intent = intents.get(id);
    if (!intent) throw new SimError(404, 'resource_not_found', `no payment intent ${id}`);
    return intent;
  };
  const touch = (i: SimIntent) => (i.updatedAt = nowSeconds());

  const pay = (id: string, amount?: number) => {
    const intent = find(id);
    // A card intent is never attached here (the customer enters the card), so waiting
    // for a method is payable too, unless the code expired.
    const payable = intent.status === 'awaiting_next_action' || (intent.status === 'awaiting_payment_method' && !intent.expired);
    if (!payable) throw new SimError(400, 'payment_intent_not_payable', `intent ${id} is ${intent.status}${intent.expired ? ' (expired)' : ''}`);
    const payment = { id: simId('pay'), amount: amount ?? intent.amount, currency: 'PHP' as const, status: 'paid' as const, paidAt: nowSeconds(), failedCode: null, failedMessage: null, createdAt: nowSeconds() };
    intent.payments.push(payment);
    intent.status = 'succeeded';
    intent.lastError = null;
    expiries.delete(id);
    touch(intent);
    webhooks.send(eventEnvelope('payment.paid', paymentResource(intent, payment)));
  };

  const fail = (id: string, code = 'generic_decline', message = 'The payment was declined.') => {
    const intent = find(id);
    if (intent.status === 'succeeded' || intent.expired) throw new SimError(400, 'payment_intent_not_payable', `intent ${id} is ${intent.status}`);
    const payment = { id: simId('pay'), amount: intent.amount, currency: 'PHP' as const, status: 'failed' as const, paidAt: null, failedCode: code, failedMessage: message, createdAt: nowSeconds() };
    intent.payments.push(payment);
    // PayMongo sends a failed intent back to waiting for a method, with the error.
    intent.status = 'awaiting_payment_method';
    intent.lastError = { code, message };
    expiries.delete(id);
    touch(intent);
    webhooks.send(eventEnvelope('payment.failed', paymentResource(intent, payment)));
  };

  const expire = (id: string) => {
    const intent = find(id);
    if (intent.status !== 'awaiting_next_action') return;
    intent.status = 'awaiting_payment_method';
    intent.expired = true;
    intent.lastError = { code: 'payment_expired', message: 'The QR code expired before it was paid.' };
    expiries.delete(id);
    touch(intent);
    webhooks.send(eventEnvelope(intent.method === 'qrph' ? 'qrph.expired' : 'payment_intent.expired', intentResource(intent)));
  };

  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [id, at] of expiries) if (at <= now) expire(id);
    },
    options.expiryCheckMs ?? 1000,
  );
  sweep.unref();

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'sim') {
      if (parts[1] === 'payment-intents' && parts[2] && method === 'POST' && parts.length === 4) {
        const body = (await readJson(req)) as { amount?: unknown; code?: unknown; message?: unknown };
        if (parts[3] === 'pay') pay(parts[2], typeof body.amount === 'number' && Number.isSafeInteger(body.amount) ? body.amount : undefined);
        else if (parts[3] === 'fail') fail(parts[2], typeof body.code === 'string' ? body.code : undefined, typeof body.message === 'string' ? body.message : undefined);
        else if (parts[3] === 'expire') expire(parts[2]);
        else throw new SimError(404, 'resource_not_found', 'no such sim action');
        return send(res, 200, intentResource(find(parts[2])));
      }
      if (parts[1] === 'faults' && parts.length === 2) {
        if (method === 'GET') return send(res, 200, { ...webhooks.faults });
        if (method === 'POST') return send(res, 200, webhooks.setFaults(parse(SimFaults, await readJson(req))));
      }
      if (parts[1] === 'flush' && method === 'POST') {
        webhooks.flushHeld();
        return send(res, 200, { ok: true });
      }
      if (parts[1] === 'deliveries' && method === 'GET') return send(res, 200, { items: webhooks.records.slice(-500) });
      throw new SimError(404, 'resource_not_found', `no route ${method} ${url.pathname}`);
    }

    if (parts[0] !== 'v1') throw new SimError(404, 'resource_not_found', `no route ${method} ${url.pathname}`);
    checkKey(req, options.secretKey);

    if (parts[1] === 'payment_intents' && parts.length === 2 && method === 'POST') {
      const a = parse(CreateIntent, await readJson(req)).data.attributes;
      const t = nowSeconds();
      const intent: SimIntent = {
        id: simId('pi'),
        clientKey: '',
        amount: a.amount,
        currency: 'PHP',
        description: a.description ?? null,
        allowed: a.payment_method_allowed,
        metadata: a.metadata ?? {},
        status: 'awaiting_payment_method',
        paymentMethodId: null,
        method: null,
        expiresAt: null,
        expired: false,
        qrString: null,
        qrImage: null,
        lastError: null,
        payments: [],
        createdAt: t,
        updatedAt: t,
      };
      intent.clientKey = `${intent.id}_client_${simId('ck').slice(3)}`;
      intents.set(intent.id, intent);
      return send(res, 200, { data: intentResource(intent) });
    }
    if (parts[1] === 'payment_intents' && parts[2] && parts.length === 3 && method === 'GET') {
      return send(res, 200, { data: intentResource(find(parts[2])) });
    }
    if (parts[1] === 'payment_intents' && parts[2] && parts[3] === 'attach' && method === 'POST') {
      const intent = find(parts[2]);
      const a = parse(Attach, await readJson(req)).data.attributes;
      const pm = methods.get(a.payment_method);
      if (!pm) throw new SimError(404, 'resource_not_found', `no payment method ${a.payment_method}`);
      if (!intent.allowed.includes(pm.type)) throw new SimError(400, 'payment_method_not_allowed', `${pm.type} is not allowed on ${intent.id}`);
      if (intent.status === 'succeeded') throw new SimError(400, 'payment_intent_already_succeeded', `${intent.id} is already paid`);
      const seconds = Math.max(minExpiry, Math.min(9000, pm.expirySeconds ?? 1800));
      intent.paymentMethodId = pm.id;
      intent.method = pm.type as SimMethod;
      intent.status = 'awaiting_next_action';
      intent.expired = false;
      intent.lastError = null;
      intent.expiresAt = nowSeconds() + seconds;
      expiries.set(intent.id, Date.now() + seconds * 1000);
      if (pm.type === 'qrph') {
        intent.qrString = qrPayload(intent);
        intent.qrImage = qrImages ? await QRCode.toDataURL(intent.qrString, { errorCorrectionLevel: 'M', margin: 2 }) : null;
      }
      touch(intent);
      return send(res, 200, { data: intentResource(intent) });
    }
    if (parts[1] === 'payment_methods' && parts.length === 2 && method === 'POST') {
      const a = parse(CreateMethod, await readJson(req)).data.attributes;
      const pm: SimPaymentMethod = { id: simId('pm'), type: a.type, expirySeconds: a.expiry_seconds ?? null, createdAt: nowSeconds() };
      methods.set(pm.id, pm);
      if (methods.size > 100_000) methods.delete(methods.keys().next().value as string);
      return send(res, 200, { data: paymentMethodResource(pm) });
    }
    throw new SimError(404, 'resource_not_found', `no route ${method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    route(req, res, url).catch((err: unknown) => {
      if (!req.complete) req.resume();
      if (err instanceof SimError) send(res, err.status, { errors: [{ code: err.code, detail: err.message }] });
      else send(res, 500, { errors: [{ code: 'internal', detail: 'simulator error' }] });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8092, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    url: `http://${host}:${port}`,
    webhooks,
    intents,
    pay,
    fail,
    expire,
    setFaults: (patch) => webhooks.setFaults(patch),
    async close() {
      clearInterval(sweep);
      webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
