import { z } from 'zod';
import { Centavos, Id, IsoDateTime, PaymentStatus } from './common.js';
import { Settlement } from './settlements.js';
import { Transaction, TransactionEdit } from './transactions.js';

export const EventType = z.enum([
  'transaction.created',
  'transaction.voided',
  'transaction.edited',
  'settlement.posted',
  'settlement.voided',
  'customer.created',
]);
export type EventType = z.infer<typeof EventType>;

/** An entry of the store-wide event log (and upstream outbox). */
export const StoreEvent = z.object({
  seq: z.number().int().min(1),
  type: z.string().min(1).max(64),
  occurredAt: IsoDateTime,
  payload: z.unknown(),
});
export type StoreEvent = z.infer<typeof StoreEvent>;

export const TransactionEventPayload = z.object({ transaction: Transaction, actorId: Id });
/** `transaction.edited`: the transaction as it is now, and what it was before the edit. */
export const TransactionEditedPayload = TransactionEventPayload.extend(TransactionEdit.shape);
/**
 * A settlement as a terminal that did not take it sees it in the event feed: its receipt
 * number and what it did to the transactions the terminal may see (those allocations
 * only, and their sum as `amount`) — never the tender, change, credit or the rest of the
 * payment. Admins and the cashier who took it get the whole `Settlement`.
 */
export const SettlementShare = z.object({
  id: Id,
  or_number: z.string(),
  customerId: Id,
  amount: Centavos,
  allocations: z.array(z.object({ transactionId: Id, amount: Centavos })),
  status: z.enum(['posted', 'void']),
  cashierId: Id,
  createdAt: IsoDateTime,
  voidedAt: IsoDateTime.nullable().optional(),
  share: z.literal(true),
});
export type SettlementShare = z.infer<typeof SettlementShare>;
export const SettlementEventPayload = z.object({
  settlement: z.union([Settlement, SettlementShare]),
  transactions: z.array(Transaction),
  actorId: Id,
});
export type SettlementEventPayload = z.infer<typeof SettlementEventPayload>;

export const EventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const EventsResponse = z.object({ events: z.array(StoreEvent), lastSeq: z.number().int().min(0) });

// ---- Socket.IO (protocol.md, hub part) ----
export const SubscribeTransaction = z.object({ transactionId: Id });

export const PaymentStatusUpdated = z.object({
  transactionId: Id,
  payment_status: PaymentStatus,
  balance_amount: Centavos,
  paid_amount: Centavos,
  customer_id: Id,
  or_number: z.string().nullable(),
  updatedBy: Id,
  timestamp: IsoDateTime,
  seq: z.number().int().min(1),
});
export type PaymentStatusUpdated = z.infer<typeof PaymentStatusUpdated>;

export const TransactionUpdated = z.object({ transaction: Transaction, seq: z.number().int().min(1) });
export type TransactionUpdated = z.infer<typeof TransactionUpdated>;
