import { useEffect, useState } from 'react';
import { useLive } from '../lib/live';

/**
 * Online / offline / reconnecting, always visible when not online, so nobody trusts a
 * figure on screen that might be out of date.
 */
export function LiveBanner() {
  const live = useLive();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (live.status === 'online') return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [live.status]);

  if (live.status === 'online') {
    return live.notice ? (
      <div className="banner banner-ok" role="status" data-testid="live-banner" data-live-status="online">
        {live.notice}
      </div>
    ) : (
      <div data-testid="live-banner" data-live-status="online" hidden />
    );
  }
  if (live.status === 'connecting') {
    return (
      <div className="banner banner-info" role="status" data-testid="live-banner" data-live-status="connecting">
        Connecting to the hub…
      </div>
    );
  }
  const secs = live.retryAt ? Math.max(0, Math.ceil((live.retryAt - now) / 1000)) : null;
  return (
    <div className="banner banner-offline" role="alert" data-testid="live-banner" data-live-status={live.status}>
      <strong>Offline</strong> — lost the connection to the hub.{' '}
      {live.status === 'reconnecting'
        ? `Reconnecting${live.attempt ? ` (attempt ${live.attempt})` : ''}…`
        : secs !== null
          ? `Retrying in ${secs} s.`
          : 'Retrying…'}{' '}
      Figures on screen may be out of date; payments cannot be posted until it is back.{' '}
      <button type="button" className="btn btn-small banner-btn" onClick={live.retryNow}>
        Retry now
      </button>
    </div>
  );
}

/** Small dot in the header: green live, amber reconnecting, red offline. */
export function LiveDot() {
  const { status } = useLive();
  const label = status === 'online' ? 'Live' : status === 'offline' ? 'Offline' : status === 'connecting' ? 'Connecting' : 'Reconnecting';
  return (
    <span className={`live-dot live-${status}`} title={`Connection to hub: ${label}`}>
      <span className="dot" /> {label}
    </span>
  );
}
