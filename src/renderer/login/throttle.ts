import { ApiError } from '../lib/errors';

/**
 * Seconds a throttled sign-in must wait (the hub's 429 `details.retryAfterSeconds`, the
 * same figure as its Retry-After header), or null when the error is not a throttle.
 */
export function signInWaitSeconds(e: unknown): number | null {
  if (!(e instanceof ApiError) || (e.status !== 429 && e.code !== 'rate_limited')) return null;
  const s = (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof s === 'number' && Number.isFinite(s) && s > 0 ? Math.ceil(s) : 60;
}

/** "Try again in 45 seconds." / "… in 1:05." / "You can try again now." */
export function waitMessage(secondsLeft: number): string {
  if (secondsLeft <= 0) return 'You can try again now.';
  if (secondsLeft < 60) return `Too many failed sign-in attempts from this counter. Try again in ${secondsLeft} second${secondsLeft === 1 ? '' : 's'}.`;
  const m = Math.floor(secondsLeft / 60);
  const s = String(secondsLeft % 60).padStart(2, '0');
  return `Too many failed sign-in attempts from this counter. Try again in ${m}:${s} (minutes:seconds).`;
}
