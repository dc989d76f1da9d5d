import type { Logger } from 'pino';
import type { LiveEventName, LivePayload } from '../../shared/live.js';
import type { HubIo, HubSocket, SocketData } from './live-types.js';
import type { PaymentStatusUpdated, StoreEvent, TransactionUpdated } from '../../shared/events.js';
import type { Store } from '../services/store.js';
import type { Principal } from './principal.js';
import { allows, type EventScopes, type TransactionUpdate } from './scope.js';
import { WriteBatcher, type WriteBatchStats } from './write-batch.js';

/** What the hub keeps on each socket (`socket.data`). */
export type { SocketData } from './live-types.js';

export function paymentStatusPayload(u: TransactionUpdate, event: StoreEvent): PaymentStatusUpdated {
  const t = u.transaction;
  return {
    transactionId: t.id,
    payment_status: t.payment_status,
    balance_amount: t.balance_amount,
    paid_amount: t.paid_amount,
    customer_id: t.customerId,
    or_number: u.orNumber,
    updatedBy: u.updatedBy,
    timestamp: event.occurredAt,
    seq: event.seq,
  };
}

export interface ReplayResult {
  seq: number;
  replayed: number;
  reload: boolean;
}

/**
 * Pushes every committed store event to the terminals in its scope. The audience of
 * each changed transaction is computed once per event (a few room names), and
 * Socket.IO encodes each packet once for the whole room set: fan-out cost does not
 * grow with a per-socket scope check. The packets of the events committed together
 * (at least `payment_status_updated` and `transaction_updated` per update) reach each
 * websocket terminal in one engine.io flush and one corked write (write-batch.ts).
 */
export class Broadcaster {
  private readonly batcher = new WriteBatcher();

  constructor(
    private readonly io: HubIo,
    private readonly store: Store,
    private readonly scopes: EventScopes,
    private readonly log: Logger,
    private readonly replayCap: number,
  ) {}

  /** Starts broadcasting the store's committed events; returns the unsubscribe. */
  attach(): () => void {
    return this.store.onEvents((events) => this.publish(events));
  }

  /** Sockets whose writes went out batched, and those left to engine.io (polling, upgrading, busy); for tests and benches. */
  get writeStats(): Readonly<WriteBatchStats> {
    return this.batcher.stats;
  }

  /** Broadcasts these committed events, in order, each socket's packets in one write. */
  publish(events: readonly StoreEvent[]): void {
    const planned: { event: StoreEvent; updates: readonly TransactionUpdate[] }[] = [];
    for (const event of events) {
      try {
        planned.push({ event, updates: this.scopes.view(event).updates });
      } catch (err) {
        this.failed(err, event);
      }
    }
    this.batcher.run(this.localConns(planned), () => {
      for (const { event, updates } of planned) {
        try {
          for (const u of updates) {
            const status = paymentStatusPayload(u, event);
            const updated: TransactionUpdated = { transaction: u.transaction, seq: event.seq };
            this.io.to(u.rooms).emit('payment_status_updated', status);
            this.io.to(u.rooms).emit('transaction_updated', updated);
            this.toTransactionWatchers(u, status, updated);
          }
        } catch (err) {
          this.failed(err, event);
        }
      }
    });
  }

  private failed(err: unknown, event: StoreEvent): void {
    // Terminals catch up from the log by seq; a failed push must not hide later ones.
    this.log.error({ err, seq: event.seq }, 'broadcast failed');
  }

  /**
   * The engine.io connections of this process's sockets that these updates may reach:
   * the members of their rooms and of their transactions' watcher rooms (a superset is
   * harmless, a socket left out is merely written unbatched).
   */
  private localConns(planned: readonly { updates: readonly TransactionUpdate[] }[]): Set<unknown> {
    const nsp = this.io.of('/');
    const rooms = new Set<string>();
    for (const { updates } of planned) {
      for (const u of updates) {
        for (const room of u.rooms) rooms.add(room);
        rooms.add(`txn:${u.transaction.id}`);
      }
    }
    const conns = new Set<unknown>();
    for (const room of rooms) {
      for (const sid of nsp.adapter.rooms.get(room) ?? []) {
        const conn = nsp.sockets.get(sid)?.conn;
        if (conn) conns.add(conn);
      }
    }
    return conns;
  }

  /**
   * Sockets that asked for one transaction (`subscribe:transaction`) but not for the
   * whole scope get its updates too, while it stays in their scope. Few sockets watch
   * one transaction, so this per-socket check is cheap.
   */
  private toTransactionWatchers(u: TransactionUpdate, status: PaymentStatusUpdated, updated: TransactionUpdated): void {
    const nsp = this.io.of('/');
    const watchers = nsp.adapter.rooms.get(`txn:${u.transaction.id}`);
    if (!watchers) return;
    for (const sid of watchers) {
      const socket = nsp.sockets.get(sid);
      const data = socket?.data as SocketData | undefined;
      if (!socket || !data || data.paymentStatus || !allows(u.rooms, data.principal)) continue;
      socket.emit('payment_status_updated', status);
      socket.emit('transaction_updated', updated);
    }
  }

  /**
   * Sends one socket, in seq order, the updates in its scope with seq > `after`, from
   * the event log. Synchronous from read to last emit, so no live broadcast can slip in
   * between: with the rooms joined right after, the socket misses nothing and gets
   * nothing twice. Past `replayCap` events it replays nothing and says `reload`.
   */
  replay(socket: HubSocket, principal: Principal, after: number): ReplayResult {
    const last = this.store.lastSeq();
    if (after >= last) return { seq: last, replayed: 0, reload: false };
    if (last - after > this.replayCap) return { seq: last, replayed: 0, reload: true };
    let cursor = after;
    let replayed = 0;
    while (cursor < last) {
      const page = this.store.eventsAfter(cursor, 500);
      if (page.length === 0) break;
      for (const event of page) {
        if (event.seq > last) break;
        cursor = event.seq;
        for (const u of this.scopes.view(event).updates) {
          if (!allows(u.rooms, principal)) continue;
          socket.emit('payment_status_updated', paymentStatusPayload(u, event));
          socket.emit('transaction_updated', { transaction: u.transaction, seq: event.seq } satisfies TransactionUpdated);
          replayed += 1;
        }
      }
    }
    return { seq: last, replayed, reload: false };
  }

  /** A hub notice (not a ledger event) to these users' subscribed terminals. */
  toUsers<E extends LiveEventName>(userIds: readonly string[], eventName: E, payload: LivePayload<E>): void {
    if (userIds.length > 0) this.notify(userIds.map((id) => `user:${id}`), eventName, payload);
  }

  /** A hub notice to every subscribed terminal of these roles. */
  toRoles<E extends LiveEventName>(roles: readonly Principal['role'][], eventName: E, payload: LivePayload<E>): void {
    if (roles.length > 0) this.notify(roles.map((r) => `role:${r}`), eventName, payload);
  }

  private notify<E extends LiveEventName>(rooms: string[], eventName: E, payload: LivePayload<E>): void {
    // Socket.IO's emit types cannot follow a generic event name; the signature above keeps callers exact.
    (this.io.to(rooms).emit as (name: E, payload: LivePayload<E>) => boolean)(eventName, payload);
  }
}
