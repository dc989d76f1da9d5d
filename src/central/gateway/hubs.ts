/**
 * The `/hubs` namespace: a store's hub holds an outbound connection here and receives
 * its store's gateway events, one at a time and oldest first, each with an ack.
 *
 * Delivery, per connected store, on the instance holding the connection:
 *   1. claim everything pending in the store's group (XAUTOCLAIM from 0-0, any consumer:
 *      entries a dead instance had read but never got acked) and send it, oldest first;
 *   2. then XREADGROUP BLOCK for new entries on a connection of its own;
 *   3. an entry is XACKed (and XDELed) only on `{ok:true}`. A refusal or a timeout leaves
 *      it pending; it is sent again after `retryMs` while connected and first on every
 *      reconnect. A hub that refuses the same entry `maxRefusals` times will never take
 *      it: it is dead-lettered (marked in Postgres with the hub's answer, XACKed, shown
 *      on the head-office page and in central's health), so it stops blocking the ones
 *      behind it. A timeout is not a refusal: a hub that is slow or gone keeps its events.
 * Only one socket per store delivers: presence in Redis names the holder and the newest
 * connection takes over; the one replaced notices at its next heartbeat and is dropped.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import { GatewayEvent, GatewayEventAck, HubsAuth, type HubsClientToServer, type HubsServerToClient } from '../../shared/gateway.js';
import { hashKey } from '../auth.js';
import { deadLetterEvent } from '../db/gateway.queries.js';
import { findStoreByKeyHash } from '../db/stores.queries.js';
import { blockingConnection, entriesOf, GROUP, type GatewayStreams, type StreamEntry } from './stream.js';

export interface HubsOptions {
  ackTimeoutMs: number;
  retryMs: number;
  presenceTtlMs: number;
  blockMs: number;
  /** Refusals (`{ok:false}`) of one event before it is dead-lettered. Default 10. */
  maxRefusals: number;
}

type HubSocket = Socket<HubsClientToServer, HubsServerToClient, Record<string, never>, { storeId: string }>;

export interface HubsEvents {
  presence(storeId: string, online: boolean): void;
  delivered(storeId: string, event: GatewayEvent): void;
  deadLettered(storeId: string, event: GatewayEvent, reason: string): void;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export class HubsNamespace {
  readonly nsp: Namespace<HubsClientToServer, HubsServerToClient>;
  private readonly deliveries = new Set<StoreDelivery>();

  constructor(
    io: Server,
    private readonly pool: Pool,
    private readonly streams: GatewayStreams,
    private readonly consumer: string,
    private readonly options: HubsOptions,
    private readonly log: Logger,
    private readonly events: HubsEvents,
  ) {
    this.nsp = io.of('/hubs') as unknown as Namespace<HubsClientToServer, HubsServerToClient>;
    this.nsp.use((socket, next) => {
      const parsed = HubsAuth.safeParse(socket.handshake.auth);
      if (!parsed.success) return next(new Error('unauthorized'));
      findStoreByKeyHash(this.pool, hashKey(parsed.data.key)).then(
        (store) => {
          if (!store || store.storeId !== parsed.data.storeId) return next(new Error('unauthorized'));
          (socket.data as { storeId: string }).storeId = store.storeId;
          next();
        },
        (err: unknown) => {
          this.log.error({ err }, 'hub auth lookup failed');
          next(new Error('unavailable'));
        },
      );
    });
    this.nsp.on('connection', (socket) => this.connected(socket as unknown as HubSocket));
  }

  private connected(socket: HubSocket): void {
    const delivery = new StoreDelivery(socket, this.pool, this.streams, this.consumer, this.options, this.log, this.events);
    this.deliveries.add(delivery);
    socket.once('disconnect', () => {
      this.deliveries.delete(delivery);
      delivery.stop();
    });
    delivery.start();
  }

  async close(): Promise<void> {
    await Promise.all([...this.deliveries].map((d) => d.stop()));
  }
}

class StoreDelivery {
  private readonly abort = new AbortController();
  private readonly token: string;
  private readonly storeId: string;
  private blocking: Redis | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: HubSocket,
    private readonly pool: Pool,
    private readonly streams: GatewayStreams,
    private readonly consumer: string,
    private readonly options: HubsOptions,
    private readonly log: Logger,
    private readonly events: HubsEvents,
  ) {
    this.storeId = socket.data.storeId;
    this.token = `${consumer}:${socket.id}:${randomBytes(4).toString('hex')}`;
  }

  start(): void {
    this.done = this.run().catch((err: unknown) => {
      if (!this.abort.signal.aborted) {
        this.log.error({ err, storeId: this.storeId }, 'gateway delivery stopped; dropping the hub so it reconnects');
        this.socket.disconnect(true);
      }
    });
  }

  async stop(): Promise<void> {
    if (!this.abort.signal.aborted) {
      this.abort.abort();
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.blocking?.disconnect();
      await this.streams.releasePresence(this.storeId, this.token).catch(() => undefined);
      this.events.presence(this.storeId, false);
    }
    await this.done;
  }

  private async run(): Promise<void> {
    const { streams, storeId } = this;
    await streams.claimPresence(storeId, this.token, this.options.presenceTtlMs);
    this.events.presence(storeId, true);
    this.heartbeat = setInterval(() => {
      streams.refreshPresence(storeId, this.token, this.options.presenceTtlMs).then(
        (mine) => {
          if (!mine && !this.abort.signal.aborted) {
            this.log.warn({ storeId }, 'another connection took over this store; dropping this one');
            this.socket.disconnect(true);
          }
        },
        () => undefined,
      );
    }, Math.max(200, Math.floor(this.options.presenceTtlMs / 3)));
    await streams.ensureGroup(storeId);
    this.blocking = blockingConnection(streams.redis);

    let pendingFirst = true;
    while (!this.abort.signal.aborted) {
      let entries: StreamEntry[];
      let more = false;
      if (pendingFirst) {
        ({ entries, more } = await this.claimPending());
        pendingFirst = more;
        if (entries.length === 0) continue;
      } else {
        entries = await this.readNew();
      }
      for (const entry of entries) {
        if (this.abort.signal.aborted) return;
        const outcome = await this.deliver(entry);
        if (outcome !== 'acked') pendingFirst = true;
        // No answer at all: the hub is stuck or gone; wait before trying the next.
        if (outcome === 'timeout') break;
      }
      if (pendingFirst && !more) await sleep(this.options.retryMs, this.abort.signal);
    }
  }

  /** Up to 100 pending entries of any consumer, in id order (the oldest first). */
  private async claimPending(): Promise<{ entries: StreamEntry[]; more: boolean }> {
    const key = this.streams.k.stream(this.storeId);
    const entries: StreamEntry[] = [];
    let cursor = '0-0';
    for (let round = 0; round < 10 && entries.length < 100; round++) {
      const res = (await this.streams.redis.xautoclaim(key, GROUP, this.consumer, 0, cursor, 'COUNT', 100)) as unknown[];
      entries.push(...entriesOf(res[1]));
      cursor = String(res[0]);
      if (cursor === '0-0') return { entries, more: false };
    }
    return { entries, more: true };
  }

  private async readNew(): Promise<StreamEntry[]> {
    const key = this.streams.k.stream(this.storeId);
    try {
      const res = (await this.blocking!.xreadgroup('GROUP', GROUP, this.consumer, 'COUNT', 100, 'BLOCK', this.options.blockMs, 'STREAMS', key, '>')) as
        | [string, unknown][]
        | null;
      return res ? entriesOf(res[0]?.[1]) : [];
    } catch (err) {
      if (this.abort.signal.aborted) return [];
      throw err;
    }
  }

  private async deliver(entry: StreamEntry): Promise<'acked' | 'refused' | 'timeout'> {
    const parsed = entry.raw ? GatewayEvent.safeParse(safeJson(entry.raw)) : null;
    if (!parsed?.success) {
      // Not something a hub could act on, ever: keeping it would block the ones behind it.
      this.log.error({ storeId: this.storeId, entryId: entry.entryId }, 'unreadable gateway stream entry dropped');
      await this.streams.ackAndDelete(this.storeId, entry.entryId);
      return 'acked';
    }
    let answer: unknown;
    try {
      answer = await this.socket.timeout(this.options.ackTimeoutMs).emitWithAck('gateway:event', parsed.data);
    } catch {
      return 'timeout';
    }
    const ack = GatewayEventAck.safeParse(answer);
    if (!ack.success || !ack.data.ok) {
      const refusals = await this.streams.countRefusal(this.storeId, entry.entryId);
      if (refusals < this.options.maxRefusals) {
        this.log.warn({ storeId: this.storeId, eventId: parsed.data.id, answer, refusals }, 'hub did not accept a gateway event; it stays pending');
        return 'refused';
      }
      const reason = ack.success && !ack.data.ok ? `${ack.data.error.code}: ${ack.data.error.message}`.slice(0, 500) : 'unreadable ack';
      // Postgres first: a crash between the two leaves it pending, and the next refusal dead-letters it again.
      await deadLetterEvent(this.pool, parsed.data.id, `refused ${refusals} times; last: ${reason}`);
      await this.streams.ackAndDelete(this.storeId, entry.entryId);
      this.log.error({ storeId: this.storeId, eventId: parsed.data.id, refusals, reason }, 'gateway event dead-lettered: the hub refused it every time');
      this.events.deadLettered(this.storeId, parsed.data, reason);
      return 'acked';
    }
    await this.streams.ackAndDelete(this.storeId, entry.entryId);
    this.events.delivered(this.storeId, parsed.data);
    return 'acked';
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
