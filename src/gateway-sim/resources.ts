/**
 * The PayMongo resources the simulator keeps, in the JSON:API-like shape PayMongo
 * documents: `{data:{id, type, attributes:{...}}}`, amounts in centavos, times as unix
 * seconds. Only the fields central reads are modelled; central must not rely on others.
 */
import { randomBytes } from 'node:crypto';

export type SimMethod = 'qrph' | 'gcash' | 'paymaya' | 'card';

export type SimIntentStatus = 'awaiting_payment_method' | 'awaiting_next_action' | 'processing' | 'succeeded';

export interface SimPayment {
  id: string;
  amount: number;
  currency: 'PHP';
  status: 'paid' | 'failed';
  paidAt: number | null;
  failedCode: string | null;
  failedMessage: string | null;
  createdAt: number;
}

export interface SimIntent {
  id: string;
  clientKey: string;
  amount: number;
  currency: 'PHP';
  description: string | null;
  allowed: SimMethod[];
  metadata: Record<string, string>;
  status: SimIntentStatus;
  paymentMethodId: string | null;
  method: SimMethod | null;
  /** Unix seconds; set on attach (PayMongo starts the QR Ph clock at attach). */
  expiresAt: number | null;
  expired: boolean;
  qrString: string | null;
  qrImage: string | null;
  lastError: { code: string; message: string } | null;
  payments: SimPayment[];
  createdAt: number;
  updatedAt: number;
}

export interface SimPaymentMethod {
  id: string;
  type: SimMethod;
  expirySeconds: number | null;
  createdAt: number;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** PayMongo-looking ids: a type prefix and 24 random characters. */
export function simId(prefix: string): string {
  return `${prefix}_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;
}

export function paymentResource(intent: SimIntent, p: SimPayment) {
  return {
    id: p.id,
    type: 'payment',
    attributes: {
      amount: p.amount,
      currency: p.currency,
      description: intent.description,
      status: p.status,
      paid_at: p.paidAt,
      payment_intent_id: intent.id,
      source: { type: intent.method },
      metadata: intent.metadata,
      failed_code: p.failedCode,
      failed_message: p.failedMessage,
      livemode: false,
      created_at: p.createdAt,
      updated_at: p.createdAt,
    },
  };
}

function nextAction(intent: SimIntent) {
  if (intent.status !== 'awaiting_next_action' || intent.method === null) return null;
  if (intent.method === 'qrph') {
    return {
      type: 'consume_qr',
      code: {
        id: `code_${intent.id.slice(3)}`,
        amount: intent.amount,
        label: intent.description ?? 'Kahera',
        image_url: intent.qrImage,
        // Not in PayMongo's answer (which gives only the image): the text the image
        // encodes, so a client can draw the code itself. Central takes it when present.
        qr_string: intent.qrString,
      },
    };
  }
  return { type: 'redirect', redirect: { url: `https://sim.invalid/authorize/${intent.id}`, return_url: 'https://sim.invalid/return' } };
}

export function intentResource(intent: SimIntent) {
  return {
    id: intent.id,
    type: 'payment_intent',
    attributes: {
      amount: intent.amount,
      currency: intent.currency,
      description: intent.description,
      statement_descriptor: 'KAHERA',
      status: intent.status,
      livemode: false,
      client_key: intent.clientKey,
      payment_method_allowed: intent.allowed,
      payments: intent.payments.map((p) => paymentResource(intent, p)),
      next_action: nextAction(intent),
      payment_method_options: null,
      last_payment_error: intent.lastError,
      metadata: intent.metadata,
      // The simulator's own addition: when the attached method stops being payable.
      expires_at: intent.expiresAt,
      created_at: intent.createdAt,
      updated_at: intent.updatedAt,
    },
  };
}

export function paymentMethodResource(pm: SimPaymentMethod) {
  return {
    id: pm.id,
    type: 'payment_method',
    attributes: { type: pm.type, expiry_seconds: pm.expirySeconds, livemode: false, created_at: pm.createdAt, updated_at: pm.createdAt },
  };
}

/** PayMongo's event envelope: `{data:{id:"evt_…", type:"event", attributes:{type, livemode, data, …}}}`. */
export function eventEnvelope(type: string, data: unknown) {
  const t = nowSeconds();
  return {
    data: {
      id: simId('evt'),
      type: 'event',
      attributes: { type, livemode: false, data, previous_data: {}, pending_webhooks: 1, created_at: t, updated_at: t },
    },
  };
}

/** A QR Ph-like payload (EMVCo merchant-presented TLV fields), good enough to draw and scan in a demo. */
export function qrPayload(intent: SimIntent): string {
  const tlv = (tag: string, value: string) => `${tag}${String(value.length).padStart(2, '0')}${value}`;
  const amount = (intent.amount / 100).toFixed(2);
  const body =
    tlv('00', '01') +
    tlv('01', '12') +
    tlv('27', tlv('00', 'com.p2pqrpay') + tlv('01', 'KAHERASIM') + tlv('05', intent.id)) +
    tlv('52', '5411') +
    tlv('53', '608') +
    tlv('54', amount) +
    tlv('58', 'PH') +
    tlv('59', 'KAHERA SIMULATED STORE') +
    tlv('60', 'MANILA') +
    '6304';
  return body + crc16(body);
}

/** CRC-16/CCITT-FALSE, the checksum EMVCo QR codes end with. */
function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
