import { IdParam } from '../../../shared/hub.js';
import { ReceiptQuery, type ReceiptData } from '../../../shared/receipts.js';
import { renderReceiptText } from '../../receipts/escpos.js';
import { renderReceiptHtml } from '../../receipts/receipt-html.js';
import type { FastifyReply } from 'fastify';
import type { HubContext, RouteModule } from '../context.js';
import { printerFor, sendDocument } from './print.js';

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
      return send(reply, ctx.store.receipts.receipt(id, ctx.principal(request)), request.query);
    });

    app.post('/api/v1/receipts/:id/reprint', tellers, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      ctx.parse(ReceiptQuery, request.query, 'query');
      return send(reply, ctx.store.receipts.reprint(id, ctx.principal(request)), request.query);
    });

    app.get('/api/v1/receipt-settings', { preHandler: ctx.requireAuth() }, async () => ({
      settings: ctx.store.receipts.settings(),
    }));

    app.put('/api/v1/receipt-settings', { preHandler: ctx.requireAuth(['admin']) }, async (request) => ({
      settings: ctx.store.receipts.saveSettings(request.body, ctx.principal(request)),
    }));
  },
};
