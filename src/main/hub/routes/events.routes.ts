import { EventsQuery, type StoreEvent } from '../../../shared/events.js';
import type { RouteModule } from '../context.js';

/**
 * `GET /api/v1/events?after=SEQ&limit=` — the catch-up feed, filtered to the caller's
 * scope exactly as live updates are. `limit` bounds the events *scanned*, so a clerk
 * who may see little still pages quickly: keep calling with `after=lastSeq` while
 * `hasMore`. `lastSeq` is the last seq scanned (the store's seq when caught up).
 */
export const eventRoutes: RouteModule = {
  name: 'events',
  register(app, ctx) {
    app.get('/api/v1/events', { preHandler: ctx.requireAuth() }, async (request) => {
      const { after, limit } = ctx.parse(EventsQuery, request.query, 'query');
      const p = ctx.principal(request);
      const storeSeq = ctx.store.lastSeq();
      const scanned = ctx.store.eventsAfter(after, limit);
      const events: StoreEvent[] = [];
      for (const e of scanned) {
        const visible = ctx.scopes.view(e).forPrincipal(p);
        if (visible) events.push(visible);
      }
      const last = scanned[scanned.length - 1];
      const lastSeq = last ? last.seq : storeSeq;
      return { events, lastSeq, hasMore: lastSeq < storeSeq };
    });
  },
};
