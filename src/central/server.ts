import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { pino, type Logger } from 'pino';
import { deadLetteredCount } from './db/gateway.queries.js';
import { migrateCentral } from './db/migrate.js';
import { startGateway, type GatewayHandle, type GatewayOptions } from './gateway/index.js';
import { createPool } from './db/pool.js';
import { answerClientError, HttpError, requestUrl, sendError, sendJson } from './http.js';
import type { CentralConfig, Route } from './routes/context.js';
import { reportRoutes } from './routes/reports.routes.js';
import { storeRoutes } from './routes/stores.routes.js';
import { syncRoutes } from './routes/sync.routes.js';

export interface CentralOptions {
  databaseUrl: string;
  port?: number;
  host?: string;
  adminToken?: string | undefined;
  /** Default 16 MiB: a full batch of 5000 settlement events fits with room to spare. */
  maxBodyBytes?: number;
  poolSize?: number;
  logger?: Logger;
  /** Gateway payments, Redis and Socket.IO (`/hubs`, `/head-office`); defaults from the environment. */
  gateway?: GatewayOptions;
}

export interface CentralHandle {
  url: string;
  pool: Pool;
  gateway: GatewayHandle;
  close(): Promise<void>;
}

const routes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/health',
    async handler(ctx) {
      // Gateway events taken out of delivery (their hub refused them every time) need a person.
      const deadLettered = await deadLetteredCount(ctx.pool);
      sendJson(ctx.res, 200, { status: 'ok', db: 'ok', gateway: { deadLettered } });
    },
  },
  ...storeRoutes,
  ...syncRoutes,
  ...reportRoutes,
];

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

const compiled = routes.map(compile);

function match(method: string, pathname: string): { route: CompiledRoute; params: Record<string, string> } | null {
  for (const route of compiled) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      const raw = m[i + 1] ?? '';
      // A malformed escape stays as sent: the route's schema then refuses it with a 400.
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    return { route, params };
  }
  return null;
}

/**
 * Starts the central API: migrates the database, then serves. The instance holds no
 * state beyond its connection pool, so several can run behind a load balancer on one
 * Postgres (pushes of a store insert side by side and take turns only to move its cursor).
 */
export async function startCentral(options: CentralOptions): Promise<CentralHandle> {
  const log = options.logger ?? pino({ level: 'silent' });
  const pool = createPool(options.databaseUrl, options.poolSize);
  let gateway: GatewayHandle;
  try {
    await migrateCentral(pool);
    gateway = await startGateway(pool, log, options.adminToken || undefined, options.gateway);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const config: CentralConfig = {
    adminToken: options.adminToken || undefined,
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
  };
  if (!config.adminToken) log.warn('KAHERA_CENTRAL_ADMIN_TOKEN is not set: head-office endpoints refuse every call');

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url = new URL('/', 'http://central.invalid');
    try {
      // Inside the try: a target such as `//` is not a URL, and a throw out of here would
      // be an unhandled rejection that takes the whole process down.
      url = requestUrl(req.url);
      const found = match(req.method ?? 'GET', url.pathname);
      if (!found && (await gateway.dispatch(req, res, url))) return;
      if (!found) throw new HttpError(404, 'not_found', `no route ${req.method} ${url.pathname}`);
      await found.route.handler({ req, res, url, params: found.params, pool, config, log });
    } catch (err) {
      // Drain what the handler did not read, so the client gets the answer, not a reset.
      if (!req.complete) req.resume();
      if (err instanceof HttpError) {
        sendError(res, err);
      } else {
        log.error({ err, method: req.method, path: url.pathname }, 'request failed');
        if (!res.headersSent) sendError(res, new HttpError(500, 'internal', 'internal error'));
        else res.destroy();
      }
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 65_000;
  gateway.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8091, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url }, 'central listening');

  return {
    url,
    pool,
    gateway,
    async close() {
      await gateway.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}
