import type { StoreEvent } from '../../../shared/events.js';
import { IdParam } from '../../../shared/hub.js';
import {
  PAID_OUT_REQUEST_CREATED,
  PAID_OUT_REQUEST_DECIDED,
  type PaidOutRequestEventPayload,
} from '../../services/paid-out-requests.service.js';
import type { HubContext, Principal, RouteModule } from '../context.js';

/** A paid-out request event: admins (always, see scope.ts), and the cashier who asked. */
function paidOutRequestScope(event: StoreEvent, p: Principal): StoreEvent | null {
  return (event.payload as Partial<PaidOutRequestEventPayload>).request?.requestedBy === p.id ? event : null;
}

/**
 * Paid-out requests: a cashier asks for a paid-out above the store's limit from its open
 * shift; an admin approves (the paid-out is recorded in the same write, the drawer checked
 * again) or rejects with a note. The same flow and answers as void requests.
 */
export const paidOutRequestRoutes: RouteModule = {
  name: 'paid-out-requests',
  register(app, ctx: HubContext) {
    const service = ctx.store.paidOutRequests;
    ctx.scopes.register(PAID_OUT_REQUEST_CREATED, paidOutRequestScope);
    ctx.scopes.register(PAID_OUT_REQUEST_DECIDED, paidOutRequestScope);
    const admin = { preHandler: ctx.requireAuth(['admin']) };
    const tellers = { preHandler: ctx.requireAuth(['cashier', 'admin']) };

    app.post('/api/v1/shifts/:id/paid-out-requests', { preHandler: ctx.requireAuth(['cashier']) }, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const p = ctx.principal(request);
      const { seq, ...created } = service.request(id, request.body, p);
      ctx.log.info({ requestId: created.id, shiftId: id, amount: created.amount, by: p.id }, 'paid-out approval requested');
      // After commit: admins' terminals show the new request without polling.
      ctx.broadcaster.toRoles(['admin'], 'paid_out_request_created', { request: created });
      return reply.code(201).header('X-Kahera-Seq', String(seq)).send({ request: created });
    });

    app.get('/api/v1/paid-out-requests', tellers, async (request) => ({ items: service.list(request.query, ctx.principal(request)) }));

    app.get('/api/v1/paid-out-requests/:id', tellers, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { request: service.get(id, ctx.principal(request)) };
    });

    app.post('/api/v1/paid-out-requests/:id/approve', admin, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const p = ctx.principal(request);
      const { seq, ...result } = service.approve(id, p);
      ctx.log.info({ requestId: id, movementId: result.movement.id, amount: result.movement.amount, by: p.id }, 'paid-out request approved; paid-out recorded');
      ctx.broadcaster.toUsers([result.request.requestedBy], 'paid_out_request_decided', { request: result.request });
      return reply.header('X-Kahera-Seq', String(seq)).send(result);
    });

    app.post('/api/v1/paid-out-requests/:id/reject', admin, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const p = ctx.principal(request);
      const { seq, ...rejected } = service.reject(id, request.body, p);
      ctx.log.info({ requestId: id, by: p.id }, 'paid-out request rejected');
      ctx.broadcaster.toUsers([rejected.requestedBy], 'paid_out_request_decided', { request: rejected });
      return reply.header('X-Kahera-Seq', String(seq)).send({ request: rejected });
    });
  },
};
