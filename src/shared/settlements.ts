import { z } from 'zod';
import { AllocationStrategy, Centavos, Id, IsoDateTime, PositiveCentavos, TenderMethod } from './common.js';
import { Transaction } from './transactions.js';
import { Text } from './text.js';

export const AllocationLine = z.object({ transactionId: Id, amount: PositiveCentavos });
export type AllocationLine = z.infer<typeof AllocationLine>;

export const TenderInput = z.object({
  method: TenderMethod,
  reference: Text(1, 120).optional(),
  /** Cash handed over; for cash it must cover the amount. */
  tendered: Centavos.optional(),
});
export type TenderInput = z.infer<typeof TenderInput>;

/**
 * The settlement body of protocol.md with a given tender schema: the hub's settlements take
 * any tender, its payment intents only the gateway's. One definition, so both refuse the
 * same bad allocations.
 */
export function settlementBody<T extends z.ZodType>(tender: T) {
  return z
    .object({
      customerId: Id,
      amount: PositiveCentavos,
      tender,
      allocation: z.object({
        strategy: AllocationStrategy,
        lines: z.array(AllocationLine).min(1).max(200).optional(),
      }),
      keepExcessAsCredit: z.boolean().optional(),
      /** Apply the customer's unused credit (deposit) before this payment's cash. */
      useCredit: z.boolean().optional(),
    })
    .superRefine((v, ctx) => {
      if (v.allocation.strategy === 'manual' && !v.allocation.lines) {
        ctx.addIssue({ code: 'custom', path: ['allocation', 'lines'], message: 'manual allocation needs lines' });
      }
      if (v.allocation.strategy !== 'manual' && v.allocation.lines) {
        ctx.addIssue({ code: 'custom', path: ['allocation', 'lines'], message: 'lines are only for manual allocation' });
      }
      if (v.allocation.lines) {
        const ids = new Set(v.allocation.lines.map((l) => l.transactionId));
        if (ids.size !== v.allocation.lines.length) {
          ctx.addIssue({ code: 'custom', path: ['allocation', 'lines'], message: 'a transaction appears twice' });
        }
      }
    });
}

export const SettlementRequest = settlementBody(TenderInput);
export type SettlementRequest = z.infer<typeof SettlementRequest>;

export const PreviewResponse = z.object({
  allocations: z.array(AllocationLine),
  change: Centavos,
  creditAmount: Centavos,
  creditUsed: Centavos.optional(),
});
export type PreviewResponse = z.infer<typeof PreviewResponse>;

export const Tender = z.object({
  method: TenderMethod,
  reference: z.string().nullable(),
  tendered: Centavos.nullable(),
});

export const Settlement = z.object({
  id: Id,
  or_number: z.string(),
  /** The register whose series numbered it (protocol.md v1 additions). */
  registerId: Id,
  /**
   * `sales_invoice` when this payment is the sale's own invoice (a sale paid in full at
   * once: one document, its SI, showing the payment; `or_number` is then the SI's number);
   * otherwise a collection receipt from the register's OR series.
   */
  documentType: z.enum(['collection_receipt', 'sales_invoice']).default('collection_receipt'),
  customerId: Id,
  amount: PositiveCentavos,
  tender: Tender,
  change: Centavos,
  creditAmount: Centavos,
  creditUsed: Centavos,
  allocations: z.array(AllocationLine),
  status: z.enum(['posted', 'void']),
  cashierId: Id,
  createdAt: IsoDateTime,
  voidedAt: IsoDateTime.nullable().optional(),
  voidReason: z.string().nullable().optional(),
  reprintCount: z.number().int().min(0),
});
export type Settlement = z.infer<typeof Settlement>;

export const SettlementResponse = z.object({ settlement: Settlement, transactions: z.array(Transaction) });
export type SettlementResponse = z.infer<typeof SettlementResponse>;

export const VoidSettlementRequest = z.object({ reason: Text(1, 500) });
export type VoidSettlementRequest = z.infer<typeof VoidSettlementRequest>;

export const ListSettlementsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  status: z.enum(['posted', 'void']).optional(),
});
export type ListSettlementsQuery = z.infer<typeof ListSettlementsQuery>;

/**
 * The `Idempotency-Key` header: 1–255 printable ASCII characters (0x20–0x7E, no control
 * characters), Stripe's rule, so a UUID, a ULID or any short client token works as is.
 */
export const IdempotencyKey = z.string().min(1).max(255).regex(/^[\x20-\x7E]+$/);
export const IDEMPOTENCY_KEY_RULE = 'Idempotency-Key header must be 1–255 characters (printable ASCII, no control characters)';
