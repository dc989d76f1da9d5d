import { z } from 'zod';
import type { StoreEvent } from '../../../shared/events.js';
import { IdParam } from '../../../shared/hub.js';
import type { Reading } from '../../../shared/readings.js';
import { renderReadingHtml } from '../../receipts/reading-html.js';
import type { HubContext, Principal, RouteModule } from '../context.js';
import { printerFor, sendDocument } from './print.js';

const PrintQuery = z.object({ format: z.enum(['html', 'pdf', 'text']).default('html') });

/** Reading events: admins, and the cashier of an X-reading's shift. */
function readingScope(event: StoreEvent, p: Principal): StoreEvent | null {
  return (event.payload as { cashierId?: string | null }).cashierId === p.id ? event : null;
}

/**
 * X-readings (`GET /readings/x?shiftId=`: the shift's cashier or an admin; each one taken
 * is stored and journalled, as pressing X on a register prints one) and Z-readings
 * (`POST /readings/z`, admin, 201; a second for the same date is 409), history and print.
 */
export const readingRoutes: RouteModule = {
  name: 'readings',
  register(app, ctx: HubContext) {
    ctx.scopes.register('reading.taken', readingScope);
    const printer = printerFor(app);
    const tellers = { preHandler: ctx.requireAuth(['cashier', 'admin']) };

    app.get('/api/v1/readings/x', tellers, async (request) => ctx.store.readings.x(request.query, ctx.principal(request)));

    app.post('/api/v1/readings/z', { preHandler: ctx.requireAuth(['admin']) }, async (request, reply) => {
      const z = ctx.store.readings.z(request.body, ctx.principal(request));
      ctx.log.info({ businessDate: z.businessDate, zCounter: z.zCounter, netSales: z.figures.netSales }, 'Z-reading taken');
      return reply.code(201).send(z);
    });

    app.get('/api/v1/readings', tellers, async (request) => ctx.store.readings.list(request.query, ctx.principal(request)));

    // The store's day: each register's figures (its Z once taken) and their sum.
    app.get('/api/v1/readings/day', { preHandler: ctx.requireAuth(['admin']) }, async (request) =>
      ctx.store.readings.day(request.query, ctx.principal(request)),
    );

    app.get('/api/v1/readings/:id', tellers, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      return ctx.store.readings.get(id, ctx.principal(request));
    });

    app.get('/api/v1/readings/:id/print', tellers, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const { format } = ctx.parse(PrintQuery, request.query, 'query');
      const reading: Reading = ctx.store.readings.get(id, ctx.principal(request));
      const { header, tzOffsetMinutes, names } = ctx.store.receipts.readingDocument(reading);
      const html = renderReadingHtml(reading, header, tzOffsetMinutes, names);
      return sendDocument(printer, reply, format, `${reading.kind}-reading-${reading.number}`, html);
    });
  },
};
