/**
 * The wire contract between a hub and central for gateway payments (protocol.md,
 * "v1 additions — Central"). The hub never talks to the gateway: it asks central, which
 * holds the keys, and receives the gateway's verdict back over the `/hubs` namespace.
 */
import { z } from 'zod';
import { Id, IsoDateTime, PositiveCentavos } from './common.js';
import { StoreIdSchema } from './central.js';

/** Tenders that go through the gateway. Manual GCash/Maya with a reference stays a normal tender. */
export const GatewayMethod = z.enum(['qrph', 'gcash', 'maya', 'card']);
export type GatewayMethod = z.infer<typeof GatewayMethod>;

/** The paymentIntent statuses of protocol.md; `cancelled` is the hub's own, the gateway never says it. */
export const GatewayIntentStatus = z.enum(['awaiting_payment', 'succeeded', 'failed', 'expired', 'cancelled']);
export type GatewayIntentStatus = z.infer<typeof GatewayIntentStatus>;

/** The verdicts a `gateway:event` can carry: only final states are pushed to a hub. */
export const GatewayEventStatus = z.enum(['succeeded', 'failed', 'expired']);
export type GatewayEventStatus = z.infer<typeof GatewayEventStatus>;

/** `POST /api/v1/stores/:storeId/payment-intents` body. `id` is the hub's intent id (its idempotency key). */
export const CreateGatewayIntentRequest = z.object({
  id: Id,
  amount: PositiveCentavos,
  currency: z.literal('PHP'),
  method: GatewayMethod,
  description: z.string().max(255).optional(),
  expiresAt: IsoDateTime.optional(),
});
export type CreateGatewayIntentRequest = z.infer<typeof CreateGatewayIntentRequest>;

export const GatewayQr = z.object({ payload: z.string().min(1) });
export type GatewayQr = z.infer<typeof GatewayQr>;

/** 201 answer of create. `qr` is null for card (no code to scan). Creating the same `id` again answers the same intent. */
export const CreateGatewayIntentResponse = z.object({
  gatewayIntentId: z.string().min(1),
  status: GatewayIntentStatus,
  qr: GatewayQr.nullable(),
  expiresAt: IsoDateTime,
  amount: PositiveCentavos,
});
export type CreateGatewayIntentResponse = z.infer<typeof CreateGatewayIntentResponse>;

/** `POST /api/v1/stores/:storeId/payment-intents/:id/verify` answer: what the gateway says now. */
export const VerifyGatewayIntentResponse = z.object({
  gatewayIntentId: z.string().min(1),
  status: GatewayIntentStatus,
  amount: PositiveCentavos,
  paidAt: IsoDateTime.nullable(),
  failureReason: z.string().nullable(),
});
export type VerifyGatewayIntentResponse = z.infer<typeof VerifyGatewayIntentResponse>;

/**
 * central → hub `gateway:event`. `id` is the gateway's event id (stable across
 * redeliveries: the hub may see one event more than once and must settle once, keyed by
 * `paymentIntentId`). `paymentIntentId` is the HUB's intent id; central keeps the mapping.
 */
export const GatewayEvent = z.object({
  id: z.string().min(1).max(128),
  type: z.string().min(1).max(64),
  paymentIntentId: Id,
  status: GatewayEventStatus,
  amount: PositiveCentavos,
  occurredAt: IsoDateTime,
});
export type GatewayEvent = z.infer<typeof GatewayEvent>;

/** `/hubs` handshake `auth`. A bad one fails with connect_error `unauthorized`. */
export const HubsAuth = z.object({ storeId: StoreIdSchema, key: z.string().min(1).max(256) });
export type HubsAuth = z.infer<typeof HubsAuth>;

/** The hub's ack of a `gateway:event`: `ok:true` only after its settlement committed; central XACKs only then. */
export const GatewayEventAck = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type GatewayEventAck = z.infer<typeof GatewayEventAck>;

/** Socket.IO event maps of the `/hubs` namespace (`Server<HubsClientToServer, HubsServerToClient>`). */
export interface HubsServerToClient {
  'gateway:event': (event: GatewayEvent, ack: (answer: GatewayEventAck) => void) => void;
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- hubs only ack; they send no commands yet
export interface HubsClientToServer {}

/** `GET /api/v1/head-office/stores` item (head-office token). Times ISO; lag in whole seconds. */
export const HeadOfficeStore = z.object({
  storeId: StoreIdSchema,
  name: z.string(),
  online: z.boolean(),
  sync: z.object({ ackedThrough: z.number().int(), lastPushAt: IsoDateTime.nullable(), lastEventAt: IsoDateTime.nullable(), lagSeconds: z.number().int().nullable() }),
  today: z.object({ count: z.number().int(), amount: z.number().int() }),
  /** `deadLettered`: events the hub refused `maxRefusals` times, taken out of delivery (kept in central's Postgres). */
  gateway: z.object({ pendingCount: z.number().int(), pendingAmount: z.number().int(), undelivered: z.number().int(), deadLettered: z.number().int() }),
});
export type HeadOfficeStore = z.infer<typeof HeadOfficeStore>;

/**
 * `/head-office` namespace (auth `{token}`): what changed; the page re-reads the summary.
 * A busy store's events are coalesced: `more` says how many others arrived with this one.
 */
export interface HeadOfficeServerToClient {
  store_presence_changed: (p: { storeId: string; online: boolean }) => void;
  gateway_event_received: (p: { storeId: string; event: GatewayEvent; more: number }) => void;
  gateway_event_delivered: (p: { storeId: string; eventId: string; more: number }) => void;
  gateway_event_dead_lettered: (p: { storeId: string; eventId: string; reason: string }) => void;
}
