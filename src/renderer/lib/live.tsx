import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  EventsResponse,
  PaymentStatusUpdated,
  SettlementEventPayload,
  TransactionEventPayload,
  TransactionUpdated,
  type StoreEvent,
} from '../../shared/index';
import { SyncStatus } from '../../shared/hub';
import { SYNC_KEY } from '../components/SyncIndicator';
import { get, qs } from './api';
import { applyStatus, applyTransaction, type LatestOr } from './live-cache';
import { keys } from './query';

export type LiveStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

export interface LiveState {
  status: LiveStatus;
  /** Reconnection attempt number while not online. */
  attempt: number;
  /** When the next attempt is due (ms epoch), while offline. */
  retryAt: number | null;
  /** Highest store-wide event sequence applied on this terminal. */
  lastSeq: number;
  /** A short message after catching up ("3 changes caught up"). */
  notice: string | null;
  /** Try to reconnect now instead of waiting for the next backoff step. */
  retryNow: () => void;
}

const initial: LiveState = { status: 'connecting', attempt: 0, retryAt: null, lastSeq: 0, notice: null, retryNow: () => {} };
const LiveContext = createContext<LiveState>(initial);

export function useLive(): LiveState {
  return useContext(LiveContext);
}

/** Reconnection backoff: 0.5 s doubling to 8 s, ±50 % jitter (socket.io's own manager). */
const BACKOFF = { reconnectionDelay: 500, reconnectionDelayMax: 8_000, randomizationFactor: 0.5 } as const;
/** Beyond this many missed events a terminal reloads everything instead of replaying. */
const MAX_REPLAY = 5_000;

/**
 * One socket per terminal. Subscribes to `payment_status_updated` in the caller's scope,
 * applies pushes to the query cache, and after every reconnect catches up from the last
 * applied `seq` through `GET /events?after=` before saying it is online again.
 */
export function LiveProvider({ hubUrl, token, onUnauthorized, children }: {
  hubUrl: string;
  token: string;
  onUnauthorized: () => void;
  children: ReactNode;
}) {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>(initial);
  const lastSeq = useRef<number | null>(null);
  const socketRef = useRef<Socket | null>(null);
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  useEffect(() => {
    let disposed = false;
    let manualRetry: ReturnType<typeof setTimeout> | undefined;
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let noticeTimer: ReturnType<typeof setTimeout> | undefined;
    const update = (patch: Partial<LiveState>) => {
      if (!disposed) setState((s) => ({ ...s, ...patch }));
    };
    const advance = (seq: number) => {
      if (lastSeq.current === null || seq > lastSeq.current) lastSeq.current = seq;
    };
    // Membership of lists (a new transaction in the queue, a paid one leaving it) comes
    // from a refetch; pushes already patched the numbers in place.
    const refreshLists = () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        void qc.invalidateQueries({ queryKey: keys.transactions });
        // Receipts and back-office figures change with every settlement and void.
        void qc.invalidateQueries({ queryKey: keys.settlements });
        void qc.invalidateQueries({ queryKey: keys.backoffice, predicate: (q) => q.queryKey[1] !== 'settings' && q.queryKey[1] !== 'staff' });
      }, 120);
    };

    const socket: Socket = io(hubUrl, {
      path: '/socket.io',
      auth: { token },
      transports: ['websocket'],
      timeout: 5_000,
      ...BACKOFF,
    });
    socketRef.current = socket;

    socket.on('payment_status_updated', (raw: unknown) => {
      const r = PaymentStatusUpdated.safeParse(raw);
      if (!r.success) return;
      applyStatus(qc, r.data);
      advance(r.data.seq);
      update({ lastSeq: lastSeq.current ?? 0 });
      refreshLists();
    });
    // Void and paid-out requests (cashier asks, admin decides): refetch the lists that show them.
    for (const name of ['void_request_created', 'void_request_decided', 'paid_out_request_created', 'paid_out_request_decided']) {
      socket.on(name, () => {
        void qc.invalidateQueries({ queryKey: [...keys.settlements, 'void-requests'] });
        if (name.startsWith('paid_out')) {
          void qc.invalidateQueries({ queryKey: ['paid-out-requests'] });
          void qc.invalidateQueries({ queryKey: keys.shift });
        }
      });
    }
    socket.on('sync_status_updated', (raw: unknown) => {
      const r = SyncStatus.safeParse(raw);
      if (r.success) qc.setQueryData(SYNC_KEY, r.data);
    });
    socket.on('transaction_updated', (raw: unknown) => {
      const r = TransactionUpdated.safeParse(raw);
      if (!r.success) return;
      applyTransaction(qc, r.data.transaction);
      advance(r.data.seq);
      update({ lastSeq: lastSeq.current ?? 0 });
      refreshLists();
    });

    socket.on('connect', () => {
      update({ status: 'reconnecting', retryAt: null });
      socket
        .timeout(5_000)
        .emit('subscribe:payment_status', async (err: Error | null, ack: { ok: boolean; seq?: number } | undefined) => {
          if (disposed) return;
          if (err || !ack?.ok) {
            socket.disconnect().connect();
            return;
          }
          const hubSeq = ack.seq ?? 0;
          const first = lastSeq.current === null;
          let notice: string | null = null;
          try {
            if (first) {
              lastSeq.current = hubSeq;
              await qc.invalidateQueries();
            } else if (hubSeq > lastSeq.current!) {
              const n = await catchUp(qc, lastSeq.current!, hubSeq);
              if (n === null) {
                await qc.invalidateQueries();
                notice = 'Back online — many changes while offline, everything was reloaded.';
              } else {
                notice = `Back online — ${n} change${n === 1 ? '' : 's'} caught up.`;
              }
              advance(hubSeq);
              await qc.invalidateQueries();
            } else {
              notice = 'Back online — nothing changed while offline.';
              await qc.invalidateQueries();
            }
          } catch {
            // Catch-up failed (hub went away again): stay "reconnecting" and retry.
            socket.disconnect();
            manualRetry = setTimeout(() => socket.connect(), BACKOFF.reconnectionDelay * 2);
            return;
          }
          update({ status: 'online', attempt: 0, retryAt: null, lastSeq: lastSeq.current ?? 0, notice });
          if (notice) {
            clearTimeout(noticeTimer);
            noticeTimer = setTimeout(() => update({ notice: null }), 6_000);
          }
        });
    });

    socket.on('disconnect', (reason) => {
      update({ status: 'offline', notice: null });
      // A server-side disconnect is not retried by socket.io itself; retry with backoff.
      if (reason === 'io server disconnect' && !disposed) {
        manualRetry = setTimeout(() => socket.connect(), BACKOFF.reconnectionDelay);
      }
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        unauthorized.current();
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

    return () => {
      disposed = true;
      clearTimeout(manualRetry);
      clearTimeout(refreshTimer);
      clearTimeout(noticeTimer);
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    };
  }, [hubUrl, token, qc]);

  const value = useMemo(
    () => ({
      ...state,
      retryNow: () => {
        const s = socketRef.current;
        if (s && !s.connected) s.disconnect().connect();
      },
    }),
    [state],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/**
 * Replays what this terminal missed, in seq order, from `after` up to at least `until`.
 * Returns the number of events applied, or null when there were too many to replay.
 */
async function catchUp(qc: QueryClient, after: number, until: number): Promise<number | null> {
  let cursor = after;
  let applied = 0;
  while (cursor < until) {
    const page = await get(`/api/v1/events${qs({ after: cursor, limit: 1000 })}`, EventsResponse);
    for (const e of page.events) applyEvent(qc, e);
    applied += page.events.length;
    if (applied > MAX_REPLAY) return null;
    // `lastSeq` is the last seq the hub scanned: a page can be empty for this role (all
    // of it out of scope) while more follows, so only a cursor that stops moving ends it.
    const next = Math.max(page.lastSeq, page.events.at(-1)?.seq ?? cursor);
    if (next <= cursor) break;
    cursor = next;
  }
  return applied;
}

function applyEvent(qc: QueryClient, e: StoreEvent): void {
  if (e.type === 'transaction.created' || e.type === 'transaction.voided') {
    const r = TransactionEventPayload.safeParse(e.payload);
    if (r.success) applyTransaction(qc, r.data.transaction);
    return;
  }
  if (e.type === 'settlement.posted' || e.type === 'settlement.voided') {
    const r = SettlementEventPayload.safeParse(e.payload);
    if (!r.success) return;
    const voided = e.type === 'settlement.voided';
    for (const t of r.data.transactions) applyTransaction(qc, t);
    qc.setQueryData<Record<string, LatestOr>>(keys.latestOr, (old) => {
      const next = { ...old };
      for (const t of r.data.transactions) {
        next[t.id] = { or_number: r.data.settlement.or_number, voided, at: e.occurredAt };
      }
      return next;
    });
  }
}
