import { z } from 'zod';
import { Centavos, Id, IsoDate, IsoDateTime, PaymentStatus, QueryInt, TenderMethod } from './common.js';
import { StoreIdSchema } from './central.js';

// ---- What central reads from event payloads (sync push) ----
// Subsets of the hub's Settlement and Transaction: central projects only these fields,
// so a hub that adds fields keeps syncing. Events of other types are stored unread.
// A catch-up validates thousands of these per request, so the checks are the ones
// Postgres needs to store them (types, ranges, timestamp shape), with cheap patterns:
// zod's full ISO pattern costs several times the rest of the parse.

/** `YYYY-MM-DDTHH:MM:SS(.fff)Z`, as the hub writes with toISOString(). */
const UtcTimestamp = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?Z$/);
const UtcDate = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/);
const Key = z.string().min(1).max(64);

export const ProjectedSettlement = z.object({
  id: Key,
  or_number: z.string().min(1).max(64),
  customerId: Key,
  amount: Centavos,
  tender: z.object({ method: TenderMethod, reference: z.string().max(200).nullable().optional() }),
  change: Centavos.default(0),
  creditAmount: Centavos.default(0),
  creditUsed: Centavos.default(0),
  status: z.enum(['posted', 'void']),
  cashierId: Key,
  createdAt: UtcTimestamp,
  voidedAt: UtcTimestamp.nullable().optional(),
  voidReason: z.string().max(500).nullable().optional(),
});
export type ProjectedSettlement = z.infer<typeof ProjectedSettlement>;

export const ProjectedTransaction = z.object({
  id: Key,
  customerId: Key,
  createdBy: Key,
  total_amount: Centavos,
  paid_amount: Centavos,
  balance_amount: Centavos,
  payment_status: PaymentStatus,
  dueDate: UtcDate.nullable().optional(),
  createdAt: UtcTimestamp,
  updatedAt: UtcTimestamp,
});
export type ProjectedTransaction = z.infer<typeof ProjectedTransaction>;

/** `settlement.posted` / `settlement.voided` as central needs it. */
export const ProjectedSettlementPayload = z.object({
  settlement: ProjectedSettlement,
  transactions: z.array(ProjectedTransaction).max(500),
});
/** `transaction.created` / `transaction.voided` as central needs it. */
export const ProjectedTransactionPayload = z.object({ transaction: ProjectedTransaction });

// ---- Head-office reads (admin token) ----

export const PageQuery = z.object({
  limit: QueryInt(1, 500).default(100),
  cursor: z.string().max(200).optional(),
});

export const CentralSettlementsQuery = PageQuery.extend({
  status: z.enum(['posted', 'void']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type CentralSettlementsQuery = z.infer<typeof CentralSettlementsQuery>;

export const CentralTransactionsQuery = PageQuery.extend({ status: PaymentStatus.optional() });
export type CentralTransactionsQuery = z.infer<typeof CentralTransactionsQuery>;

export const CentralSettlement = z.object({
  storeId: StoreIdSchema,
  id: Id,
  or_number: z.string(),
  customerId: Id,
  amount: Centavos,
  tender: z.object({ method: TenderMethod, reference: z.string().nullable() }),
  change: Centavos,
  creditAmount: Centavos,
  creditUsed: Centavos,
  status: z.enum(['posted', 'void']),
  cashierId: Id,
  createdAt: IsoDateTime,
  businessDate: IsoDate,
  voidedAt: IsoDateTime.nullable(),
  voidReason: z.string().nullable(),
  seq: z.number().int().min(1),
});
export type CentralSettlement = z.infer<typeof CentralSettlement>;

export const CentralTransaction = z.object({
  storeId: StoreIdSchema,
  id: Id,
  customerId: Id,
  createdBy: Id,
  total_amount: Centavos,
  paid_amount: Centavos,
  balance_amount: Centavos,
  payment_status: PaymentStatus,
  dueDate: IsoDate.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  seq: z.number().int().min(1),
});
export type CentralTransaction = z.infer<typeof CentralTransaction>;

export const CollectionsQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  storeId: StoreIdSchema.optional(),
});
export type CollectionsQuery = z.infer<typeof CollectionsQuery>;

/** One business date and tender, summed across stores (or one store with `storeId`). */
export const CollectionsRow = z.object({
  businessDate: IsoDate,
  tenderMethod: TenderMethod,
  stores: z.number().int().min(0),
  postedCount: z.number().int().min(0),
  postedAmount: Centavos,
  voidedCount: z.number().int().min(0),
  voidedAmount: Centavos,
  netAmount: z.number().int(),
});
export type CollectionsRow = z.infer<typeof CollectionsRow>;

export const CollectionsResponse = z.object({
  items: z.array(CollectionsRow),
  totals: z.object({ postedCount: z.number().int(), postedAmount: z.number().int(), voidedCount: z.number().int(), voidedAmount: z.number().int(), netAmount: z.number().int() }),
});
export type CollectionsResponse = z.infer<typeof CollectionsResponse>;

/** Totals of one store's projections: what head office compares with the store's own books. */
export const StoreSummary = z.object({
  storeId: StoreIdSchema,
  name: z.string(),
  ackedThrough: z.number().int().min(0),
  lastPushAt: IsoDateTime.nullable(),
  events: z.number().int().min(0),
  settlements: z.object({
    postedCount: z.number().int(),
    postedAmount: z.number().int(),
    voidCount: z.number().int(),
    voidAmount: z.number().int(),
  }),
  transactions: z.object({
    count: z.number().int(),
    voidCount: z.number().int(),
    totalAmount: z.number().int(),
    paidAmount: z.number().int(),
    balanceAmount: z.number().int(),
  }),
});
export type StoreSummary = z.infer<typeof StoreSummary>;

export const StoreListItem = z.object({
  storeId: StoreIdSchema,
  name: z.string(),
  ackedThrough: z.number().int().min(0),
  lastPushAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export const StoreListResponse = z.object({ items: z.array(StoreListItem) });
