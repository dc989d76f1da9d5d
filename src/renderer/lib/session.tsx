import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { LoginResponse, type User } from '../../shared/auth';
import { configureApi, post } from './api';
import { desktop } from './desktop';

/**
 * Who is signed in on this terminal, and to which hub. Kept in localStorage so a
 * terminal remembers its hub (and its session across reloads and tabs).
 */
export interface Session {
  hubUrl: string;
  token: string;
  user: User;
}

interface SessionContextValue {
  session: Session | null;
  /** The hub this terminal talks to (remembered even when signed out). */
  hubUrl: string;
  setHubUrl: (url: string) => void;
  login: (username: string, password: string) => Promise<void>;
  logout: (reason?: string) => void;
  /** Why the last session ended, shown on the login screen. */
  endedBecause: string | null;
}

const SESSION_KEY = 'kahera.session';
const HUB_KEY = 'kahera.hubUrl';
/** Tabs of one terminal tell each other about sign-in and sign-out on this channel. */
const CHANNEL = 'kahera.session';

type SessionMessage = { type: 'signed-in' } | { type: 'signed-out'; reason: string | null };

function openChannel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
}

export function defaultHubUrl(): string {
  return desktop()?.hubUrl ?? window.location.origin;
}

function normaliseHubUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    return s.token && s.hubUrl && s.user ? (s as Session) : null;
  } catch {
    return null;
  }
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in session; only for components rendered behind the login. */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('not signed in');
  return session;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => readSession());
  const [hubUrl, setHub] = useState<string>(() => session?.hubUrl ?? localStorage.getItem(HUB_KEY) ?? defaultHubUrl());
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const channel = useRef<BroadcastChannel | null>(null);

  const logout = useCallback((reason?: string) => {
    // Signing out on purpose ends the session on the hub too, so the token left behind
    // (in this browser's storage, a copied request) no longer works. When the hub already
    // refused the token (a reason is given) there is nothing left to end.
    const ending = reason === undefined ? readSession() : null;
    if (ending) {
      void fetch(`${ending.hubUrl}/api/v1/auth/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ending.token}` },
        keepalive: true,
      }).catch(() => undefined);
    }
    localStorage.removeItem(SESSION_KEY);
    setSession(null);
    setEndedBecause(reason ?? null);
    // Every tab of this terminal shares the session: signing out here signs out all.
    channel.current?.postMessage({ type: 'signed-out', reason: reason ?? null } satisfies SessionMessage);
  }, []);

  // Configure the API client synchronously so children's first queries carry the token.
  configureApi({
    hubUrl: session?.hubUrl ?? hubUrl,
    token: session?.token ?? null,
    onUnauthorized: () => logout('Your session has ended. Please sign in again.'),
  });

  // Another tab signing in or out of this terminal: follow it. The channel says why;
  // the storage event is the fallback where BroadcastChannel is missing.
  useEffect(() => {
    const onMessage = (e: MessageEvent<SessionMessage>) => {
      if (e.data?.type === 'signed-out') {
        setSession(null);
        setEndedBecause(e.data.reason ?? 'Signed out in another window of this terminal.');
      } else if (e.data?.type === 'signed-in') {
        setEndedBecause(null);
        setSession(readSession());
      }
    };
    const onStorage = (e: StorageEvent) => {
      if (e.key === SESSION_KEY) setSession(readSession());
    };
    const ch = openChannel();
    channel.current = ch;
    ch?.addEventListener('message', onMessage);
    window.addEventListener('storage', onStorage);
    return () => {
      ch?.close();
      channel.current = null;
      window.removeEventListener('storage', onStorage);
    };
  }, []);

  const setHubUrl = useCallback((url: string) => {
    const next = normaliseHubUrl(url);
    localStorage.setItem(HUB_KEY, next);
    setHub(next);
  }, []);

  const login = useCallback(
    async (username: string, password: string) => {
      configureApi({ hubUrl, token: null });
      const res = await post('/api/v1/auth/login', { username, password }, LoginResponse);
      const next: Session = { hubUrl, token: res.token, user: res.user };
      localStorage.setItem(SESSION_KEY, JSON.stringify(next));
      localStorage.setItem(HUB_KEY, hubUrl);
      setEndedBecause(null);
      setSession(next);
      channel.current?.postMessage({ type: 'signed-in' } satisfies SessionMessage);
    },
    [hubUrl],
  );

  const value = useMemo(
    () => ({ session, hubUrl, setHubUrl, login, logout, endedBecause }),
    [session, hubUrl, setHubUrl, login, logout, endedBecause],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
