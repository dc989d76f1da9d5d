import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';
import { Settlement } from './settlements.js';
import { Transaction } from './transactions.js';
import { Text } from './text.js';

// Void requests: a cashier asks for a void of a receipt it took; an admin approves
// (the void is performed then) or rejects it with a note (domain.md, Roles).

export const VoidRequestStatus = z.enum(['pending', 'approved', 'rejected']);
export type VoidRequestStatus = z.infer<typeof VoidRequestStatus>;

/** `POST /api/v1/settlements/:id/void-requests` (cashier). */
export const CreateVoidRequest = z.object({ reason: Text(1, 500) });
export type CreateVoidRequest = z.infer<typeof CreateVoidRequest>;

/** `POST /api/v1/void-requests/:id/reject` (admin): why it was refused. */
export const RejectVoidRequest = z.object({ note: Text(1, 500) });
export type RejectVoidRequest = z.infer<typeof RejectVoidRequest>;

/** `GET /api/v1/void-requests?status=`. */
export const ListVoidRequestsQuery = z.object({
  status: VoidRequestStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListVoidRequestsQuery = z.infer<typeof ListVoidRequestsQuery>;

export const VoidRequest = z.object({
  id: Id,
  settlementId: Id,
  orNumber: z.string(),
  amount: z.number().int(),
  requestedBy: Id,
  reason: z.string(),
  status: VoidRequestStatus,
  decidedBy: Id.nullable(),
  decidedAt: IsoDateTime.nullable(),
  decisionNote: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type VoidRequest = z.infer<typeof VoidRequest>;

export const VoidRequestResponse = z.object({ request: VoidRequest });
export const VoidRequestList = z.object({ items: z.array(VoidRequest) });
export const ApproveVoidRequestResponse = z.object({ request: VoidRequest, settlement: Settlement, transactions: z.array(Transaction) });
export type ApproveVoidRequestResponse = z.infer<typeof ApproveVoidRequestResponse>;
