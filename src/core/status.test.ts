import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivePaymentStatus } from './status.js';
import { formatOrNumber, parseOrNumber } from './or-number.js';

describe('payment status', () => {
  it('is derived from the numbers', () => {
    expect(derivePaymentStatus(1000, 0)).toBe('unpaid');
    expect(derivePaymentStatus(1000, 1)).toBe('partial');
    expect(derivePaymentStatus(1000, 999)).toBe('partial');
    expect(derivePaymentStatus(1000, 1000)).toBe('paid');
    expect(derivePaymentStatus(1000, 0, true)).toBe('void');
  });
  it('refuses paid outside 0..total', () => {
    expect(() => derivePaymentStatus(1000, 1001)).toThrow();
    expect(() => derivePaymentStatus(1000, -1)).toThrow();
  });
  it('matches the numbers for any total and paid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e11 }), fc.double({ min: 0, max: 1, noNaN: true }), (total, f) => {
        const paid = Math.floor(total * f);
        const s = derivePaymentStatus(total, paid);
        expect(s === 'unpaid').toBe(paid === 0);
        expect(s === 'paid').toBe(paid === total);
      }),
    );
  });
});

describe('OR numbers', () => {
  it('are a per-store prefix and a zero-padded counter', () => {
    expect(formatOrNumber('OR-MNL01', 42)).toBe('OR-MNL01-00000042');
    expect(parseOrNumber('OR-MNL01-00000042')).toEqual({ prefix: 'OR-MNL01', counter: 42 });
    expect(() => formatOrNumber('OR-X', 0)).toThrow();
    expect(() => formatOrNumber('OR-X', 1.5)).toThrow();
  });
  it('sort in issue order as text while under 10^8', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_998 }), (n) => {
        expect(formatOrNumber('OR-A', n) < formatOrNumber('OR-A', n + 1)).toBe(true);
      }),
    );
  });
});
