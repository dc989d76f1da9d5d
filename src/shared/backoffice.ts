import { z } from 'zod';
import { Centavos, Id, IsoDate, IsoDateTime, LedgerEntryType, PaymentStatus, Role, SignedCentavos, TenderMethod } from './common.js';
import { Text } from './text.js';

/**
 * Back-office messages (not part of protocol.md v1): store settings, dashboard, ledger
 * browsing and export, calendar, staff list, manual balance adjustments, and the small
 * look-ups terminals need (customer directory, latest OR per transaction).
 * Browser-safe: imported by the renderer.
 */

// ---- Store settings ----
export const AutoAllocationStrategy = z.enum(['oldest_first', 'largest_first']);
export const InvoiceAt = z.enum(['sale', 'full_payment']);
export type InvoiceAt = z.infer<typeof InvoiceAt>;

export const StoreSettings = z.object({
  storeName: Text(1, 120, 'is required'),
  /** BIR Taxpayer Identification Number, as printed on receipts (e.g. 123-456-789-00000). */
  tin: Text(0, 30),
  address: Text(0, 300),
  /** OR prefix for receipts issued from now on; the counter continues (never reset). */
  orPrefix: z
    .string()
    .trim()
    .min(2)
    .max(24)
    .regex(/^[A-Z0-9][A-Z0-9-]*$/, { error: 'capital letters, digits and dashes only' }),
  defaultAllocation: AutoAllocationStrategy,
  /** Warn when a customer owes at least this percentage of their credit limit. */
  creditAlertPercent: z.number().int().min(1).max(100),
  /** A cashier's cash paid-out above this (centavos) needs an admin's approval; 0: every one does. */
  paidOutApprovalLimit: Centavos,
  /** When a sale's Sales Invoice is issued: when the sale is written, or when it is paid in full (protocol.md). */
  invoiceAt: InvoiceAt,
  /** The register that invoices sales written without a `registerId` (default C1). */
  invoiceRegisterId: Id,
});
export type StoreSettings = z.infer<typeof StoreSettings>;
/** `PUT /api/v1/backoffice/settings`: a client that does not know a later field leaves it as it is. */
export const UpdateStoreSettings = StoreSettings.extend({
  paidOutApprovalLimit: Centavos.optional(),
  invoiceAt: InvoiceAt.optional(),
  invoiceRegisterId: Id.optional(),
});
/** As sent back: stored text reads even if it predates the input rules (the admin's form then asks to fix it). */
export const StoredStoreSettings = StoreSettings.extend({ storeName: z.string(), tin: z.string(), address: z.string() });
export const StoreSettingsResponse = z.object({
  settings: StoredStoreSettings,
  storeId: z.string(),
  /** The store's UTC offset in minutes (receipt setting), so screens show the printed clock. */
  tzOffsetMinutes: z.number().int().min(-720).max(840).optional(),
});
export type StoreSettingsResponse = z.infer<typeof StoreSettingsResponse>;

// ---- Customers directory (sales, cashier, admin) ----
export const CustomersQuery = z.object({
  q: z.string().trim().max(100).optional(),
  /** Comma-separated ids: names for a list of rows. */
  ids: z.string().max(20_000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

// ---- Latest OR per transaction (scoped like the transactions themselves) ----
export const LatestOrQuery = z.object({ transactionIds: z.string().max(20_000).default('') });
export const LatestOrItem = z.object({ or_number: z.string(), voided: z.boolean(), at: IsoDateTime });
export const LatestOrResponse = z.object({ items: z.record(z.string(), LatestOrItem) });

// ---- Dashboard ----
export const AgingBucket = z.enum(['0-30', '31-60', '61-90', '90+']);
export type AgingBucket = z.infer<typeof AgingBucket>;

export const CreditUse = z.object({
  customerId: Id,
  name: z.string(),
  creditLimit: Centavos,
  owing: z.number().int(),
  /** owing / limit, in whole percent (may exceed 100). */
  percent: z.number().int(),
  over: z.boolean(),
});
export type CreditUse = z.infer<typeof CreditUse>;

export const DashboardResponse = z.object({
  businessDate: IsoDate,
  collections: z.array(z.object({ method: TenderMethod, count: z.number().int(), amount: Centavos })),
  collectionsTotal: Centavos,
  voids: z.object({ count: z.number().int(), amount: Centavos }),
  outstanding: z.object({ amount: Centavos, transactions: z.number().int(), customers: z.number().int() }),
  aging: z.array(z.object({ bucket: AgingBucket, amount: Centavos, count: z.number().int() })),
  /** Mean days from a transaction's creation to the payment that completed it (last 90 days). */
  avgDaysToPay: z.number().nullable(),
  credit: z.object({
    totalLimit: Centavos,
    totalOwing: z.number().int(),
    alertPercent: z.number().int(),
    customers: z.array(CreditUse),
  }),
  /** Net collections per day, oldest first (last 14 days). */
  daily: z.array(z.object({ date: IsoDate, amount: z.number().int() })),
});
export type DashboardResponse = z.infer<typeof DashboardResponse>;

// ---- Ledger (per customer and store-wide) ----
export const LedgerQuery = z.object({
  customerId: Id.optional(),
  type: LedgerEntryType.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  /**
   * Keyset paging: only entries with a smaller id (the last id of the page before). Deep
   * pages then cost what the first does; `offset` makes SQLite step over every skipped row.
   */
  beforeId: z.coerce.number().int().min(1).optional(),
});
export type LedgerQuery = z.infer<typeof LedgerQuery>;

export const LedgerEntry = z.object({
  id: z.number().int(),
  customerId: Id,
  customerName: z.string(),
  type: LedgerEntryType,
  amount: SignedCentavos,
  balanceBefore: z.number().int(),
  balanceAfter: z.number().int(),
  orNumber: z.string().nullable(),
  transactionId: z.string().nullable(),
  settlementId: z.string().nullable(),
  actorId: z.string(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const LedgerPage = z.object({
  entries: z.array(LedgerEntry),
  pagination: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), hasMore: z.boolean() }),
});
export type LedgerPage = z.infer<typeof LedgerPage>;

// ---- Calendar ----
export const CalendarQuery = z.object({ from: IsoDate, to: IsoDate });
export const CalendarResponse = z.object({
  due: z.array(
    z.object({
      date: IsoDate,
      transactionId: Id,
      customerId: Id,
      customerName: z.string(),
      balance: Centavos,
      status: PaymentStatus,
    }),
  ),
  payments: z.array(
    z.object({ date: IsoDate, settlementId: Id, orNumber: z.string(), customerName: z.string(), amount: Centavos, void: z.boolean() }),
  ),
});
export type CalendarResponse = z.infer<typeof CalendarResponse>;

// ---- Staff ----
export const StaffMember = z.object({
  id: Id,
  username: z.string(),
  role: Role,
  displayName: z.string(),
  active: z.boolean(),
  createdAt: IsoDateTime,
});
export type StaffMember = z.infer<typeof StaffMember>;
export const StaffListResponse = z.object({ items: z.array(StaffMember) });
export const SetStaffActiveRequest = z.object({ active: z.boolean() });

// ---- Manual balance adjustment ----
export const AdjustmentRequest = z.object({
  customerId: Id,
  /** Signed centavos: positive adds to what the customer owes, negative reduces it (as credit). */
  amount: SignedCentavos.refine((n) => n !== 0, { error: 'must not be zero' }),
  reason: Text(3, 500, 'needs a reason'),
});
export type AdjustmentRequest = z.infer<typeof AdjustmentRequest>;
export const AdjustmentResponse = z.object({ entry: LedgerEntry, transactionId: Id.nullable() });
export type AdjustmentResponse = z.infer<typeof AdjustmentResponse>;
export type LatestOrResponse = z.infer<typeof LatestOrResponse>;
