import { DomainError } from '../../../core/errors.js';
import { IdParam } from '../../../shared/hub.js';
import { ReceiptQuery, type ReceiptData } from '../../../shared/receipts.js';
import { renderReceiptText } from '../../receipts/escpos.js';
import { buildReceipt } from '../../receipts/receipt-data.js';
import { renderReceiptHtml } from '../../receipts/receipt-html.js';
import { readReceiptSettings, writeReceiptSettings } from '../../receipts/settings.js';
import type { FastifyReply } from 'fastify';
import type { HubContext, Principal, RouteModule } from '../context.js';
import { printerFor, sendDocument } from './print.js';

/** A cashier prints only the receipts it took; an admin any. */
function visible(ctx: HubContext, id: string, p: Principal): void {
  const row = ctx.store.q.settlements.get(id);
  if (!row) throw new DomainError('not_found', 'No such settlement.');
  if (p.role !== 'admin' && row.cashier_id !== p.id) throw new DomainError('forbidden', 'That receipt was taken by someone else.');
}

/**
 * Receipts (Official Receipt or Sales Invoice, per the store's settings) as data, HTML for
 * the window print, PDF, or text for a 58/80 mm thermal printer; reprints are counted,
 * journalled and marked REPRINT. Receipt header settings (admin).
 */
export const receiptRoutes: RouteModule = {
  name: 'receipts',
  register(app, ctx: HubContext) {
    const printer = printerFor(app);
    const tellers = { preHandler: ctx.requireAuth(['cashier', 'admin']) };

    const send = (reply: FastifyReply, data: ReceiptData, query: unknown) => {
      const q = ctx.parse(ReceiptQuery, query, 'query');
      if (q.format === 'json') return { receipt: data };
      return sendDocument(printer, reply, q.format, `${data.number}${data.reprint ? '-reprint' : ''}`, renderReceiptHtml(data), () =>
        renderReceiptText(data, q.width),
      );
    };

    app.get('/api/v1/receipts/:id', tellers, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      ctx.parse(ReceiptQuery, request.query, 'query');
      visible(ctx, id, ctx.principal(request));
      return send(reply, buildReceipt(ctx.store, id), request.query);
    });

    app.post('/api/v1/receipts/:id/reprint', tellers, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      ctx.parse(ReceiptQuery, request.query, 'query');
      const p = ctx.principal(request);
      visible(ctx, id, p);
      ctx.store.settlements.reprint(id, p);
      return send(reply, buildReceipt(ctx.store, id, { reprint: true }), request.query);
    });

    app.get('/api/v1/receipt-settings', { preHandler: ctx.requireAuth() }, async () => ({
      settings: readReceiptSettings(ctx.store.q.settings, ctx.store.storeId),
    }));

    app.put('/api/v1/receipt-settings', { preHandler: ctx.requireAuth(['admin']) }, async (request) => ({
      settings: ctx.store.write(() => writeReceiptSettings(ctx.store.q.settings, ctx.store.storeId, request.body)),
    }));
  },
};
