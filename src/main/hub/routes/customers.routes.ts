import type { Customer } from '../../../shared/customers.js';
import { CustomerSearchQuery, IdParam } from '../../../shared/hub.js';
import type { RouteModule } from '../context.js';

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
      return { items: ctx.store.transactions.customersFor(ctx.principal(request), q, limit) };
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
