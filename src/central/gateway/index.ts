/**
 * Gateway payments in central: the gateway client, webhook routes, the outbox to Redis
 * Streams, the `/hubs` and `/head-office` Socket.IO namespaces and the head-office page.
 * The instance keeps no state of its own beyond connections: Postgres holds the intents
 * and events, Redis the per-store streams, presence and the Socket.IO adapter's stream.
 */
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { GatewayClient } from './client.js';
import { HeadOffice } from './head-office.js';
import { HubsNamespace, type HubsOptions } from './hubs.js';
import { GatewayOutbox } from './outbox.js';
import { gatewayRoutes } from './routes.js';
import { blockingConnection, connectRedis, GatewayStreams, keys } from './stream.js';

export interface GatewayOptions {
  /** Default REDIS_URL, else redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** Default KAHERA_REDIS_PREFIX, else `kahera:`. */
  redisPrefix?: string;
  /** Defaults: KAHERA_GATEWAY_URL, KAHERA_GATEWAY_SECRET_KEY, KAHERA_GATEWAY_WEBHOOK_SECRET. */
  gatewayUrl?: string | undefined;
  secretKey?: string | undefined;
  webhookSecret?: string | undefined;
  hubs?: Partial<HubsOptions>;
  /** How often unstreamed events are swept (and how old they must be). */
  sweepEveryMs?: number;
  /** Names this instance's consumer in every store's group; random by default. */
  instanceId?: string;
  /** Test hook: called once a webhook batch's COMMIT is sent and before its XADD (a crash there). */
  afterStore?: () => void;
}

export interface GatewayHandle {
  instanceId: string;
  redis: Redis;
  streams: GatewayStreams;
  io: Server | null;
  /** Handles gateway, head-office and page requests; false for anything else. */
  dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  attach(server: HttpServer): void;
  close(): Promise<void>;
}

export async function startGateway(pool: Pool, log: Logger, adminToken: string | undefined, options: GatewayOptions = {}): Promise<GatewayHandle> {
  const env = process.env;
  const redisUrl = options.redisUrl ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = await connectRedis(redisUrl);
  const streams = new GatewayStreams(redis, keys(options.redisPrefix ?? env.KAHERA_REDIS_PREFIX ?? 'kahera:'));
  const instanceId = options.instanceId ?? `central-${randomBytes(6).toString('hex')}`;
  const client = new GatewayClient({ url: options.gatewayUrl ?? env.KAHERA_GATEWAY_URL, secretKey: options.secretKey ?? env.KAHERA_GATEWAY_SECRET_KEY });
  const webhookSecret = options.webhookSecret ?? env.KAHERA_GATEWAY_WEBHOOK_SECRET;
  if (!client.configured) log.warn('KAHERA_GATEWAY_URL / KAHERA_GATEWAY_SECRET_KEY not set: gateway payments answer 503 offline');
  if (!webhookSecret) log.warn('KAHERA_GATEWAY_WEBHOOK_SECRET not set: every webhook is refused (401)');

  let headOffice: HeadOffice | null = null;
  let hubs: HubsNamespace | null = null;
  let io: Server | null = null;
  let adapterRedis: Redis | null = null;
  const outbox = new GatewayOutbox(pool, streams, log, () => undefined);
  const dispatchGateway = gatewayRoutes({
    pool,
    log,
    client,
    outbox,
    webhookSecret,
    afterStore: options.afterStore,
    received: (storeId, event) => headOffice?.received(storeId, event),
  });

  // What an earlier process left between its insert and its XADD goes onto the streams first.
  await outbox.sweep(0);
  const sweepEveryMs = options.sweepEveryMs ?? 5000;
  outbox.startSweeping(sweepEveryMs);

  const handle: GatewayHandle = {
    instanceId,
    redis,
    streams,
    get io() {
      return io;
    },
    async dispatch(req, res, url) {
      if (await dispatchGateway(req, res, url)) return true;
      return headOffice ? headOffice.dispatch(req, res, url) : false;
    },
    attach(server) {
      adapterRedis = blockingConnection(redis);
      io = new Server(server, {
        adapter: createAdapter(adapterRedis, { streamName: streams.k.adapterStream }),
        serveClient: true,
        // Hubs and pages connect from anywhere head office allows; auth is per namespace.
        cors: { origin: false },
      });
      // The default namespace is not for anyone.
      io.of('/').use((_socket, next) => next(new Error('unauthorized')));
      headOffice = new HeadOffice(io, pool, streams, adminToken);
      const ho = headOffice;
      hubs = new HubsNamespace(
        io,
        pool,
        streams,
        instanceId,
        { ackTimeoutMs: 10_000, retryMs: 5_000, presenceTtlMs: 15_000, blockMs: 5_000, maxRefusals: 10, ...options.hubs },
        log,
        { presence: (s, online) => ho.presence(s, online), delivered: (s, e) => ho.delivered(s, e), deadLettered: (s, e, reason) => ho.deadLettered(s, e, reason) },
      );
    },
    async close() {
      await hubs?.close();
      headOffice?.close();
      await outbox.close();
      // Closes every namespace's adapter (its stream readers stop) and the engine. Its
      // HTTP server close is central's to finish (closeAllConnections), so not awaited.
      io?.close();
      adapterRedis?.disconnect();
      redis.disconnect();
    },
  };
  return handle;
}
