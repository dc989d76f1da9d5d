import type { Customer } from '../../../shared/customers.js';
import { CustomerSearchQuery, IdParam } from '../../../shared/hub.js';
import { toCustomer } from '../../services/mappers.js';
import type { HubContext, Principal, RouteModule } from '../context.js';
import { customerScope, WIDE_SEARCH_MAX_ROWS, WIDE_SEARCH_MIN_CHARS } from '../scope.js';

/**
 * The customers `p` gets for a list or a search (`q` matches name or phone, literally):
 * admin — every customer; sales and cashier — their own (scope.ts, customers.queries.ts),
 * and with `q` of WIDE_SEARCH_MIN_CHARS or more, also any customer it matches (at most
 * WIDE_SEARCH_MAX_ROWS), which is how a counter picks the customer in front of it.
 */
export function findCustomers(ctx: HubContext, p: Principal, q: string | undefined, limit: number): Customer[] {
  const scope = customerScope(p);
  const query = q ? q : null;
  const wide = scope.kind !== 'all' && query !== null && query.length >= WIDE_SEARCH_MIN_CHARS;
  const rows = ctx.store.q.customers.search(query, wide ? Math.min(limit, WIDE_SEARCH_MAX_ROWS) : limit, scope, wide);
  return rows.map(toCustomer);
}

/** Customers: create (sales, admin); list, search and read, each role within its scope. */
export const customerRoutes: RouteModule = {
  name: 'customers',
  register(app, ctx) {
    app.post('/api/v1/customers', { preHandler: ctx.requireAuth(['sales', 'admin']) }, async (request, reply) => {
      const customer = ctx.store.transactions.createCustomer(request.body, ctx.principal(request));
      return reply.code(201).send({ customer });
    });

    app.get('/api/v1/customers', { preHandler: ctx.requireAuth() }, async (request): Promise<{ items: Customer[] }> => {
      const { q, limit } = ctx.parse(CustomerSearchQuery, request.query, 'query');
      return { items: findCustomers(ctx, ctx.principal(request), q, limit) };
    });

    // By id: a customer in the caller's scope, or one a search would show it. A counter
    // opens the customer it just picked from a search by id, so refusing those would
    // break picking; everyone else's customers stay out of reach of listing.
    app.get('/api/v1/customers/:id', { preHandler: ctx.requireAuth() }, async (request): Promise<{ customer: Customer }> => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { customer: ctx.store.transactions.getCustomer(id) };
    });
  },
};
