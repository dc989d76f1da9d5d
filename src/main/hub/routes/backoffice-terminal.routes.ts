import { CustomersQuery, LatestOrQuery, type LatestOrResponse, type StoreSettingsResponse } from '../../../shared/backoffice.js';
import type { Customer } from '../../../shared/customers.js';
import type { RouteModule } from '../context.js';

const MAX_IDS = 500;

function splitIds(s: string | undefined): string[] {
  return [...new Set((s ?? '').split(',').map((x) => x.trim()).filter((x) => /^[A-Za-z0-9_-]{1,64}$/.test(x)))].slice(0, MAX_IDS);
}

/**
 * Look-ups every terminal needs that protocol.md leaves free: customer names for a list
 * of rows, the latest OR per transaction (scoped like the transactions), and the store
 * settings receipts print.
 */
export const backofficeTerminalRoutes: RouteModule = {
  name: 'backoffice-terminal',
  register(app, ctx) {
    const { reports, transactions } = ctx.store;
    const signedIn = { preHandler: ctx.requireAuth() };

    app.get('/api/v1/backoffice/customers', signedIn, async (request): Promise<{ items: Customer[] }> => {
      const { q, ids, limit } = ctx.parse(CustomersQuery, request.query, 'query');
      const p = ctx.principal(request);
      // Names for rows the caller may see, so only customers in its scope; a search as GET /customers.
      if (ids !== undefined) return { items: transactions.customersByIdsFor(p, splitIds(ids)) };
      return { items: transactions.customersFor(p, q, limit) };
    });

    app.get('/api/v1/backoffice/latest-or', signedIn, async (request): Promise<LatestOrResponse> => {
      const { transactionIds } = ctx.parse(LatestOrQuery, request.query, 'query');
      const p = ctx.principal(request);
      const ids = splitIds(transactionIds).filter((id) => {
        const t = transactions.find(id);
        return t !== undefined && ctx.scopes.canSee(t, p);
      });
      return { items: reports.latestOr(ids) };
    });

    app.get('/api/v1/backoffice/settings', signedIn, async (): Promise<StoreSettingsResponse> => ({
      settings: reports.settings(),
      storeId: ctx.store.storeId,
      // Screens show times in the store's zone, as receipts and readings print them.
      tzOffsetMinutes: ctx.store.receipts.settings().tzOffsetMinutes,
    }));
  },
};

