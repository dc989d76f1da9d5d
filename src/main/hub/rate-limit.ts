/** A fixed-window counter per key, in memory (one hub process owns its LAN). */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may now. Does not count. */
  blockedFor(key: string): number {
    const w = this.windows.get(key);
    const now = this.clock();
    if (!w || w.resetAt <= now) return 0;
    return w.count >= this.max ? w.resetAt - now : 0;
  }

  /** Counts one attempt for `key`. */
  hit(key: string): void {
    const now = this.clock();
    this.sweep(now);
    const w = this.windows.get(key);
    if (!w || w.resetAt <= now) this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    else w.count += 1;
  }

  /** Gives back one attempt counted by `hit` (a sign-in that succeeded). */
  unhit(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count -= 1;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  /** Forgets expired windows now and then, so a flood of distinct keys cannot grow memory forever. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

export interface LoginLimits {
  /** Failed attempts per client address per window (successful sign-ins do not count). */
  perAddress: number;
  /** Failed attempts per username per window. */
  perUsername: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAddress: 30, perUsername: 5, windowMs: 5 * 60_000 };
