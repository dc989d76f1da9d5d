import {
  CentralSettlementsQuery,
  CentralTransactionsQuery,
  CollectionsQuery,
} from '../../shared/central-projections.js';
import { StoreIdSchema } from '../../shared/central.js';
import { requireAdmin } from '../auth.js';
import { collections, decodeCursor, listSettlements, listTransactions, storeSummary } from '../db/reports.queries.js';
import { storeExists } from '../db/stores.queries.js';
import { HttpError, parseOr400, queryObject, sendJson } from '../http.js';
import type { Route, RouteContext } from './context.js';

/** Head-office reads: admin token, a registered store, a cursor we issued. */
async function knownStore(ctx: RouteContext): Promise<string> {
  requireAdmin(ctx.req, ctx.config.adminToken);
  const storeId = parseOr400(StoreIdSchema, ctx.params.storeId, 'storeId');
  if (!(await storeExists(ctx.pool, storeId))) throw new HttpError(404, 'not_found', `no store ${storeId}`);
  return storeId;
}

function pageCursor(cursor: string | undefined): [string, string] | null {
  const after = decodeCursor(cursor);
  if (cursor && !after) throw new HttpError(400, 'validation_failed', 'cursor is not valid');
  return after;
}

export const reportRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/stores/:storeId/summary',
    async handler(ctx) {
      const storeId = await knownStore(ctx);
      sendJson(ctx.res, 200, await storeSummary(ctx.pool, storeId));
    },
  },
  {
    method: 'GET',
    path: '/api/v1/stores/:storeId/settlements',
    async handler(ctx) {
      const storeId = await knownStore(ctx);
      const q = parseOr400(CentralSettlementsQuery, queryObject(ctx.url), 'query');
      sendJson(ctx.res, 200, await listSettlements(ctx.pool, storeId, q, pageCursor(q.cursor)));
    },
  },
  {
    method: 'GET',
    path: '/api/v1/stores/:storeId/transactions',
    async handler(ctx) {
      const storeId = await knownStore(ctx);
      const q = parseOr400(CentralTransactionsQuery, queryObject(ctx.url), 'query');
      sendJson(ctx.res, 200, await listTransactions(ctx.pool, storeId, q, pageCursor(q.cursor)));
    },
  },
  {
    method: 'GET',
    path: '/api/v1/collections',
    async handler(ctx) {
      requireAdmin(ctx.req, ctx.config.adminToken);
      const q = parseOr400(CollectionsQuery, queryObject(ctx.url), 'query');
      sendJson(ctx.res, 200, await collections(ctx.pool, q));
    },
  },
];
