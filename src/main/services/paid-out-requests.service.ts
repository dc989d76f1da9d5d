import { DomainError } from '../../core/errors.js';
import { Id } from '../../shared/common.js';
import {
  CreatePaidOutRequest,
  ListPaidOutRequestsQuery,
  RejectPaidOutRequest,
  type ApprovePaidOutResponse,
  type PaidOutRequest,
} from '../../shared/shifts.js';
import { paidOutRequestQueries, type PaidOutDecision, type PaidOutRequestQueries, type PaidOutRequestView } from '../db/paid-out-requests.queries.js';
import { newId } from './ids.js';
import type { StoreDb } from '../db/store-db.js';
import { requireRole, type Actor } from './access.js';
import type { ShiftCloseHook, ShiftService } from './shifts.service.js';
import { parseInput } from './validate.js';

/** Store events of this module; admins and the requesting cashier see them. */
export const PAID_OUT_REQUEST_CREATED = 'paid_out_request.created';
export const PAID_OUT_REQUEST_DECIDED = 'paid_out_request.decided';

export interface PaidOutRequestEventPayload {
  request: PaidOutRequest;
  actorId: string;
}

/**
 * Paid-out requests (domain.md, Registers: a cash paid-out above a store-set limit needs
 * an admin's approval, like a void). The flow is the void request's: the cashier asks for
 * a paid-out from its own open shift; an admin approves — the paid-out is recorded then,
 * in the same write, as the cashier's with the admin's approval, after the drawer is
 * checked again (it may have changed while the request waited) — or rejects it with a
 * note. One request per shift waits at a time (a partial unique index backs the check);
 * the shift's close cancels one still waiting, in the close's own write.
 */
export class PaidOutRequestService {
  private readonly q: PaidOutRequestQueries;

  constructor(
    private readonly store: StoreDb,
    private readonly shifts: Pick<ShiftService, 'load' | 'requireOpen' | 'assertCashCovers' | 'recordMovement'>,
  ) {
    this.q = paidOutRequestQueries(store.db);
  }

  /** A shift's close cancels its request still waiting, in the close's own write (wired in services/index.ts). */
  readonly closeHook: ShiftCloseHook = (shift, actor) => {
    const waiting = this.q.pendingOfShift(shift.id);
    if (!waiting) return;
    this.decide({ id: waiting.id, status: 'cancelled', decided_by: actor.id, decided_at: this.store.now(), decision_note: 'The shift closed before an admin decided.', movement_id: null });
    this.store.append(PAID_OUT_REQUEST_DECIDED, { request: this.load(waiting.id), actorId: actor.id } satisfies PaidOutRequestEventPayload);
  };

  request(shiftId: unknown, input: unknown, actor: Actor): PaidOutRequest & { seq: number } {
    const id = parseInput(Id, shiftId, 'shift id');
    const req = parseInput(CreatePaidOutRequest, input, 'paid-out request');
    requireRole(actor, ['cashier'], 'request paid-outs');
    return this.store.write(() => {
      const shift = this.shifts.load(id, actor);
      this.shifts.requireOpen(shift);
      if (shift.cashier_id !== actor.id) throw new DomainError('forbidden', 'That shift is someone else’s.');
      if (this.q.pendingOfShift(id)) throw new DomainError('conflict', 'A paid-out from this drawer is already waiting for an admin.');
      // Refused now rather than after an admin looked at it: the cash is not there.
      this.shifts.assertCashCovers(shift, req.amount, actor);
      const reqId = newId('por');
      this.q.insert({ id: reqId, shift_id: id, amount: req.amount, reason: req.reason, requested_by: actor.id, created_at: this.store.now() });
      const request = this.load(reqId);
      const event = this.store.append(PAID_OUT_REQUEST_CREATED, { request, actorId: actor.id } satisfies PaidOutRequestEventPayload);
      return { ...request, seq: event.seq };
    });
  }

  /** Approves a pending request and records its paid-out, atomically (422 `insufficient_cash` leaves it pending). */
  approve(requestId: unknown, actor: Actor): ApprovePaidOutResponse & { seq: number } {
    const id = parseInput(Id, requestId, 'paid-out request id');
    requireRole(actor, ['admin'], 'approve paid-outs');
    return this.store.write(() => {
      const row = this.pending(id);
      const shift = this.shifts.load(row.shift_id, actor);
      this.shifts.requireOpen(shift);
      const requester: Actor = { id: row.requested_by, role: this.store.q.users.get(row.requested_by)?.role ?? 'cashier' };
      // The cash check runs here, in this write: an approval can never overdraw the drawer.
      const movement = this.shifts.recordMovement(shift, { kind: 'paid_out', amount: row.amount, reason: row.reason }, requester, actor.id);
      this.decide({ id, status: 'approved', decided_by: actor.id, decided_at: this.store.now(), decision_note: null, movement_id: movement.id });
      const request = this.load(id);
      const event = this.store.append(PAID_OUT_REQUEST_DECIDED, { request, actorId: actor.id } satisfies PaidOutRequestEventPayload);
      return { request, movement, seq: event.seq };
    });
  }

  reject(requestId: unknown, input: unknown, actor: Actor): PaidOutRequest & { seq: number } {
    const id = parseInput(Id, requestId, 'paid-out request id');
    const { note } = parseInput(RejectPaidOutRequest, input, 'rejection');
    requireRole(actor, ['admin'], 'reject paid-outs');
    return this.store.write(() => {
      this.pending(id);
      this.decide({ id, status: 'rejected', decided_by: actor.id, decided_at: this.store.now(), decision_note: note, movement_id: null });
      const request = this.load(id);
      const event = this.store.append(PAID_OUT_REQUEST_DECIDED, { request, actorId: actor.id } satisfies PaidOutRequestEventPayload);
      return { ...request, seq: event.seq };
    });
  }

  /** Admin: every request; a cashier: only its own. Newest first. */
  list(query: unknown, actor: Actor): PaidOutRequest[] {
    const f = parseInput(ListPaidOutRequestsQuery, query, 'query');
    requireRole(actor, ['admin', 'cashier'], 'see paid-out requests');
    const requestedBy = actor.role === 'admin' ? undefined : actor.id;
    return this.q.list({ status: f.status, requestedBy, shiftId: f.shiftId, limit: f.limit }).map(toPaidOutRequest);
  }

  get(requestId: unknown, actor: Actor): PaidOutRequest {
    const id = parseInput(Id, requestId, 'paid-out request id');
    const request = this.load(id);
    // 404, not 403, for someone else's: no probing of other drawers.
    if (actor.role !== 'admin' && request.requestedBy !== actor.id) throw new DomainError('not_found', 'No such paid-out request.');
    return request;
  }

  private pending(id: string): PaidOutRequestView {
    const row = this.q.get(id);
    if (!row) throw new DomainError('not_found', 'No such paid-out request.');
    if (row.status !== 'pending') throw new DomainError('conflict', `That request was already ${row.status}.`);
    return row;
  }

  private decide(d: PaidOutDecision): void {
    if (!this.q.decide(d)) throw new DomainError('conflict', 'That request was decided by someone else first.');
  }

  private load(id: string): PaidOutRequest {
    const row = this.q.get(id);
    if (!row) throw new DomainError('not_found', 'No such paid-out request.');
    return toPaidOutRequest(row);
  }
}

function toPaidOutRequest(r: PaidOutRequestView): PaidOutRequest {
  return {
    id: r.id,
    shiftId: r.shift_id,
    counter: r.counter,
    amount: r.amount,
    reason: r.reason,
    requestedBy: r.requested_by,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    movementId: r.movement_id,
    createdAt: r.created_at,
  };
}
