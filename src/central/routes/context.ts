import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from 'pg';
import type { Logger } from 'pino';

export interface CentralConfig {
  adminToken: string | undefined;
  /** Largest request body accepted (413 above). */
  maxBodyBytes: number;
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  pool: Pool;
  config: CentralConfig;
  log: Logger;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Path with `:name` segments, e.g. `/api/v1/stores/:storeId/cursor`. */
  path: string;
  handler: (ctx: RouteContext) => Promise<void>;
}
