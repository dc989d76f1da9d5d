import { JournalQuery } from '../../../shared/readings.js';
import type { HubContext, RouteModule } from '../context.js';

/**
 * The e-journal (admin): read it page by page, export it as JSON lines with every hash
 * (an outside party can re-verify the chain), and verify it on the hub.
 */
export const journalRoutes: RouteModule = {
  name: 'journal',
  register(app, ctx: HubContext) {
    const admin = { preHandler: ctx.requireAuth(['admin']) };

    app.get('/api/v1/journal', admin, async (request, reply) => {
      const q = ctx.parse(JournalQuery, request.query, 'query');
      if (q.format === 'jsonl') {
        const lines = [...ctx.store.journal.exportJsonl(q.after)].join('');
        return reply
          .type('application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="kahera-${ctx.store.storeId}-journal.jsonl"`)
          .send(lines);
      }
      return ctx.store.journal.list(q);
    });

    app.get('/api/v1/journal/verify', admin, async () => ctx.store.journal.verify());
  },
};
