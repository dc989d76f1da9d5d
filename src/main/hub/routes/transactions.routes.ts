import { createHash } from 'node:crypto';
import { assertNever, DomainError } from '../../../core/errors.js';
import { IdParam } from '../../../shared/hub.js';
import { JobOrderQuery, ListTransactionsQuery, type Transaction, type TransactionPayment } from '../../../shared/transactions.js';
import { buildJobOrder, renderJobOrderEscPos, renderJobOrderHtml, renderJobOrderText } from '../../receipts/job-order.js';
import type { TransactionFilter } from '../../db/transactions.queries.js';
import type { HubContext, Principal, RouteModule } from '../context.js';
import type { FastifyReply } from 'fastify';
import { ReceiptQuery, type ReceiptData } from '../../../shared/receipts.js';
import { renderReceiptText } from '../../receipts/escpos.js';
import { renderReceiptHtml } from '../../receipts/receipt-html.js';
import { printerFor, sendDocument } from './print.js';

/** Strong ETag of a transaction's wire form: it changes whenever anything a client shows does. */
export function etagOf(t: Transaction): string {
  return `"${createHash('sha256').update(JSON.stringify(t)).digest('base64url').slice(0, 32)}"`;
}

/** RFC 9110 If-None-Match (weak comparison): a list of tags, or `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** The list filter that keeps a caller inside its role's scope (domain.md, Roles). */
export function scopeFilter(p: Principal): Pick<TransactionFilter, 'createdBy' | 'cashierId'> {
  switch (p.role) {
    case 'admin':
      return {};
    case 'sales':
      return { createdBy: p.id };
    case 'cashier':
      return { cashierId: p.id };
  }
}

function loadVisible(ctx: HubContext, id: string, p: Principal): Transaction {
  const t = ctx.store.transactions.load(id);
  if (!ctx.scopes.canSee(t, p)) throw new DomainError('forbidden', 'That transaction is outside what your role may see.');
  return t;
}

/** Transactions: create, edit before payment and cancel (sales, admin); list, read and print the job-order slip, scoped to the caller. */
export const transactionRoutes: RouteModule = {
  name: 'transactions',
  register(app, ctx) {
    const writers = { preHandler: ctx.requireAuth(['sales', 'admin']) };
    const anyone = { preHandler: ctx.requireAuth() };
    const printer = printerFor(app);

    app.post('/api/v1/transactions', writers, async (request, reply) => {
      const transaction = ctx.store.transactions.createTransaction(request.body, ctx.principal(request));
      return reply.code(201).header('ETag', etagOf(transaction)).send({ transaction });
    });

    app.get('/api/v1/transactions', anyone, async (request) => {
      const query = ctx.parse(ListTransactionsQuery, request.query, 'query');
      return ctx.store.transactions.list({ ...query, ...scopeFilter(ctx.principal(request)) });
    });

    app.get('/api/v1/transactions/:id', anyone, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const transaction = loadVisible(ctx, id, ctx.principal(request));
      const etag = etagOf(transaction);
      // `no-cache`: a browser may keep it but must revalidate, so it never shows a stale status.
      reply.header('ETag', etag).header('Cache-Control', 'private, no-cache');
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return { transaction };
    });

    // The sale's Sales Invoice as issued (json, html, pdf or 58/80 mm text), and its counted reprint.
    const invoiceSenders = { preHandler: ctx.requireAuth(['sales', 'cashier', 'admin']) };
    const sendInvoice = (reply: FastifyReply, data: ReceiptData, query: unknown) => {
      const q = ctx.parse(ReceiptQuery, query, 'query');
      if (q.format === 'json') return { receipt: data };
      return sendDocument(printer, reply, q.format, `${data.number}${data.reprint ? '-reprint' : ''}`, renderReceiptHtml(data), () =>
        renderReceiptText(data, q.width),
      );
    };
    app.get('/api/v1/transactions/:id/invoice', invoiceSenders, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      ctx.parse(ReceiptQuery, request.query, 'query');
      loadVisible(ctx, id, ctx.principal(request));
      return sendInvoice(reply, ctx.store.invoices.document(id, ctx.principal(request)), request.query);
    });
    app.post('/api/v1/transactions/:id/invoice/print', invoiceSenders, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      ctx.parse(ReceiptQuery, request.query, 'query');
      loadVisible(ctx, id, ctx.principal(request));
      return sendInvoice(reply, ctx.store.invoices.print(id, ctx.principal(request)), request.query);
    });
    app.post('/api/v1/transactions/:id/invoice/reprint', invoiceSenders, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      ctx.parse(ReceiptQuery, request.query, 'query');
      loadVisible(ctx, id, ctx.principal(request));
      return sendInvoice(reply, ctx.store.invoices.reprint(id, ctx.principal(request)), request.query);
    });

    app.post('/api/v1/transactions/:id/void', writers, async (request) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      // The service allows the creating clerk or an admin; check scope first so a
      // clerk cannot learn about another clerk's transaction from the error.
      loadVisible(ctx, id, ctx.principal(request));
      return { transaction: ctx.store.transactions.voidTransaction(id, request.body, ctx.principal(request)) };
    });

    app.patch('/api/v1/transactions/:id', writers, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      // Scope first, as for void: another clerk's transaction is "forbidden", never described.
      loadVisible(ctx, id, ctx.principal(request));
      const transaction = ctx.store.transactions.editTransaction(id, request.body, ctx.principal(request));
      return reply.header('ETag', etagOf(transaction)).send({ transaction });
    });

    app.get('/api/v1/transactions/:id/payments', anyone, async (request): Promise<{ items: TransactionPayment[] }> => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      loadVisible(ctx, id, ctx.principal(request));
      return { items: ctx.store.transactions.payments(id) };
    });

    app.get('/api/v1/transactions/:id/job-order', writers, async (request, reply) => {
      const { id } = ctx.parse(IdParam, request.params, 'path');
      const { format, width } = ctx.parse(JobOrderQuery, request.query, 'query');
      const slip = buildJobOrder(ctx.store, loadVisible(ctx, id, ctx.principal(request)));
      const name = `job-order-${slip.reference}`;
      switch (format) {
        case 'json':
          return { jobOrder: slip };
        case 'html':
          return reply.type('text/html; charset=utf-8').send(renderJobOrderHtml(slip));
        case 'text':
          return reply.type('text/plain; charset=utf-8').send(renderJobOrderText(slip, width));
        case 'escpos':
          return reply
            .type('application/octet-stream')
            .header('content-disposition', `attachment; filename="${name}.bin"`)
            .send(renderJobOrderEscPos(slip, width));
        default:
          return assertNever(format, 'job-order format');
      }
    });
  },
};
