import { DomainError } from '../../../core/errors.js';
import { IdParam } from '../../../shared/hub.js';
import { ListSettlementsQuery, type Settlement, type SettlementResponse } from '../../../shared/settlements.js';
import { checkIdempotencyKey } from '../../services/settlements.service.js';
import type { HubContext, Principal, RouteModule } from '../context.js';

/** A cashier sees only the settlements it took; an admin sees all. */
function loadVisible(ctx: HubContext, id: string, p: Principal): Settlement {
  const s = ctx.store.settlements.get(id);
  if (p.role !== 'admin' && s.cashierId !== p.id) throw new DomainError('forbidden', 'That receipt was taken by someone else.');
  return s;
}

/** Settlements: preview, post (group-committed, idempotent), void, list, read, reprint. */
export const settlementRoutes: RouteModule = {
  name: 'settlements',
  register(app, ctx) {
    const tellers = { preHandler: ctx.requireAuth(['cashier', 'admin']) };

    app.post('/api/v1/settlements/preview', tellers, async (request) => ctx.store.settlements.preview(request.body, ctx.principal(request)));

    app.post('/api/v1/settlements', tellers, async (request, reply) => {
      const actor = ctx.principal(request);
      const opts = { idempotencyKey: checkIdempotencyKey(request.headers['idempotency-key']) };
      // Validation happens here, outside the write lock; the write joins the next group commit.
      const prepared = ctx.store.settlements.prepare(request.body, actor, opts);
      const result = await ctx.committer.submit(() => ctx.store.settlements.settleInTransaction(prepared, actor, opts));
      if (result.seq !== null) reply.header('X-Kahera-Seq', String(result.seq));
      const body: SettlementResponse = { settlement: result.settlement, transactions: result.transactions };
      return reply.code(201).header('Idempotent-Replayed', result.replayed ? 'true' : 'false').send(body);
    });

    app.post('/api/v1/settlements/:id/void', { preHandler: ctx.requireAuth(['admin']) }, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const { settlement, transactions } = ctx.store.settlements.void(id, request.body, ctx.principal(request));
      ctx.log.info({ settlementId: id, or: settlement.or_number, by: ctx.principal(request).id }, 'settlement voided');
      return { settlement, transactions } satisfies SettlementResponse;
    });

    app.get('/api/v1/settlements', tellers, async (request) => {
      const query = ctx.parse(ListSettlementsQuery, request.query, 'query');
      const p = ctx.principal(request);
      return ctx.store.settlements.list({ ...query, cashierId: p.role === 'admin' ? undefined : p.id });
    });

    app.get('/api/v1/settlements/:id', tellers, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { settlement: loadVisible(ctx, id, ctx.principal(request)) };
    });

    app.post('/api/v1/settlements/:id/reprint', tellers, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      loadVisible(ctx, id, ctx.principal(request));
      return { settlement: ctx.store.settlements.reprint(id) };
    });
  },
};
