import { z } from 'zod';

// In a browser the hub's Content-Security-Policy refuses eval, and zod's compiled fast
// path probes for it with `new Function` — a CSP violation reported on every page load.
// Browsers parse small payloads; there zod runs without it. Node keeps the fast path.
if (typeof (globalThis as { document?: unknown }).document !== 'undefined') z.config({ jitless: true });

/** Largest amount the ledger accepts in one field: ₱1 billion. Guards against overflow and typos. */
export const MAX_CENTAVOS = 100_000_000_000;

/** Integer centavos, never negative. Floats, strings and unsafe integers are refused. */
export const Centavos = z
  .number({ error: 'must be a number of centavos' })
  .int({ error: 'must be a whole number of centavos' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_CENTAVOS, { error: 'is too large' });

/** Strictly positive centavos. */
export const PositiveCentavos = Centavos.min(1, { error: 'must be more than zero' });

/** Signed centavos (ledger entries, adjustments). */
export const SignedCentavos = z
  .number()
  .int({ error: 'must be a whole number of centavos' })
  .min(-MAX_CENTAVOS, { error: 'is too large' })
  .max(MAX_CENTAVOS, { error: 'is too large' });

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, { error: 'is not a valid id' });
export const IsoDateTime = z.iso.datetime();
export const IsoDate = z.iso.date();

export const Role = z.enum(['admin', 'cashier', 'sales']);
export type Role = z.infer<typeof Role>;

export const TenderMethod = z.enum(['cash', 'card', 'gcash', 'maya', 'bank_transfer', 'check']);
export type TenderMethod = z.infer<typeof TenderMethod>;

export const PaymentStatus = z.enum(['unpaid', 'partial', 'paid', 'void']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const AllocationStrategy = z.enum(['oldest_first', 'largest_first', 'manual']);
export type AllocationStrategy = z.infer<typeof AllocationStrategy>;

export const LedgerEntryType = z.enum(['charge', 'payment', 'void', 'refund', 'adjustment', 'credit']);
export type LedgerEntryType = z.infer<typeof LedgerEntryType>;

/** Query-string integers arrive as text. */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `{error:{code,message,details?}}` — the one error shape of protocol.md. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Socket ack: `{ok:true, ...}` or `{ok:false, error:{code,message}}`. */
export const AckError = z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) });
export type AckError = z.infer<typeof AckError>;
