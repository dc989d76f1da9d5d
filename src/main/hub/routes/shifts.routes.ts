import type { StoreEvent } from '../../../shared/events.js';
import { IdParam } from '../../../shared/hub.js';
import type { HubContext, Principal, RouteModule } from '../context.js';
import { journalRoutes } from './journal.routes.js';
import { paidOutRequestRoutes } from './paid-out-requests.routes.js';
import { readingRoutes } from './readings.routes.js';
import { receiptRoutes } from './receipts.routes.js';
import { refundRoutes } from './refunds.routes.js';

/** Shift events: admins, and the cashier whose shift it is. */
function ownShiftOnly(event: StoreEvent, p: Principal): StoreEvent | null {
  const payload = event.payload as { shift?: { cashierId?: string }; cashierId?: string };
  return (payload.shift?.cashierId ?? payload.cashierId) === p.id ? event : null;
}

/**
 * Shifts and the cash drawer (protocol.md): `POST /shifts` (cashier) opens one,
 * `POST /shifts/:id/close` (its cashier, or an admin force-closing an abandoned one),
 * paid-in / paid-out, and reads. Registering this module makes an open shift required
 * for a cashier's settlements (409 `no_open_shift`).
 */
export const shiftRoutes: RouteModule = {
  name: 'shifts',
  register(app, ctx: HubContext) {
    ctx.store.shifts.requireForCashiers(true);
    for (const type of ['shift.opened', 'shift.closed', 'drawer.moved']) ctx.scopes.register(type, ownShiftOnly);
    const tellers = { preHandler: ctx.requireAuth(['cashier', 'admin']) };

    app.post('/api/v1/shifts', { preHandler: ctx.requireAuth(['cashier']) }, async (request, reply) => {
      const shift = ctx.store.shifts.open(request.body, ctx.principal(request));
      return reply.code(201).send({ shift });
    });

    app.get('/api/v1/shifts', tellers, async (request) => ({ items: ctx.store.shifts.list(request.query, ctx.principal(request)) }));

    /** The caller's open shift (null when none): the cashier screen asks this first. */
    app.get('/api/v1/shifts/current', tellers, async (request) => ({ shift: ctx.store.shifts.current(ctx.principal(request)) }));

    app.get('/api/v1/shifts/:id', tellers, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const p = ctx.principal(request);
      const row = ctx.store.shifts.load(id, p);
      const blind = p.role !== 'admin' && row.status === 'open';
      return { shift: ctx.store.shifts.get(id, p), drawer: ctx.store.shifts.drawer(row, blind), movements: ctx.store.shifts.movements(id, p) };
    });

    app.post('/api/v1/shifts/:id/close', tellers, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const p = ctx.principal(request);
      const result = ctx.store.shifts.close(id, request.body, p);
      if (result.shift.forceClosed) ctx.log.warn({ shiftId: id, by: p.id, overShort: result.overShort }, 'shift force-closed by an admin');
      return result;
    });

    app.post('/api/v1/shifts/:id/drawer', tellers, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const movement = ctx.store.shifts.move(id, request.body, ctx.principal(request));
      return reply.code(201).send({ movement });
    });

    app.get('/api/v1/shifts/:id/drawer', tellers, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return { movements: ctx.store.shifts.movements(id, ctx.principal(request)) };
    });
  },
};

/** The counter's route modules (shifts, paid-out requests, readings, journal, receipts, refunds), listed once in routes/index.ts. */
export const counterRouteModules: readonly RouteModule[] = [shiftRoutes, paidOutRequestRoutes, readingRoutes, journalRoutes, receiptRoutes, refundRoutes];
