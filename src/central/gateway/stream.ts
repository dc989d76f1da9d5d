/**
 * Redis layout (every key under one prefix, `kahera:` by default, so tests and
 * deployments sharing a server stay apart):
 *   <p>gw:events:<storeId>    a stream per store: accepted gateway events not yet acked by
 *                             that store's hub (acked entries are XACKed and XDELed);
 *                             one consumer group, `hubs`; a consumer per central instance
 *   <p>gw:dedupe:<eventId>    the stream entry id an event got; makes XADD idempotent, so
 *                             the outbox sweep and a racing instance never add it twice
 *   <p>gw:refusals:<storeId>  per pending entry id, how many times the hub refused it
 *                             (`{ok:false}`); at HubsOptions.maxRefusals it is dead-lettered
 *   <p>presence:<storeId>     which instance/socket holds the store's hub (TTL heartbeat)
 *   <p>socket.io              the Socket.IO adapter's own stream
 */
import { Redis } from 'ioredis';
import type { GatewayEvent } from '../../shared/gateway.js';

export const GROUP = 'hubs';
const DEDUPE_TTL_SECONDS = 7 * 24 * 3600;

export interface Keys {
  prefix: string;
  stream(storeId: string): string;
  dedupe(eventId: string): string;
  refusals(storeId: string): string;
  presence(storeId: string): string;
  adapterStream: string;
}

export function keys(prefix: string): Keys {
  return {
    prefix,
    stream: (s) => `${prefix}gw:events:${s}`,
    dedupe: (e) => `${prefix}gw:dedupe:${e}`,
    refusals: (s) => `${prefix}gw:refusals:${s}`,
    presence: (s) => `${prefix}presence:${s}`,
    adapterStream: `${prefix}socket.io`,
  };
}

// Atomic: the entry and its dedupe mark appear together or not at all. The group is
// created with the stream (from id 0) so nothing added before a hub ever connected is missed.
const XADD_ONCE = `
local existing = redis.call('GET', KEYS[2])
if existing then return existing end
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[3], '0', 'MKSTREAM')
end
local id = redis.call('XADD', KEYS[1], '*', 'event', ARGV[1])
redis.call('SET', KEYS[2], id, 'EX', ARGV[2])
return id`;

/** Only the holder of the presence token may refresh it; a takeover makes this 0. */
const REFRESH_IF_MINE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const DELETE_IF_MINE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

type XaddOnce = (stream: string, dedupe: string, event: string, ttl: number, group: string) => Promise<unknown>;

export class GatewayStreams {
  constructor(
    readonly redis: Redis,
    readonly k: Keys,
  ) {
    if (!('kaheraXaddOnce' in redis)) redis.defineCommand('kaheraXaddOnce', { numberOfKeys: 2, lua: XADD_ONCE });
  }

  /** XADD once per event id; answers the entry id (the first one, on a repeat). */
  async append(storeId: string, event: GatewayEvent): Promise<string> {
    // EVALSHA with a fallback to EVAL (ioredis' defined commands): the script is sent once per connection, not per event.
    return (await (this.redis as Redis & { kaheraXaddOnce: XaddOnce }).kaheraXaddOnce(this.k.stream(storeId), this.k.dedupe(event.id), JSON.stringify(event), DEDUPE_TTL_SECONDS, GROUP)) as string;
  }

  async ensureGroup(storeId: string): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.k.stream(storeId), GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  }

  async ackAndDelete(storeId: string, entryId: string): Promise<void> {
    const key = this.k.stream(storeId);
    await this.redis.multi().xack(key, GROUP, entryId).xdel(key, entryId).hdel(this.k.refusals(storeId), entryId).exec();
  }

  /** Counts one more refusal of a pending entry by its store's hub; answers the total. */
  async countRefusal(storeId: string, entryId: string): Promise<number> {
    return this.redis.hincrby(this.k.refusals(storeId), entryId, 1);
  }

  async backlog(storeId: string): Promise<number> {
    return this.redis.xlen(this.k.stream(storeId));
  }

  async claimPresence(storeId: string, token: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.k.presence(storeId), token, 'PX', ttlMs);
  }

  async refreshPresence(storeId: string, token: string, ttlMs: number): Promise<boolean> {
    return ((await this.redis.eval(REFRESH_IF_MINE, 1, this.k.presence(storeId), token, ttlMs)) as number) === 1;
  }

  async releasePresence(storeId: string, token: string): Promise<void> {
    await this.redis.eval(DELETE_IF_MINE, 1, this.k.presence(storeId), token);
  }

  async online(storeIds: string[]): Promise<boolean[]> {
    if (storeIds.length === 0) return [];
    const values = await this.redis.mget(...storeIds.map((s) => this.k.presence(s)));
    return values.map((v) => v !== null);
  }
}

export interface StreamEntry {
  entryId: string;
  raw: string | null;
}

/** `[id, [field, value, …]]` entries as Redis returns them; the `event` field's JSON. */
export function entriesOf(list: unknown): StreamEntry[] {
  if (!Array.isArray(list)) return [];
  const out: StreamEntry[] = [];
  for (const item of list) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
    const fields = Array.isArray(item[1]) ? (item[1] as unknown[]) : [];
    const at = fields.indexOf('event');
    const value = at >= 0 ? fields[at + 1] : null;
    out.push({ entryId: item[0], raw: typeof value === 'string' ? value : null });
  }
  return out;
}

/** A connection of its own for a blocking read (XREADGROUP / XREAD BLOCK), nothing pipelined behind it. */
export function blockingConnection(redis: Redis): Redis {
  const conn = redis.duplicate({ enableAutoPipelining: false });
  conn.on('error', () => undefined);
  return conn;
}

/**
 * Connects, or fails with a sentence saying what to do: Redis is a real dependency
 * (the gateway events' streams and the Socket.IO adapter live there).
 */
export async function connectRedis(url: string, timeoutMs = 3000): Promise<Redis> {
  // Auto-pipelining: the XADDs of webhooks answered in the same tick leave as one write.
  // Connections for blocking reads are duplicated with it off (see blockingConnection).
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: timeoutMs, retryStrategy: (n) => Math.min(n * 200, 2000), enableAutoPipelining: true });
  redis.on('error', () => undefined);
  try {
    await Promise.race([redis.connect(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);
    await redis.ping();
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(`Redis is unreachable at ${url} (${(err as Error).message}): start it (redis-server --daemonize yes) or set REDIS_URL`, { cause: err });
  }
}
