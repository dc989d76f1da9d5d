import { IdParam, LedgerQuery, type LedgerEntry, type LedgerResponse } from '../../../shared/hub.js';
import type { LedgerRow } from '../../db/ledger.queries.js';
import type { RouteModule } from '../context.js';

function toEntry(r: LedgerRow): LedgerEntry {
  return {
    id: r.id,
    customerId: r.customer_id,
    type: r.type,
    amount: r.amount,
    balanceBefore: r.balance_before,
    balanceAfter: r.balance_after,
    or_number: r.or_number,
    transactionId: r.transaction_id,
    settlementId: r.settlement_id,
    actorId: r.actor_id,
    reason: r.reason,
    createdAt: r.created_at,
  };
}

/** `GET /api/v1/customers/:id/ledger` (admin, cashier): the customer's entries, newest first. */
export const ledgerRoutes: RouteModule = {
  name: 'ledger',
  register(app, ctx) {
    app.get('/api/v1/customers/:id/ledger', { preHandler: ctx.requireAuth(['admin', 'cashier']) }, async (request): Promise<LedgerResponse> => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const { type, limit, offset } = ctx.parse(LedgerQuery, request.query, 'query');
      ctx.store.transactions.getCustomer(id); // 404 for an unknown customer, not an empty page
      // One read transaction: the page and its total describe the same moment.
      return ctx.store.db.transaction(() => {
        const total = ctx.store.q.ledger.count(id, type ?? null);
        const entries = ctx.store.q.ledger.page(id, type ?? null, limit, offset).map(toEntry);
        return { entries, pagination: { total, limit, offset, hasMore: offset + entries.length < total } };
      })();
    });
  },
};
