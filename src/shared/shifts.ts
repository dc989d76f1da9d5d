import { z } from 'zod';
import { Centavos, Id, IsoDateTime, PositiveCentavos, QueryInt, TenderMethod } from './common.js';
import { Text } from './text.js';

/** `POST /api/v1/shifts` (cashier): open a shift at a counter with a cash float. */
export const OpenShiftRequest = z.object({
  counter: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9 ._-]+$/, { error: 'letters, digits, space, dot, dash, underscore' }),
  openingFloat: Centavos,
});
export type OpenShiftRequest = z.infer<typeof OpenShiftRequest>;

/** `POST /api/v1/shifts/:id/close` (that cashier, admin): the blind cash count. */
export const CloseShiftRequest = z.object({
  countedCash: Centavos,
  /** Why an admin force-closes someone else's shift (recorded). */
  reason: Text(1, 500).optional(),
});
export type CloseShiftRequest = z.infer<typeof CloseShiftRequest>;

export const ShiftStatus = z.enum(['open', 'closed']);

export const Shift = z.object({
  id: Id,
  cashierId: Id,
  counter: z.string(),
  openingFloat: Centavos,
  status: ShiftStatus,
  openedAt: IsoDateTime,
  closedAt: IsoDateTime.nullable(),
  closedBy: Id.nullable(),
  /** Set at close: what the drawer should hold, what was counted, counted − expected. */
  expectedCash: z.number().int().nullable(),
  countedCash: Centavos.nullable(),
  overShort: z.number().int().nullable(),
  /** Closed by an admin, not the cashier (an abandoned shift). */
  forceClosed: z.boolean(),
  closeReason: z.string().nullable(),
});
export type Shift = z.infer<typeof Shift>;

export const ShiftResponse = z.object({ shift: Shift });
export const CloseShiftResponse = z.object({
  shift: Shift,
  expectedCash: z.number().int(),
  countedCash: Centavos,
  /** counted − expected: negative is short, positive is over. */
  overShort: z.number().int(),
});
export type CloseShiftResponse = z.infer<typeof CloseShiftResponse>;

export const ListShiftsQuery = z.object({
  status: ShiftStatus.optional(),
  cashierId: Id.optional(),
  limit: QueryInt(1, 500).default(50),
});
export type ListShiftsQuery = z.infer<typeof ListShiftsQuery>;

/** `POST /api/v1/shifts/:id/drawer`: cash put in or taken out of the drawer, with a reason. */
export const DrawerMovementRequest = z.object({
  kind: z.enum(['paid_in', 'paid_out']),
  amount: PositiveCentavos,
  reason: Text(1, 200),
});
export type DrawerMovementRequest = z.infer<typeof DrawerMovementRequest>;

export const DrawerMovement = z.object({
  id: Id,
  shiftId: Id,
  kind: z.enum(['paid_in', 'paid_out', 'refund']),
  amount: PositiveCentavos,
  reason: z.string(),
  actorId: Id,
  refundId: Id.nullable(),
  createdAt: IsoDateTime,
});
export type DrawerMovement = z.infer<typeof DrawerMovement>;

/** `POST /api/v1/settlements/:id/refunds` (admin): money handed back against a posted settlement. */
export const RefundRequest = z.object({
  amount: PositiveCentavos,
  /** How the money goes back; cash comes out of an open drawer. */
  method: TenderMethod,
  reference: Text(1, 120).optional(),
  reason: Text(1, 500),
  /** The drawer a cash refund comes out of; defaults to the settlement's shift if still open. */
  shiftId: Id.optional(),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const Refund = z.object({
  id: Id,
  settlementId: Id,
  orNumber: z.string(),
  amount: PositiveCentavos,
  method: TenderMethod,
  reference: z.string().nullable(),
  reason: z.string(),
  shiftId: Id.nullable(),
  actorId: Id,
  createdAt: IsoDateTime,
  /** How the refund came off the transactions the settlement paid. */
  allocations: z.array(z.object({ transactionId: Id, amount: PositiveCentavos })),
});
export type Refund = z.infer<typeof Refund>;
