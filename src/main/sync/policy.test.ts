import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AdaptiveBatch, backoffDelay } from './policy.js';

describe('backoffDelay (full jitter)', () => {
  it('stays within [0, min(cap, base·2^(n-1))]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, 100, 5000, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(5000, 100 * 2 ** (attempt - 1)) + 1);
      }),
    );
  });

  it('grows exponentially until the cap', () => {
    const top = (n: number) => backoffDelay(n, 100, 5000, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(top)).toEqual([99, 199, 399, 799, 1599, 3199, 4999, 4999]);
  });
});

describe('AdaptiveBatch', () => {
  it('starts small, doubles on a backlog up to max, and falls back when the backlog is gone', () => {
    const b = new AdaptiveBatch({ min: 100, max: 2000 });
    expect(b.size(100_000)).toBe(100);
    const sizes: number[] = [];
    for (let i = 0; i < 7; i++) {
      sizes.push(b.size(100_000));
      b.succeeded(50_000);
    }
    expect(sizes).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
    b.succeeded(0);
    expect(b.size(100_000)).toBe(100);
  });

  it('never asks for more than is waiting', () => {
    const b = new AdaptiveBatch({ min: 100, max: 2000 });
    expect(b.size(7)).toBe(7);
  });

  it('halves what was sent on a timeout or 413, down to one', () => {
    const b = new AdaptiveBatch({ min: 100, max: 5000 });
    b.shrink(3000);
    expect(b.size(10_000)).toBe(1500);
    b.shrink(1);
    expect(b.size(10_000)).toBe(1);
  });
});
