import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/errors';
import { signInWaitSeconds, waitMessage } from './throttle';

describe('sign-in throttle message', () => {
  it('takes the wait from the hub’s 429 details, and only from a throttle', () => {
    const throttled = new ApiError(429, 'rate_limited', 'Too many failed sign-in attempts. Try again in 45 seconds.', { retryAfterSeconds: 45 });
    expect(signInWaitSeconds(throttled)).toBe(45);
    // An older hub without details still gets a sensible wait rather than none.
    expect(signInWaitSeconds(new ApiError(429, 'rate_limited', 'slow down'))).toBe(60);
    expect(signInWaitSeconds(new ApiError(401, 'unauthorized', 'Wrong username or password.'))).toBeNull();
    expect(signInWaitSeconds(new Error('boom'))).toBeNull();
  });

  it('says how long to wait, in words a clerk reads at a glance', () => {
    expect(waitMessage(45)).toBe('Too many failed sign-in attempts from this counter. Try again in 45 seconds.');
    expect(waitMessage(1)).toMatch(/in 1 second\.$/);
    expect(waitMessage(300)).toMatch(/Try again in 5:00 \(minutes:seconds\)\.$/);
    expect(waitMessage(65)).toMatch(/in 1:05 /);
    expect(waitMessage(0)).toBe('You can try again now.');
  });
});
