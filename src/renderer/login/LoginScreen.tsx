import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, friendlyError } from '../lib/errors';
import { useSession } from '../lib/session';
import { signInWaitSeconds, waitMessage } from './throttle';

interface Health {
  status: string;
  storeId: string;
  version: string;
}

/** Sign in; the role of the account decides the screens. Shows (and lets you change) the hub. */
export function LoginScreen() {
  const { hubUrl, setHubUrl, login, endedBecause } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editingHub, setEditingHub] = useState(false);
  const [hubDraft, setHubDraft] = useState(hubUrl);
  // A throttled counter is told how long to wait, counting down, and cannot resubmit
  // early (each early try would only be refused again).
  const [blockedUntil, setBlockedUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (blockedUntil === null) return;
    const t = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= blockedUntil) {
        setBlockedUntil(null);
        setError(null);
      }
    }, 1000);
    return () => clearInterval(t);
  }, [blockedUntil]);
  const secondsLeft = blockedUntil === null ? 0 : Math.max(0, Math.ceil((blockedUntil - now) / 1000));

  const health = useQuery({
    queryKey: ['health', hubUrl],
    queryFn: async () => {
      const res = await fetch(`${hubUrl}/api/v1/health`, { cache: 'no-store', signal: AbortSignal.timeout(4000) });
      if (!res.ok) throw new Error(`hub answered ${res.status}`);
      return (await res.json()) as Health;
    },
    retry: false,
    refetchInterval: (q) => (q.state.status === 'error' ? 5000 : false),
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (blockedUntil !== null) return;
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      const wait = signInWaitSeconds(err);
      if (wait !== null) {
        const at = Date.now();
        setNow(at);
        setBlockedUntil(at + wait * 1000);
        setPassword('');
        return;
      }
      setError(
        err instanceof ApiError && err.status === 401
          ? 'Wrong username or password.'
          : err instanceof ApiError && err.code === 'network'
            ? `Cannot reach the hub at ${hubUrl.replace(/^https?:\/\//, '')}. Check the network or the hub address below.`
            : friendlyError(err),
      );
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <form className="login-card" onSubmit={submit} aria-label="Sign in">
        <div className="login-brand">
          <span className="logo logo-large">K</span>
          <div>
            <h1>Kahera</h1>
            <p className="muted">Store counter and back office</p>
          </div>
        </div>
        {endedBecause && <div className="notice">{endedBecause}</div>}
        <label htmlFor="username">Username</label>
        <input id="username" autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {blockedUntil !== null ? (
          <div className="error-box" role="alert" data-testid="login-error">
            {waitMessage(secondsLeft)}
          </div>
        ) : (
          error && (
            <div className="error-box" role="alert" data-testid="login-error">
              {error}
            </div>
          )
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || blockedUntil !== null}>
          {busy ? 'Signing in…' : blockedUntil !== null ? `Wait ${secondsLeft} s` : 'Sign in'} <kbd>Enter</kbd>
        </button>
        <div className="hub-line">
          {editingHub ? (
            <div className="hub-edit">
              <input
                aria-label="Hub address"
                value={hubDraft}
                onChange={(e) => setHubDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    setHubUrl(hubDraft);
                    setEditingHub(false);
                  }
                }}
              />
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  setHubUrl(hubDraft);
                  setEditingHub(false);
                }}
              >
                Use
              </button>
            </div>
          ) : (
            <>
              <span className={`hub-status ${health.isSuccess ? 'ok' : health.isError ? 'bad' : ''}`} data-testid="hub-status">
                {health.isSuccess
                  ? `Hub ${hubUrl.replace(/^https?:\/\//, '')} · store ${health.data.storeId}`
                  : health.isError
                    ? `Cannot reach hub ${hubUrl.replace(/^https?:\/\//, '')}`
                    : `Checking hub ${hubUrl.replace(/^https?:\/\//, '')}…`}
              </span>
              <button type="button" className="link" onClick={() => setEditingHub(true)}>
                Change hub
              </button>
            </>
          )}
        </div>
      </form>
    </div>
  );
}
