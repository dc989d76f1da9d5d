import { RegisterStoreRequest, StoreIdSchema } from '../../shared/central.js';
import { authenticateStore, generateStoreKey, hashKey, isAdmin, requireAdmin } from '../auth.js';
import { getCursor, insertStore, listStores, storeExists } from '../db/stores.queries.js';
import { HttpError, parseOr400, readJsonBody, sendJson } from '../http.js';
import type { Route, RouteContext } from './context.js';

/** Registers a store and returns its key this once; only the key's SHA-256 is stored. */
export async function registerStore(ctx: Pick<RouteContext, 'pool'>, storeId: string, name: string): Promise<{ storeId: string; key: string }> {
  const key = generateStoreKey();
  const created = await insertStore(ctx.pool, storeId, name, hashKey(key));
  if (!created) throw new HttpError(409, 'conflict', `store ${storeId} is already registered`);
  return { storeId, key };
}

export const storeRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/v1/stores',
    async handler(ctx) {
      requireAdmin(ctx.req, ctx.config.adminToken);
      const body = parseOr400(RegisterStoreRequest, await readJsonBody(ctx.req, ctx.config.maxBodyBytes));
      const created = await registerStore(ctx, body.storeId, body.name);
      ctx.log.info({ storeId: body.storeId }, 'store registered');
      sendJson(ctx.res, 201, created);
    },
  },
  {
    method: 'GET',
    path: '/api/v1/stores',
    async handler(ctx) {
      requireAdmin(ctx.req, ctx.config.adminToken);
      sendJson(ctx.res, 200, { items: await listStores(ctx.pool) });
    },
  },
  {
    method: 'GET',
    path: '/api/v1/stores/:storeId/cursor',
    async handler(ctx) {
      const storeId = parseOr400(StoreIdSchema, ctx.params.storeId, 'storeId');
      if (!isAdmin(ctx.req, ctx.config.adminToken)) {
        const store = await authenticateStore(ctx.pool, ctx.req);
        if (store.storeId !== storeId) throw new HttpError(403, 'forbidden', 'a store key reads only its own cursor');
      } else if (!(await storeExists(ctx.pool, storeId))) {
        throw new HttpError(404, 'not_found', `no store ${storeId}`);
      }
      sendJson(ctx.res, 200, { ackedThrough: await getCursor(ctx.pool, storeId) });
    },
  },
];
