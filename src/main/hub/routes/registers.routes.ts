import type { StoreEvent } from '../../../shared/events.js';
import type { HubContext, Principal, RouteModule } from '../context.js';

/** Register changes: admins and cashiers (who pick a register to open a shift at). */
function tellersOnly(event: StoreEvent, p: Principal): StoreEvent | null {
  return p.role === 'admin' || p.role === 'cashier' ? event : null;
}

/**
 * Registers (protocol.md v1 additions): `GET /registers` (admin, cashier), `POST` (admin;
 * a duplicate code is 409), `PATCH /registers/:id` (admin: name, MIN, serial, PTU, active);
 * `GET /setup`, the store's BIR setup checklist (shared/setup.ts).
 */
export const registersRoutes: RouteModule = {
  name: 'registers',
  register(app, ctx: HubContext) {
    for (const type of ['register.created', 'register.updated']) ctx.scopes.register(type, tellersOnly);
    const admin = { preHandler: ctx.requireAuth(['admin']) };

    app.get('/api/v1/registers', { preHandler: ctx.requireAuth(['admin', 'cashier']) }, async (request) => ({
      items: ctx.store.registers.list(ctx.principal(request)),
    }));

    app.post('/api/v1/registers', admin, async (request, reply) => {
      const register = ctx.store.registers.create(request.body, ctx.principal(request));
      return reply.code(201).send({ register });
    });

    app.patch('/api/v1/registers/:id', admin, async (request) => {
      const { id } = request.params as { id: string };
      return { register: ctx.store.registers.update(id, request.body, ctx.principal(request)) };
    });

    // The BIR setup checklist: what the store and its registers lack before an SI or a Z (any terminal may ask why).
    app.get('/api/v1/setup', { preHandler: ctx.requireAuth() }, async () => ctx.store.invoices.setup());
  },
};
