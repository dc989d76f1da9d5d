import type { QueryClient } from '@tanstack/react-query';
import { io, type Socket as IoSocket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/live';
import { PaymentStatusUpdated, TransactionUpdated } from '../../shared/index';
import { SyncStatus } from '../../shared/hub';
import { SYNC_KEY } from '../components/SyncIndicator';
import { catchUp } from './live-catchup';
import { applyStatus, applyTransaction } from './live-cache';
import { keys } from './query';

export type LiveStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** What the socket reports to the screen (LiveState without its actions). */
export interface LivePatch {
  status?: LiveStatus;
  attempt?: number;
  retryAt?: number | null;
  lastSeq?: number;
  notice?: string | null;
}

/** Reconnection backoff: 0.5 s doubling to 8 s, ±50 % jitter (socket.io's own manager). */
export const BACKOFF = { reconnectionDelay: 500, reconnectionDelayMax: 8_000, randomizationFactor: 0.5 } as const;

/** The highest store-wide seq applied here; null until the first subscribe answers. */
export interface SeqCursor {
  current: number | null;
}

/** The terminal's socket, typed by the hub's live contract (src/shared/live.ts). */
type Socket = IoSocket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveSocket {
  socket: Socket;
  /** Try to reconnect now instead of waiting for the next backoff step. */
  retryNow(): void;
  dispose(): void;
}

/**
 * One socket per terminal: subscribes in the caller's scope, applies pushes to the query
 * cache, and after every reconnect catches up from the last applied seq before saying it
 * is online again. Plain functions, no React: LiveProvider owns its lifetime.
 */
export function startLiveSocket(opts: {
  qc: QueryClient;
  hubUrl: string;
  token: string;
  seq: SeqCursor;
  update: (patch: LivePatch) => void;
  onUnauthorized: () => void;
}): LiveSocket {
  const { qc, seq } = opts;
  const timers = new Timers();
  let disposed = false;
  const update = (patch: LivePatch) => {
    if (!disposed) opts.update(patch);
  };

  const socket: Socket = io(opts.hubUrl, { path: '/socket.io', auth: { token: opts.token }, transports: ['websocket'], timeout: 5_000, ...BACKOFF });
  wirePushes(socket, qc, seq, update, timers);
  wireConnection(socket, { qc, seq, update, timers, isDisposed: () => disposed, onUnauthorized: opts.onUnauthorized });

  return {
    socket,
    retryNow: () => {
      if (!socket.connected) socket.disconnect().connect();
    },
    dispose: () => {
      disposed = true;
      timers.clearAll();
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    },
  };
}

/** Named timeouts, all cleared on dispose. */
class Timers {
  private ids = new Map<string, ReturnType<typeof setTimeout>>();
  set(name: string, fn: () => void, ms: number): void {
    clearTimeout(this.ids.get(name));
    this.ids.set(name, setTimeout(fn, ms));
  }
  clearAll(): void {
    for (const id of this.ids.values()) clearTimeout(id);
    this.ids.clear();
  }
}

function advance(seq: SeqCursor, n: number): void {
  if (seq.current === null || n > seq.current) seq.current = n;
}

/** Pushes from the hub: numbers are patched in place, list membership is refetched. */
function wirePushes(socket: Socket, qc: QueryClient, seq: SeqCursor, update: (p: LivePatch) => void, timers: Timers): void {
  // Membership of lists (a new transaction in the queue, a paid one leaving it) comes
  // from a refetch; pushes already patched the numbers in place.
  const refreshLists = () =>
    timers.set(
      'refresh',
      () => {
        void qc.invalidateQueries({ queryKey: keys.transactions });
        // Receipts and back-office figures change with every settlement and void.
        void qc.invalidateQueries({ queryKey: keys.settlements });
        void qc.invalidateQueries({ queryKey: keys.backoffice, predicate: (q) => q.queryKey[1] !== 'settings' && q.queryKey[1] !== 'staff' });
      },
      120,
    );
  const applied = (n: number) => {
    advance(seq, n);
    update({ lastSeq: seq.current ?? 0 });
    refreshLists();
  };

  socket.on('payment_status_updated', (raw: unknown) => {
    const r = PaymentStatusUpdated.safeParse(raw);
    if (!r.success) return;
    applyStatus(qc, r.data);
    applied(r.data.seq);
  });
  socket.on('transaction_updated', (raw: unknown) => {
    const r = TransactionUpdated.safeParse(raw);
    if (!r.success) return;
    applyTransaction(qc, r.data.transaction);
    applied(r.data.seq);
  });
  // Void requests (cashier asks, admin decides): refetch the lists that show them.
  for (const name of ['void_request_created', 'void_request_decided'] as const) {
    socket.on(name, () => void qc.invalidateQueries({ queryKey: [...keys.settlements, 'void-requests'] }));
  }
  // Paid-out requests wait in the same list as void requests, and on the cashier's shift bar.
  for (const name of ['paid_out_request_created', 'paid_out_request_decided'] as const) {
    socket.on(name, () => {
      void qc.invalidateQueries({ queryKey: [...keys.settlements, 'void-requests'] });
      void qc.invalidateQueries({ queryKey: ['paid-out-requests'] });
      void qc.invalidateQueries({ queryKey: keys.shift });
    });
  }
  socket.on('sync_status_updated', (raw: unknown) => {
    const r = SyncStatus.safeParse(raw);
    if (r.success) qc.setQueryData(SYNC_KEY, r.data);
  });
}

/** Connect, subscribe, catch up, go online; offline and backoff while the hub is away. */
function wireConnection(
  socket: Socket,
  ctx: { qc: QueryClient; seq: SeqCursor; update: (p: LivePatch) => void; timers: Timers; isDisposed: () => boolean; onUnauthorized: () => void },
): void {
  const { qc, seq, update, timers } = ctx;
  socket.on('connect', () => {
    update({ status: 'reconnecting', retryAt: null });
    socket.timeout(5_000).emit('subscribe:payment_status', {}, async (err, ack) => {
      if (ctx.isDisposed()) return;
      if (err || !ack?.ok) {
        socket.disconnect().connect();
        return;
      }
      let notice: string | null;
      try {
        notice = await resync(qc, seq, ack.seq);
      } catch {
        // Catch-up failed (hub went away again): stay "reconnecting" and retry.
        socket.disconnect();
        timers.set('retry', () => socket.connect(), BACKOFF.reconnectionDelay * 2);
        return;
      }
      update({ status: 'online', attempt: 0, retryAt: null, lastSeq: seq.current ?? 0, notice });
      if (notice) timers.set('notice', () => update({ notice: null }), 6_000);
    });
  });

  socket.on('disconnect', (reason) => {
    update({ status: 'offline', notice: null });
    // A server-side disconnect is not retried by socket.io itself; retry with backoff.
    if (reason === 'io server disconnect' && !ctx.isDisposed()) timers.set('retry', () => socket.connect(), BACKOFF.reconnectionDelay);
  });
  socket.on('connect_error', (err) => {
    if (err.message === 'unauthorized') {
      ctx.onUnauthorized();
      return;
    }
    update({ status: 'offline' });
  });
  let attempts = 0;
  socket.io.on('reconnect_attempt', (attempt) => {
    attempts = attempt;
    update({ status: 'reconnecting', attempt });
  });
  socket.io.on('reconnect_error', () => {
    // Mirrors socket.io's backoff so the banner can say when the next try is due.
    const delay = Math.min(BACKOFF.reconnectionDelayMax, BACKOFF.reconnectionDelay * 2 ** Math.min(attempts, 5));
    update({ status: 'offline', retryAt: Date.now() + delay });
  });
}

/**
 * After a (re)subscribe: on the first one, reload; after a gap, replay the missed events
 * (or reload when too many). Returns the notice to show ("3 changes caught up").
 */
async function resync(qc: QueryClient, seq: SeqCursor, hubSeq: number): Promise<string | null> {
  if (seq.current === null) {
    seq.current = hubSeq;
    await qc.invalidateQueries();
    return null;
  }
  if (hubSeq > seq.current) {
    const n = await catchUp(qc, seq.current, hubSeq);
    const notice =
      n === null
        ? 'Back online — many changes while offline, everything was reloaded.'
        : `Back online — ${n} change${n === 1 ? '' : 's'} caught up.`;
    if (n === null) await qc.invalidateQueries();
    advance(seq, hubSeq);
    await qc.invalidateQueries();
    return notice;
  }
  await qc.invalidateQueries();
  return 'Back online — nothing changed while offline.';
}
