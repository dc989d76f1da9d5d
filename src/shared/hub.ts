import { z } from 'zod';
import { Id, IsoDateTime, LedgerEntryType, SignedCentavos } from './common.js';

// Hub messages protocol.md leaves free to design, and the hub's own answers.

export const SyncStatus = z.object({
  online: z.boolean(),
  pending: z.number().int().min(0),
  lastSyncedAt: IsoDateTime.nullable(),
  /** Draining a backlog (e.g. after days offline), and how far: 0..1. */
  catchingUp: z.boolean().optional(),
  progress: z.number().min(0).max(1).optional(),
  lastError: z.string().nullable().optional(),
  /** Whether a head office (KAHERA_CENTRAL_URL and a store key) is configured at all. */
  configured: z.boolean().optional(),
  /** When the uploader tries again after a failed push; null when it is not backing off. */
  nextRetryAt: IsoDateTime.nullable().optional(),
  /** Head office holds different events from this seq on: the uploader has stopped. */
  conflictSeq: z.number().int().min(1).nullable().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const HealthResponse = z.object({
  status: z.literal('ok'),
  storeId: z.string(),
  version: z.string(),
  seq: z.number().int().min(0),
  sync: SyncStatus,
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const IdParam = z.object({ id: Id });

export const CustomerSearchQuery = z.object({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const LedgerQuery = z.object({
  type: LedgerEntryType.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type LedgerQuery = z.infer<typeof LedgerQuery>;

export const LedgerEntry = z.object({
  id: z.number().int(),
  customerId: Id,
  type: LedgerEntryType,
  amount: SignedCentavos,
  balanceBefore: SignedCentavos,
  balanceAfter: SignedCentavos,
  or_number: z.string().nullable(),
  transactionId: Id.nullable(),
  settlementId: Id.nullable(),
  actorId: Id,
  reason: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const LedgerResponse = z.object({
  entries: z.array(LedgerEntry),
  pagination: z.object({
    total: z.number().int().min(0),
    limit: z.number().int(),
    offset: z.number().int(),
    hasMore: z.boolean(),
  }),
});
export type LedgerResponse = z.infer<typeof LedgerResponse>;

/**
 * `subscribe:payment_status` payload (optional). With `after`, the hub first replays,
 * in seq order, the updates in the caller's scope with seq > after, then acks: a
 * terminal that reconnects passes the last seq it holds and misses nothing.
 */
export const SubscribePaymentStatus = z
  .object({ after: z.number().int().min(0).optional() })
  .strict()
  .optional();
export type SubscribePaymentStatus = z.infer<typeof SubscribePaymentStatus>;

/** Ack of `subscribe:payment_status`: the store's seq the caller is now complete through. */
export const SubscribeAck = z.object({
  ok: z.literal(true),
  seq: z.number().int().min(0),
  /** Events replayed from the log before the ack (with `after`). */
  replayed: z.number().int().min(0).optional(),
  /** True when more was missed than the hub replays over a socket: reload through HTTP. */
  reload: z.boolean().optional(),
});
export type SubscribeAck = z.infer<typeof SubscribeAck>;
