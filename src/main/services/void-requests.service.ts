import { DomainError } from '../../core/errors.js';
import { Id } from '../../shared/common.js';
import {
  CreateVoidRequest,
  ListVoidRequestsQuery,
  RejectVoidRequest,
  type ApproveVoidRequestResponse,
  type VoidRequest,
} from '../../shared/void-requests.js';
import { voidRequestQueries, type VoidRequestQueries, type VoidRequestView } from '../db/void-requests.queries.js';
import { newId } from './ids.js';
import type { SettlementHooks, SettlementService } from './settlements.service.js';
import type { StoreDb } from '../db/store-db.js';
import { requireRole, type Actor } from './access.js';
import { parseInput } from './validate.js';

/** Store events of this module; admins and the requesting cashier see them. */
export const VOID_REQUEST_CREATED = 'void_request.created';
export const VOID_REQUEST_DECIDED = 'void_request.decided';

export interface VoidRequestEventPayload {
  request: VoidRequest;
  actorId: string;
}

/**
 * Void requests (domain.md: a cashier may request voids; a void is done by an admin, or a
 * cashier with an admin's approval). A cashier asks for a void of a receipt it took; an
 * admin approves — the void is then performed in the same write, as the requesting
 * cashier with the admin's approval, so the settlement records who asked and the
 * request who approved — or rejects it with a note. At most one request per receipt
 * waits at a time (a partial unique index backs the check).
 */
export class VoidRequestService {
  private readonly q: VoidRequestQueries;

  constructor(
    private readonly store: StoreDb,
    private readonly settlements: Pick<SettlementService, 'void'>,
  ) {
    this.q = voidRequestQueries(store.db);
  }

  /**
   * A receipt voided directly by an admin answers the cashier's waiting request for it, in
   * the same write (otherwise the request would wait forever and approving it fail). Wired
   * into every void in services/index.ts.
   */
  readonly settlementHooks: SettlementHooks = {
    afterVoid: ({ settlementId, actor }) => {
      const waiting = this.q.pendingOf(settlementId);
      if (!waiting) return;
      this.decide(waiting.id, 'approved', actor, 'Voided directly by an admin.');
      this.store.append(VOID_REQUEST_DECIDED, { request: this.load(waiting.id), actorId: actor.id } satisfies VoidRequestEventPayload);
    },
  };

  request(settlementId: unknown, input: unknown, actor: Actor): VoidRequest & { seq: number } {
    const id = parseInput(Id, settlementId, 'settlement id');
    const { reason } = parseInput(CreateVoidRequest, input, 'void request');
    requireRole(actor, ['cashier'], 'request voids');
    return this.store.write(() => {
      const s = this.store.q.settlements.get(id);
      if (!s) throw new DomainError('not_found', 'No such settlement.');
      if (s.cashier_id !== actor.id) throw new DomainError('forbidden', 'That receipt was taken by someone else.');
      if (s.status === 'void') throw new DomainError('already_void', `${s.or_number} is already void.`);
      if (this.q.pendingOf(id)) throw new DomainError('conflict', `A void of ${s.or_number} is already waiting for an admin.`);
      const reqId = newId('vrq');
      this.q.insert({ id: reqId, settlement_id: id, requested_by: actor.id, reason, created_at: this.store.now() });
      const request = this.load(reqId);
      const event = this.store.append(VOID_REQUEST_CREATED, { request, actorId: actor.id } satisfies VoidRequestEventPayload);
      return { ...request, seq: event.seq };
    });
  }

  /** Approves a pending request and voids its settlement, atomically. */
  approve(requestId: unknown, actor: Actor): ApproveVoidRequestResponse & { seq: number } {
    const id = parseInput(Id, requestId, 'void request id');
    requireRole(actor, ['admin'], 'approve voids');
    return this.store.write(() => {
      const row = this.pending(id);
      const requester = this.store.q.users.get(row.requested_by);
      const requesterActor: Actor = { id: row.requested_by, role: requester?.role ?? 'cashier' };
      // Decided first, so the void's own hook finds nothing waiting. The void is a nested
      // write (a savepoint): if it fails, this whole write rolls back, the decision too.
      this.decide(id, 'approved', actor, null);
      const { settlement, transactions } = this.settlements.void(row.settlement_id, { reason: row.reason }, requesterActor, actor.id);
      const request = this.load(id);
      const event = this.store.append(VOID_REQUEST_DECIDED, { request, actorId: actor.id } satisfies VoidRequestEventPayload);
      return { request, settlement, transactions, seq: event.seq };
    });
  }

  reject(requestId: unknown, input: unknown, actor: Actor): VoidRequest & { seq: number } {
    const id = parseInput(Id, requestId, 'void request id');
    const { note } = parseInput(RejectVoidRequest, input, 'rejection');
    requireRole(actor, ['admin'], 'reject voids');
    return this.store.write(() => {
      this.pending(id);
      this.decide(id, 'rejected', actor, note);
      const request = this.load(id);
      const event = this.store.append(VOID_REQUEST_DECIDED, { request, actorId: actor.id } satisfies VoidRequestEventPayload);
      return { ...request, seq: event.seq };
    });
  }

  /** Admin: every request; a cashier: only its own. Newest first. */
  list(query: unknown, actor: Actor): VoidRequest[] {
    const f = parseInput(ListVoidRequestsQuery, query, 'query');
    requireRole(actor, ['admin', 'cashier'], 'see void requests');
    const requestedBy = actor.role === 'admin' ? undefined : actor.id;
    return this.q.list({ status: f.status, requestedBy, limit: f.limit }).map(toVoidRequest);
  }

  get(requestId: unknown, actor: Actor): VoidRequest {
    const id = parseInput(Id, requestId, 'void request id');
    const request = this.load(id);
    if (actor.role !== 'admin' && request.requestedBy !== actor.id) throw new DomainError('forbidden', 'That request is someone else’s.');
    return request;
  }

  private pending(id: string): VoidRequestView {
    const row = this.q.get(id);
    if (!row) throw new DomainError('not_found', 'No such void request.');
    if (row.status !== 'pending') throw new DomainError('conflict', `That request was already ${row.status}.`);
    return row;
  }

  private decide(id: string, status: 'approved' | 'rejected', actor: Actor, note: string | null): void {
    const ok = this.q.decide({ id, status, decided_by: actor.id, decided_at: this.store.now(), decision_note: note });
    if (!ok) throw new DomainError('conflict', 'That request was decided by someone else first.');
  }

  private load(id: string): VoidRequest {
    const row = this.q.get(id);
    if (!row) throw new DomainError('not_found', 'No such void request.');
    return toVoidRequest(row);
  }
}

function toVoidRequest(r: VoidRequestView): VoidRequest {
  return {
    id: r.id,
    settlementId: r.settlement_id,
    orNumber: r.or_number,
    amount: r.amount,
    requestedBy: r.requested_by,
    reason: r.reason,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    createdAt: r.created_at,
  };
}
