import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { startLiveSocket, type LiveSocket, type LiveStatus, type SeqCursor } from './live-socket';

export type { LiveStatus } from './live-socket';

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

/**
 * The terminal's live connection to its hub, as React state: the socket itself (pushes,
 * catch-up, backoff) is in live-socket.ts, the replay of missed events in live-catchup.ts.
 */
export function LiveProvider({ hubUrl, token, onUnauthorized, children }: {
  hubUrl: string;
  token: string;
  onUnauthorized: () => void;
  children: ReactNode;
}) {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>(initial);
  // Survives a socket restart, so the next connect catches up instead of reloading.
  const seq = useRef<SeqCursor>({ current: null });
  const live = useRef<LiveSocket | null>(null);
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  useEffect(() => {
    const s = startLiveSocket({
      qc,
      hubUrl,
      token,
      seq: seq.current,
      update: (patch) => setState((prev) => ({ ...prev, ...patch })),
      onUnauthorized: () => unauthorized.current(),
    });
    live.current = s;
    return () => {
      s.dispose();
      live.current = null;
    };
  }, [hubUrl, token, qc]);

  const value = useMemo(() => ({ ...state, retryNow: () => live.current?.retryNow() }), [state]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
