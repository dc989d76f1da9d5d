import type { FastifyInstance, FastifyReply } from 'fastify';
import { assertNever } from '../../../core/errors.js';
import { HtmlPrinter } from '../../receipts/printer.js';

const printers = new WeakMap<FastifyInstance, HtmlPrinter>();

/**
 * One Chromium printer per hub (Chromium itself starts on the first PDF), closed with the
 * hub. Call it while registering routes: hooks cannot be added once the app is running.
 */
export function printerFor(app: FastifyInstance): HtmlPrinter {
  let p = printers.get(app);
  if (!p) {
    const printer = new HtmlPrinter();
    printers.set(app, printer);
    app.addHook('onClose', async () => printer.close());
    p = printer;
  }
  return p;
}

export type PrintFormat = 'html' | 'pdf' | 'text';

/** Sends a rendered document: HTML for the window print, PDF through Chromium, or plain text. */
export async function sendDocument(printer: HtmlPrinter, reply: FastifyReply, format: PrintFormat, name: string, html: string, text?: () => string) {
  switch (format) {
    case 'html':
      return reply.type('text/html; charset=utf-8').send(html);
    case 'pdf': {
      const pdf = await printer.pdf(html);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}.pdf"`).send(pdf);
    }
    case 'text':
      return reply.type('text/plain; charset=utf-8').send(text ? text() : html.replace(/<[^>]+>/g, ''));
    default:
      return assertNever(format, 'print format');
  }
}
