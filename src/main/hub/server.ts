import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import pkg from '../../../package.json' with { type: 'json' };
import { loadOrCreateSecret, TokenSigner } from '../services/auth.js';
import { GroupCommitter } from '../services/group-commit.js';
import type { InitialAdmin } from '../services/staff.service.js';
import { openStore, type Store } from '../services/store.js';
import { parseInput } from '../services/validate.js';
import { scopeQueries } from '../db/scope.queries.js';
import { createApp } from './app.js';
import { HubAuth } from './auth.js';
import { Broadcaster } from './broadcaster.js';
import type { HubContext, RouteModule } from './context.js';
import type { HubIo } from './live-types.js';
import { installErrorHandlers } from './errors.js';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './rate-limit.js';
import { registerRoutes } from './routes/index.js';
import { originPolicy, parseAllowedOrigins } from './origins.js';
import { EventScopes } from './scope.js';
import { createSocketServer, wireSockets } from './socket.js';
import { registerRenderer } from './static.js';
import { startHubSync, type SyncHandle } from './sync.js';
import { loadOrCreateCertificate } from './tls.js';
import { startHubGateway, type HubGatewayOptions } from '../gateway/index.js';
import { attachPaymentIntentBroadcast } from './payment-intents.handlers.js';

export interface HubOptions {
  /** Holds store.sqlite and the token secret; created if missing. */
  dataDir: string;
  /** Default 8090; 0 picks a free port (tests). */
  port?: number;
  /** Bind address; default 0.0.0.0 (every LAN interface). */
  host?: string;
  logger?: Logger;
  /** KAHERA_ADMIN_USER / KAHERA_ADMIN_PASSWORD, KAHERA_STORE_ID, KAHERA_RENDERER_DIR; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Injectable clock (store timestamps, token expiry, rate-limit windows). */
  now?: () => Date;
  storeId?: string;
  orPrefix?: string;
  /** The built renderer; default KAHERA_RENDERER_DIR or out/renderer. */
  rendererDir?: string;
  /** Token lifetime; default 12 h. */
  tokenTtlMs?: number;
  loginLimits?: Partial<LoginLimits>;
  /** Most events replayed over a socket on resubscribe before asking for a reload. */
  replayCap?: number;
  /** Largest request body in bytes; default 256 KiB. */
  bodyLimit?: number;
  groupCommitWindowMs?: number;
  /** Shown the first admin's credentials once (default: printed to stdout). */
  onInitialAdmin?: (admin: InitialAdmin) => void;
  /** Extra route modules (in addition to routes/index.ts). */
  routes?: readonly RouteModule[];
  /**
   * HTTPS and WSS on the port, with the store certificate of the data dir (made on first
   * use); no plain-HTTP listener then. Default: `KAHERA_TLS=on`.
   */
  tls?: boolean;
  /** Browser origins allowed besides the hub's own, in addition to `KAHERA_ALLOWED_ORIGINS`. */
  allowedOrigins?: readonly string[];
  /** Starts upstream sync; default: the uploader from KAHERA_CENTRAL_URL / KAHERA_STORE_KEY, else offline-first. */
  startSync?: (store: Store, log: Logger) => SyncHandle | Promise<SyncHandle>;
  /** Gateway payments: central to ask and the /hubs link; default from the uploader's env. */
  gateway?: HubGatewayOptions;
}

export interface Hub {
  /** `https://…` when TLS is on. */
  url: string;
  /** The certificate served when TLS is on: PEM and its SHA-256 fingerprint (`AB:CD:…`). */
  tls: { cert: string; fingerprint256: string; certFile: string } | null;
  port: number;
  store: Store;
  app: FastifyInstance;
  io: HubIo;
  ctx: HubContext;
  /** Graceful: stops accepting, lets in-flight writes finish, closes sockets and the store. */
  close(): Promise<void>;
}

/**
 * Where the built renderer is when nobody says: next to this file's bundle (electron-vite
 * puts the main process in out/main, the renderer in out/renderer), or out/renderer of
 * the source tree (tsx runs src/main/hub/server.ts), or of the working directory.
 */
function defaultRendererDir(): string {
  const candidates = [
    fileURLToPath(new URL('../renderer', import.meta.url)),
    fileURLToPath(new URL('../../../out/renderer', import.meta.url)),
    resolve('out/renderer'),
  ];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[1]!;
}

function printInitialAdmin(admin: InitialAdmin): void {
  if (!admin.generatedPassword) return;
  // Deliberately not through the logger: shown once on the console, never kept in logs.
  process.stdout.write(
    `\n  First start: created admin "${admin.username}" with password  ${admin.generatedPassword}\n` +
      '  It is shown only this once. Sign in and create staff accounts.\n\n',
  );
}

/** `on`/`off` switches of the environment; anything else stops the start rather than guess. */
function isOn(value: string | undefined, name: string): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'off' || v === '0' || v === 'false') return false;
  if (v === 'on' || v === '1' || v === 'true') return true;
  throw new Error(`${name} must be "on" or "off", got "${value}"`);
}

/** Starts a complete store hub: ledger, HTTP API, Socket.IO, renderer. Used by headless and Electron. */
export async function startHub(opts: HubOptions): Promise<Hub> {
  const env = opts.env ?? process.env;
  const clock = opts.now ?? (() => new Date());
  const epochMs = () => clock().getTime();
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const log =
    opts.logger ??
    pino({ level: env.KAHERA_LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', '*.password', '*.token'] });

  const store = openStore({
    file: join(dataDir, 'store.sqlite'),
    storeId: opts.storeId ?? env.KAHERA_STORE_ID,
    orPrefix: opts.orPrefix,
    now: clock,
    backgroundCheckpoint: true,
    // The hub's cashiers settle inside an open shift (409 no_open_shift, protocol.md).
    requireShifts: true,
  });
  try {
    const { staff } = store;
    const admin = await staff.ensureInitialAdmin({ username: env.KAHERA_ADMIN_USER, password: env.KAHERA_ADMIN_PASSWORD });
    if (admin) {
      log.info({ username: admin.username, generated: admin.generatedPassword !== null }, 'first start: admin account created');
      (opts.onInitialAdmin ?? printInitialAdmin)(admin);
    }
    const tokenTtlMs = opts.tokenTtlMs ?? 12 * 3600_000;
    const tokens = new TokenSigner(loadOrCreateSecret(dataDir), tokenTtlMs, epochMs);
    const auth = new HubAuth(staff, tokens, { ...DEFAULT_LOGIN_LIMITS, ...opts.loginLimits }, epochMs);

    const tlsOn = opts.tls ?? isOn(env.KAHERA_TLS, 'KAHERA_TLS');
    const certificate = tlsOn ? await loadOrCreateCertificate(dataDir, log, clock) : null;
    const origins = originPolicy(tlsOn ? 'https' : 'http', [
      ...parseAllowedOrigins(env.KAHERA_ALLOWED_ORIGINS),
      // The electron-vite dev server serves the renderer from its own origin.
      ...parseAllowedOrigins(env.ELECTRON_RENDERER_URL ? new URL(env.ELECTRON_RENDERER_URL).origin : undefined),
      ...parseAllowedOrigins(opts.allowedOrigins?.join(',')),
    ]);
    const app = createApp(log, {
      bodyLimit: opts.bodyLimit ?? 256 * 1024,
      origins,
      tls: certificate ? { key: certificate.key, cert: certificate.cert } : undefined,
    });
    const io = createSocketServer(app.server, origins);
    const scopes = new EventScopes(scopeQueries(store.db));
    const broadcaster = new Broadcaster(io, store, scopes, log, opts.replayCap ?? 10_000);
    const committer = new GroupCommitter(store, { windowMs: opts.groupCommitWindowMs ?? 0 });
    // Terminals show online/offline and what waits (domain.md): every subscribed one hears of changes.
    const sync = await (opts.startSync ??
      ((s: Store, l: Logger) => startHubSync(s, env, l, (status) => broadcaster.toRoles(['admin', 'cashier', 'sales'], 'sync_status_updated', status))))(
      store,
      log,
    );

    const gateway = startHubGateway({
      store,
      env,
      log,
      options: opts.gateway,
      onStatus: (status) => broadcaster.toRoles(['admin', 'cashier'], 'gateway_status_updated', status),
    });

    const ctx: HubContext = {
      store,
      committer,
      staff,
      auth,
      log,
      io,
      scopes,
      broadcaster,
      sync,
      gateway,
      config: {
        version: pkg.version,
        storeId: store.storeId,
        dataDir,
        rendererDir: resolve(opts.rendererDir ?? env.KAHERA_RENDERER_DIR ?? defaultRendererDir()),
        tokenTtlMs,
      },
      requireAuth: (roles) => auth.requireAuth(roles),
      principal: (request) => auth.principal(request),
      parse: (schema, input, what) => parseInput(schema, input, what),
    };

    installErrorHandlers(app, log);
    // Before the broadcaster: a paid intent reaches its cashier ahead of the settlement's updates.
    const detachIntents = attachPaymentIntentBroadcast(ctx);
    await registerRoutes(app, ctx, opts.routes);
    await registerRenderer(app, ctx.config.rendererDir);
    wireSockets(io, ctx, epochMs);
    const detach = broadcaster.attach();
    const unkick = store.onEvents(() => sync.kick());

    // Close order: sockets first (an open websocket would keep the HTTP server from
    // closing), then HTTP waits for in-flight requests — a settlement awaiting its group
    // commit finishes and answers — then whatever is still queued commits, then the store.
    app.addHook('preClose', async () => {
      io.local.disconnectSockets(true);
      io.engine.close();
    });
    // While closing, answers carry `Connection: close` and idle keep-alive connections
    // are swept, so a client that just got its answer does not hold the server open.
    let stopping = false;
    app.addHook('onSend', async (_request, reply, payload) => {
      if (stopping) void reply.header('Connection', 'close');
      return payload;
    });
    let closing: Promise<void> | null = null;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        log.info('hub stopping');
        stopping = true;
        const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
        try {
          await app.close();
        } finally {
          clearInterval(sweep);
        }
        committer.drain();
        gateway.stop();
        detachIntents();
        detach();
        unkick();
        await sync.stop();
        store.close();
        log.info('hub stopped');
      })());

    await app.listen({ port: opts.port ?? 8090, host: opts.host ?? '0.0.0.0' });
    const port = (app.server.address() as AddressInfo).port;
    const shownHost = !opts.host || opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
    const url = `${tlsOn ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
    log.info({ url, storeId: store.storeId, dataDir, seq: store.lastSeq(), fingerprint256: certificate?.fingerprint256 }, 'hub listening');
    const tls = certificate ? { cert: certificate.cert, fingerprint256: certificate.fingerprint256, certFile: certificate.certFile } : null;
    return { url, tls, port, store, app, io, ctx, close };
  } catch (e) {
    store.close();
    throw e;
  }
}
