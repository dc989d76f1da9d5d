import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Role } from '../../shared/common.js';
import type { GroupCommitter } from '../services/group-commit.js';
import type { StaffService } from '../services/staff.service.js';
import type { Store } from '../services/store.js';
import type { Principal } from './principal.js';
import type { HubAuth } from './auth.js';
import type { HubIo } from './live-types.js';
import type { Broadcaster } from './broadcaster.js';
import type { EventScopes } from './scope.js';
import type { SyncHandle } from './sync.js';
import type { HubGateway } from '../gateway/index.js';

export type { Principal } from './principal.js';

/**
 * What every route module gets (`register(app, ctx)`):
 * - `store`, `committer`: the ledger and the group committer every settlement goes through;
 * - `staff`: accounts and password checks; `auth`: tokens and login;
 * - `requireAuth(roles?)`: a preHandler answering 401 without a valid token and 403 when
 *   the caller's role is not in `roles` (any signed-in role when omitted); then
 *   `ctx.principal(request)` is the caller;
 * - `parse(schema, input, what)`: zod safeParse that throws a 400 `validation_failed`
 *   (throw DomainErrors freely: the app's error handler maps them to protocol.md errors;
 *   `errors.ts` has the same mapping for socket acks);
 * - `scopes`: who may see each event type (register scopes for new event types there);
 * - `broadcaster`: pushes committed store events to terminals in scope (automatic for
 *   everything written through `store.write`/`store.emit`), plus `toUsers/toRoles` for
 *   hub-side notices that are not ledger events;
 * - `io`, `log`, `config`, `sync`.
 */
export interface HubContext {
  readonly store: Store;
  readonly committer: GroupCommitter;
  readonly staff: StaffService;
  readonly log: Logger;
  readonly io: HubIo;
  readonly scopes: EventScopes;
  readonly broadcaster: Broadcaster;
  readonly sync: SyncHandle;
  /** Gateway payments: `service` (payment intents), the /hubs link's `status()`. */
  readonly gateway: HubGateway;
  readonly config: HubConfig;
  /** Tokens → principals (`auth.authenticate`), rate-limited login. */
  readonly auth: HubAuth;
  requireAuth(roles?: readonly Role[]): preHandlerAsyncHookHandler;
  principal(request: FastifyRequest): Principal;
  parse<S extends z.ZodType>(schema: S, input: unknown, what?: string): z.infer<S>;
}

export interface HubConfig {
  version: string;
  storeId: string;
  dataDir: string;
  rendererDir: string;
  tokenTtlMs: number;
}

/** A route module: registers its routes on the app. Listed in routes/index.ts. */
export interface RouteModule {
  name: string;
  register(app: FastifyInstance, ctx: HubContext): void | Promise<void>;
}
