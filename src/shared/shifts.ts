import { z } from 'zod';
import { Centavos, Id, IsoDateTime, PositiveCentavos, QueryInt, TenderMethod } from './common.js';
import { Text } from './text.js';

/** `POST /api/v1/shifts` (cashier): open a shift at a register (`counter`: its code) with a cash float. */
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
  /** The register it was opened at (protocol.md v1 additions: `counter` is its code). */
  registerId: Id,
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
  /** The admin who approved it (a cashier's paid-out over the store's limit), else null. */
  approvedBy: Id.nullable(),
  createdAt: IsoDateTime,
});
export type DrawerMovement = z.infer<typeof DrawerMovement>;

/**
 * A cashier's paid-out above this many centavos needs an admin's approval (the store
 * setting `paidOutApprovalLimit`, domain.md Registers). The default, ₱1,000.00, covers
 * petty expenses (water, ice, a tricycle fare) and sends anything larger to an admin.
 */
export const DEFAULT_PAID_OUT_APPROVAL_LIMIT = 1_000_00;

export const PaidOutRequestStatus = z.enum(['pending', 'approved', 'rejected', 'cancelled']);
export type PaidOutRequestStatus = z.infer<typeof PaidOutRequestStatus>;

/** `POST /api/v1/shifts/:id/paid-out-requests` (that shift's cashier): a paid-out that waits for an admin. */
export const CreatePaidOutRequest = z.object({
  amount: PositiveCentavos,
  reason: z.string().trim().min(1).max(200),
});
export type CreatePaidOutRequest = z.infer<typeof CreatePaidOutRequest>;

/** `POST /api/v1/paid-out-requests/:id/reject` (admin): why it was refused. */
export const RejectPaidOutRequest = z.object({ note: z.string().trim().min(1).max(500) });

/** `GET /api/v1/paid-out-requests?status=&shiftId=`. */
export const ListPaidOutRequestsQuery = z.object({
  status: PaidOutRequestStatus.optional(),
  shiftId: Id.optional(),
  limit: QueryInt(1, 500).default(100),
});

export const PaidOutRequest = z.object({
  id: Id,
  shiftId: Id,
  counter: z.string(),
  amount: PositiveCentavos,
  reason: z.string(),
  requestedBy: Id,
  status: PaidOutRequestStatus,
  decidedBy: Id.nullable(),
  decidedAt: IsoDateTime.nullable(),
  decisionNote: z.string().nullable(),
  /** The paid-out recorded on approval. */
  movementId: Id.nullable(),
  createdAt: IsoDateTime,
});
export type PaidOutRequest = z.infer<typeof PaidOutRequest>;

export const PaidOutRequestResponse = z.object({ request: PaidOutRequest });
export const PaidOutRequestList = z.object({ items: z.array(PaidOutRequest) });
export const ApprovePaidOutResponse = z.object({ request: PaidOutRequest, movement: DrawerMovement });
export type ApprovePaidOutResponse = z.infer<typeof ApprovePaidOutResponse>;

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
