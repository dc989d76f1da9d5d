import { SyncPushRequest } from '../../shared/central.js';
import { authenticateStore } from '../auth.js';
import { PushRefused, pushEvents } from '../db/sync.queries.js';
import { HttpError, parseOr400, readJsonBody, sendJson } from '../http.js';
import { parseProjectables } from '../projections.js';
import type { Route } from './context.js';

export const syncRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/v1/sync/push',
    async handler(ctx) {
      // Authenticate before reading the body: an unknown caller never costs a parse.
      const store = await authenticateStore(ctx.pool, ctx.req);
      const push = parseOr400(SyncPushRequest, await readJsonBody(ctx.req, ctx.config.maxBodyBytes));
      if (push.storeId !== store.storeId) {
        throw new HttpError(403, 'forbidden', 'a store key writes only its own store\'s events');
      }
      const seen = new Set<number>();
      for (const e of push.events) {
        if (seen.has(e.seq)) throw new HttpError(400, 'validation_failed', `seq ${e.seq} appears twice in the batch`);
        seen.add(e.seq);
      }
      const { projectables, issues } = parseProjectables(push.events);
      if (issues.length > 0) {
        throw new HttpError(422, 'invalid_payload', 'event payloads central projects are malformed; nothing was stored', issues.slice(0, 20));
      }
      const result = await pushEvents(ctx.pool, store, push.events, projectables).catch((err: unknown) => {
        if (!(err instanceof PushRefused)) throw err;
        ctx.log.warn({ storeId: store.storeId, code: err.code, ...err.details }, 'push refused');
        throw new HttpError(409, err.code, err.message, err.details);
      });
      ctx.log.debug({ storeId: store.storeId, received: push.events.length, inserted: result.inserted, ackedThrough: result.ackedThrough }, 'push');
      sendJson(ctx.res, 200, { ackedThrough: result.ackedThrough });
    },
  },
];
