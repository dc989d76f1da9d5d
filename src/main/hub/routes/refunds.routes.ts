import type { StoreEvent } from '../../../shared/events.js';
import { IdParam } from '../../../shared/hub.js';
import type { HubContext, Principal, RouteModule } from '../context.js';

/** A refund event: admins, and the cashier who took the refunded receipt. */
function refundScope(event: StoreEvent, p: Principal): StoreEvent | null {
  return (event.payload as { settlement?: { cashierId?: string } }).settlement?.cashierId === p.id ? event : null;
}

/** Refunds against a posted settlement (admin): `POST /settlements/:id/refunds` → 201. */
export const refundRoutes: RouteModule = {
  name: 'refunds',
  register(app, ctx: HubContext) {
    ctx.scopes.register('refund.posted', refundScope);

    app.post('/api/v1/settlements/:id/refunds', { preHandler: ctx.requireAuth(['admin']) }, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const p = ctx.principal(request);
      const { refund, settlement, transactions, seq } = ctx.store.refunds.refund(id, request.body, p);
      ctx.log.info({ refundId: refund.id, or: refund.orNumber, amount: refund.amount, by: p.id }, 'refund posted');
      return reply.code(201).header('X-Kahera-Seq', String(seq)).send({ refund, settlement, transactions });
    });

    app.get('/api/v1/settlements/:id/refunds', { preHandler: ctx.requireAuth(['cashier', 'admin']) }, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { items: ctx.store.refunds.listFor(id, ctx.principal(request)) };
    });
  },
};
