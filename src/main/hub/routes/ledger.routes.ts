import { IdParam, LedgerQuery, type LedgerResponse } from '../../../shared/hub.js';
import type { RouteModule } from '../context.js';

/** `GET /api/v1/customers/:id/ledger` (admin, cashier): the customer's entries, newest first. */
export const ledgerRoutes: RouteModule = {
  name: 'ledger',
  register(app, ctx) {
    app.get('/api/v1/customers/:id/ledger', { preHandler: ctx.requireAuth(['admin', 'cashier']) }, async (request): Promise<LedgerResponse> => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return ctx.store.transactions.customerLedger(id, ctx.parse(LedgerQuery, request.query, 'query'));
    });
  },
};
