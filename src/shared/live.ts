import type { ErrorBody } from './common.js';
import type { z } from 'zod';
import type { PaymentStatusUpdated, SubscribeTransaction, TransactionUpdated } from './events.js';
import type { SubscribeAck, SubscribePaymentStatus, SyncStatus } from './hub.js';
import type { GatewayLinkStatus, PaymentIntentUpdated } from './payment-intents.js';
import type { PaidOutRequest } from './shifts.js';
import type { Transaction } from './transactions.js';
import type { VoidRequest } from './void-requests.js';

/**
 * The hub's live contract (Socket.IO), typed as Socket.IO's TypeScript guide shows: the
 * hub's `Server`, its handlers, the broadcaster and the renderer's client all use these
 * maps, so an event name or payload cannot drift between them. Names are protocol.md's;
 * the payload schemas live beside their aggregates (events.ts, hub.ts, …).
 */

/** A refused socket request: `{ok:false, error:{code, message}}` (protocol.md). */
export interface AckError {
  ok: false;
  error: Pick<ErrorBody['error'], 'code' | 'message'>;
}

/** Acks answer the request's result or an AckError. */
export type Ack<T> = (answer: T | AckError) => void;

export interface ServerToClientEvents {
  payment_status_updated: (payload: PaymentStatusUpdated) => void;
  transaction_updated: (payload: TransactionUpdated) => void;
  /** Upstream sync: online/offline, what waits, the last success (domain.md). */
  sync_status_updated: (payload: SyncStatus) => void;
  /** To admins: a cashier asks for a void. */
  void_request_created: (payload: { request: VoidRequest }) => void;
  /** To the cashier who asked: approved or rejected. */
  void_request_decided: (payload: { request: VoidRequest }) => void;
  /** To admins: a cashier asks for a paid-out over the store's limit. */
  paid_out_request_created: (payload: { request: PaidOutRequest }) => void;
  /** To the cashier who asked: approved, rejected, or cancelled by the shift's close. */
  paid_out_request_decided: (payload: { request: PaidOutRequest }) => void;
  /** To the cashier who made the intent and admins: its gateway status changed. */
  payment_intent_updated: (payload: PaymentIntentUpdated) => void;
  /** The hub's link to central's /hubs (gateway payments): online, offline, last error. */
  gateway_status_updated: (payload: GatewayLinkStatus) => void;
  /** The token ran out (or was revoked): the terminal signs in again. */
  session_expired: (payload: { reason: string }) => void;
}

export interface ClientToServerEvents {
  'subscribe:payment_status': (payload: SubscribePaymentStatus, ack: Ack<SubscribeAck>) => void;
  'unsubscribe:payment_status': (ack: Ack<{ ok: true }>) => void;
  'subscribe:transaction': (payload: z.infer<typeof SubscribeTransaction>, ack: Ack<{ ok: true; seq: number; transaction: Transaction }>) => void;
  'unsubscribe:transaction': (payload: z.infer<typeof SubscribeTransaction>, ack: Ack<{ ok: true }>) => void;
}

/** A server-to-client event name and its payload type. */
export type LiveEventName = keyof ServerToClientEvents;
export type LivePayload<E extends LiveEventName> = Parameters<ServerToClientEvents[E]>[0];
