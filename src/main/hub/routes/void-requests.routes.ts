import type { StoreEvent } from '../../../shared/events.js';
import { IdParam } from '../../../shared/hub.js';
import { VOID_REQUEST_CREATED, VOID_REQUEST_DECIDED, type VoidRequestEventPayload } from '../../services/void-requests.service.js';
import type { HubContext, Principal, RouteModule } from '../context.js';

/** A void-request event: admins (always, see scope.ts), and the cashier who asked. */
function voidRequestScope(event: StoreEvent, p: Principal): StoreEvent | null {
  return (event.payload as Partial<VoidRequestEventPayload>).request?.requestedBy === p.id ? event : null;
}

/**
 * Void requests: a cashier asks for the void of a receipt it took; an admin approves
 * (the receipt is voided in the same write) or rejects with a note.
 */
export const voidRequestRoutes: RouteModule = {
  name: 'void-requests',
  register(app, ctx: HubContext) {
    const service = ctx.store.voidRequests;
    ctx.scopes.register(VOID_REQUEST_CREATED, voidRequestScope);
    ctx.scopes.register(VOID_REQUEST_DECIDED, voidRequestScope);
    const admin = { preHandler: ctx.requireAuth(['admin']) };

    app.post('/api/v1/settlements/:id/void-requests', { preHandler: ctx.requireAuth(['cashier']) }, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const p = ctx.principal(request);
      const { seq, ...created } = service.request(id, request.body, p);
      ctx.log.info({ requestId: created.id, or: created.orNumber, by: p.id }, 'void requested');
      // After commit: admins' terminals can show the new request without polling.
      ctx.broadcaster.toRoles(['admin'], 'void_request_created', { request: created });
      return reply.code(201).header('X-Kahera-Seq', String(seq)).send({ request: created });
    });

    app.get('/api/v1/void-requests', { preHandler: ctx.requireAuth(['cashier', 'admin']) }, async (request) => ({
      items: service.list(request.query, ctx.principal(request)),
    }));

    app.get('/api/v1/void-requests/:id', { preHandler: ctx.requireAuth(['cashier', 'admin']) }, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { request: service.get(id, ctx.principal(request)) };
    });

    app.post('/api/v1/void-requests/:id/approve', admin, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const p = ctx.principal(request);
      const { seq, ...result } = service.approve(id, p);
      ctx.log.info({ requestId: id, or: result.settlement.or_number, by: p.id }, 'void request approved; settlement voided');
      ctx.broadcaster.toUsers([result.request.requestedBy], 'void_request_decided', { request: result.request });
      return reply.header('X-Kahera-Seq', String(seq)).send(result);
    });

    app.post('/api/v1/void-requests/:id/reject', admin, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const p = ctx.principal(request);
      const { seq, ...rejected } = service.reject(id, request.body, p);
      ctx.log.info({ requestId: id, or: rejected.orNumber, by: p.id }, 'void request rejected');
      // After commit: the cashier who asked sees the answer without polling.
      ctx.broadcaster.toUsers([rejected.requestedBy], 'void_request_decided', { request: rejected });
      return reply.header('X-Kahera-Seq', String(seq)).send({ request: rejected });
    });
  },
};
