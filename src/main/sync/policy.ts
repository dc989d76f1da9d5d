/**
 * Retry and batch-size policy of the uploader, kept pure so it can be tested alone.
 */

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(cap, base·2^(attempt-1))].
 * Full jitter spreads the retries of many stores coming back online at once.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.floor(random() * ceiling);
}

export interface BatchLimits {
  min: number;
  max: number;
}

/**
 * Batch size that follows the backlog: small batches while the outbox is near empty
 * (a settlement reaches head office quickly), doubling on each success while a backlog
 * remains (catch-up moves thousands per request), halving on a timeout or a 413.
 */
export class AdaptiveBatch {
  private current: number;

  constructor(private readonly limits: BatchLimits) {
    if (limits.min < 1 || limits.max < limits.min) throw new RangeError('batch limits need 1 <= min <= max');
    this.current = limits.min;
  }

  /** How many events to send now, given how many are waiting. */
  size(backlog: number): number {
    return Math.max(1, Math.min(this.current, backlog));
  }

  succeeded(backlogLeft: number): void {
    this.current = backlogLeft > 0 ? Math.min(this.limits.max, this.current * 2) : this.limits.min;
  }

  /** Too large or too slow: the next try sends half of what this one did. */
  shrink(sent: number): void {
    this.current = Math.max(1, Math.floor(sent / 2));
  }
}
