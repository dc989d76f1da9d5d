/**
 * The one module that talks to the payment gateway (PayMongo's API, or the simulator
 * speaking it). Pointing central at a real account is configuration only:
 * KAHERA_GATEWAY_URL (https://api.paymongo.com), KAHERA_GATEWAY_SECRET_KEY.
 * Everything PayMongo-specific on the way in (webhook envelopes) is parsed here too.
 */
import { z } from 'zod';
import type { GatewayEventStatus, GatewayIntentStatus, GatewayMethod } from '../../shared/gateway.js';
import { HttpError } from '../http.js';
import { httpCall } from '../../net/http-call.js';

export interface GatewayClientOptions {
  url: string | undefined;
  secretKey: string | undefined;
  timeoutMs?: number;
  /** Where an e-wallet's authorisation page sends the customer back (PayMongo requires one). */
  returnUrl?: string;
}

export interface CreatedIntent {
  gatewayIntentId: string;
  status: GatewayIntentStatus;
  qrPayload: string | null;
  expiresAt: Date;
}

export interface GatewayIntentView {
  gatewayIntentId: string;
  amount: number;
  /** What was actually paid, when a payment succeeded. */
  paidAmount: number | null;
  status: GatewayIntentStatus;
  paidAt: Date | null;
  failureReason: string | null;
}

const PAYMONGO_METHOD: Record<GatewayMethod, string> = { qrph: 'qrph', gcash: 'gcash', maya: 'paymaya', card: 'card' };

const Resource = z.object({ id: z.string().min(1), type: z.string(), attributes: z.record(z.string(), z.unknown()) });
const Envelope = z.object({ data: Resource });

const PaymentAttributes = z.looseObject({
  amount: z.number().int(),
  status: z.string(),
  paid_at: z.number().int().nullable().optional(),
  payment_intent_id: z.string().nullable().optional(),
  failed_message: z.string().nullable().optional(),
  failed_code: z.string().nullable().optional(),
});

const IntentAttributes = z.looseObject({
  amount: z.number().int(),
  status: z.string(),
  payments: z.array(z.object({ id: z.string(), attributes: PaymentAttributes })).optional().default([]),
  last_payment_error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).nullable().optional(),
  next_action: z
    .looseObject({ type: z.string(), code: z.looseObject({ image_url: z.string().nullable().optional(), qr_string: z.string().nullable().optional() }).optional() })
    .nullable()
    .optional(),
});

const unixToDate = (s: number | null | undefined): Date | null => (typeof s === 'number' ? new Date(s * 1000) : null);

export class GatewayClient {
  constructor(private readonly options: GatewayClientOptions) {}

  get configured(): boolean {
    return Boolean(this.options.url && this.options.secretKey);
  }

  /** Live keys sign webhooks in `li`, test keys in `te` (PayMongo). */
  get livemode(): boolean {
    return this.options.secretKey?.startsWith('sk_live_') ?? false;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<z.infer<typeof Resource>> {
    const { url, secretKey } = this.options;
    if (!url || !secretKey) throw new HttpError(503, 'offline', 'the payment gateway is not configured on central');
    // node:http with a timer of its own (http-call.ts), not fetch: on Node 20 a fetch whose
    // connection is reset can stay pending forever, and with it the hub's create or verify.
    const res = await httpCall({
      method,
      url: new URL(path, url).toString(),
      headers: { authorization: `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`, 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: this.options.timeoutMs ?? 10_000,
    });
    if (res.kind === 'failed') throw new HttpError(503, 'offline', 'the payment gateway cannot be reached');
    const json = safeJson(res.text);
    if (res.status < 200 || res.status > 299) {
      // The gateway's own message stays in central's log; the hub gets a code it can act on.
      const status = res.status === 404 ? 404 : res.status >= 500 || res.status === 401 ? 503 : 422;
      throw new HttpError(status, status === 503 ? 'offline' : 'gateway_refused', `the payment gateway answered ${res.status}`, { gateway: json });
    }
    const parsed = Envelope.safeParse(json);
    if (!parsed.success) throw new HttpError(502, 'gateway_bad_answer', 'the payment gateway answered something unexpected');
    return parsed.data.data;
  }

  /**
   * PayMongo's three steps: an intent, a payment method of the chosen type, attach. Card
   * details are the customer's to enter, so a card intent stays unattached (no QR).
   */
  async createIntent(input: { amount: number; method: GatewayMethod; description?: string | undefined; expiresAt?: Date | undefined; metadata: Record<string, string> }): Promise<CreatedIntent> {
    const type = PAYMONGO_METHOD[input.method];
    const intent = await this.call('POST', '/v1/payment_intents', {
      data: { attributes: { amount: input.amount, currency: 'PHP', payment_method_allowed: [type], description: input.description, metadata: input.metadata } },
    });
    const defaultExpiry = new Date(Date.now() + 30 * 60_000);
    if (input.method === 'card') return { gatewayIntentId: intent.id, status: 'awaiting_payment', qrPayload: null, expiresAt: input.expiresAt ?? defaultExpiry };
    const seconds = input.expiresAt ? Math.max(60, Math.min(9000, Math.round((input.expiresAt.getTime() - Date.now()) / 1000))) : undefined;
    const pm = await this.call('POST', '/v1/payment_methods', { data: { attributes: { type, expiry_seconds: input.method === 'qrph' ? seconds : undefined } } });
    const attached = await this.call('POST', `/v1/payment_intents/${encodeURIComponent(intent.id)}/attach`, {
      data: { attributes: { payment_method: pm.id, return_url: this.options.returnUrl ?? 'https://kahera.invalid/paid' } },
    });
    const a = IntentAttributes.safeParse(attached.attributes);
    if (!a.success) throw new HttpError(502, 'gateway_bad_answer', 'the payment gateway answered something unexpected');
    const expiresUnix = typeof attached.attributes.expires_at === 'number' ? attached.attributes.expires_at : null;
    const code = a.data.next_action?.code;
    // PayMongo documents only the QR image; the text form is taken when the gateway gives
    // it (the simulator does). A `data:image/…` payload is to be shown as an image.
    const qrPayload = input.method === 'qrph' ? (code?.qr_string ?? code?.image_url ?? null) : null;
    return {
      gatewayIntentId: intent.id,
      status: 'awaiting_payment',
      qrPayload,
      expiresAt: unixToDate(expiresUnix) ?? (seconds ? new Date(Date.now() + seconds * 1000) : defaultExpiry),
    };
  }

  /** What the gateway says now. `expiresAt` is ours: PayMongo reports an expired QR as waiting for a method again. */
  async retrieveIntent(gatewayIntentId: string, expiresAt: Date): Promise<GatewayIntentView> {
    const r = await this.call('GET', `/v1/payment_intents/${encodeURIComponent(gatewayIntentId)}`);
    const a = IntentAttributes.safeParse(r.attributes);
    if (!a.success) throw new HttpError(502, 'gateway_bad_answer', 'the payment gateway answered something unexpected');
    const paid = a.data.payments.find((p) => p.attributes.status === 'paid');
    let status: GatewayIntentStatus = 'awaiting_payment';
    let failureReason: string | null = null;
    const err = a.data.last_payment_error;
    if (a.data.status === 'succeeded' || paid) status = 'succeeded';
    else if (a.data.status === 'awaiting_payment_method' && (err?.code === 'payment_expired' || expiresAt.getTime() <= Date.now())) {
      status = 'expired';
      failureReason = err?.message ?? 'the payment expired';
    } else if (a.data.status === 'awaiting_payment_method' && err) {
      status = 'failed';
      failureReason = err.message ?? err.code ?? 'the payment failed';
    }
    return { gatewayIntentId: r.id, amount: a.data.amount, paidAmount: paid?.attributes.amount ?? null, status, paidAt: unixToDate(paid?.attributes.paid_at), failureReason };
  }
}

/** A webhook event, reduced to what central acts on. `status` null: a type central ignores. */
export interface ParsedWebhook {
  eventId: string;
  type: string;
  gatewayIntentId: string | null;
  status: GatewayEventStatus | null;
  amount: number | null;
  occurredAt: Date;
  paidAt: Date | null;
  failureReason: string | null;
}

const WebhookEnvelope = z.object({
  data: z.object({
    id: z.string().min(1).max(128),
    type: z.literal('event'),
    attributes: z.looseObject({ type: z.string().min(1).max(64), livemode: z.boolean().optional(), created_at: z.number().int(), data: Resource.nullable().optional() }),
  }),
});

const EVENT_STATUS: Record<string, GatewayEventStatus> = {
  'payment.paid': 'succeeded',
  'payment.failed': 'failed',
  'qrph.expired': 'expired',
  'payment_intent.expired': 'expired',
};

/** Parses PayMongo's event envelope (after its signature was verified). null: not an event at all. */
export function parseWebhook(body: unknown): ParsedWebhook | null {
  const env = WebhookEnvelope.safeParse(body);
  if (!env.success) return null;
  const { id, attributes } = env.data.data;
  const resource = attributes.data ?? null;
  let status = EVENT_STATUS[attributes.type] ?? null;
  let gatewayIntentId: string | null = null;
  let amount: number | null = null;
  let paidAt: Date | null = null;
  let failureReason: string | null = null;
  if (status && resource?.type === 'payment') {
    const p = PaymentAttributes.safeParse(resource.attributes);
    if (p.success) {
      gatewayIntentId = p.data.payment_intent_id ?? null;
      amount = p.data.amount;
      paidAt = unixToDate(p.data.paid_at);
      failureReason = status === 'failed' ? (p.data.failed_message ?? p.data.failed_code ?? 'the payment failed') : null;
    }
  } else if (status && resource?.type === 'payment_intent') {
    const i = IntentAttributes.safeParse(resource.attributes);
    if (i.success) {
      gatewayIntentId = resource.id;
      amount = i.data.amount;
      failureReason = i.data.last_payment_error?.message ?? 'the payment expired';
    }
  }
  if (!gatewayIntentId) status = null;
  return { eventId: id, type: attributes.type, gatewayIntentId, status, amount, occurredAt: new Date(attributes.created_at * 1000), paidAt, failureReason };
}

function safeJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
