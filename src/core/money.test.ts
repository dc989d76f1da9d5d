import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centavos, divRoundHalfUp, formatPeso, parsePesos } from './money.js';

describe('money', () => {
  it('formats centavos as pesos only at the edge', () => {
    expect(formatPeso(150050)).toBe('₱1,500.50');
    expect(formatPeso(0)).toBe('₱0.00');
    expect(formatPeso(5)).toBe('₱0.05');
    expect(formatPeso(-123456789)).toBe('-₱1,234,567.89');
  });

  it('parses what a cashier types into exact centavos', () => {
    expect(parsePesos('1,500.5')).toBe(150050);
    expect(parsePesos('₱ 1500.50')).toBe(150050);
    expect(parsePesos('1500')).toBe(150000);
    expect(parsePesos('0.1')).toBe(10);
    expect(parsePesos('1.234')).toBeNull();
    expect(parsePesos('abc')).toBeNull();
    expect(parsePesos('')).toBeNull();
  });

  it('parse(format(x)) is the identity for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), (n) => {
        expect(parsePesos(formatPeso(n))).toBe(n);
      }),
    );
  });

  it('refuses floats and unsafe integers as centavos', () => {
    expect(() => centavos(1.5)).toThrow(RangeError);
    expect(() => centavos(Number.NaN)).toThrow(RangeError);
    expect(() => centavos(2 ** 60)).toThrow(RangeError);
  });

  it('rounds half-up, away from zero, to the centavo', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3); // 2.5 → 3
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3);
    expect(divRoundHalfUp(112000n * 12n, 112n)).toBe(12000); // VAT of ₱1,120.00
    expect(divRoundHalfUp(1n, 3n)).toBe(0);
    expect(divRoundHalfUp(2n, 3n)).toBe(1);
  });

  it('half-up rounding is within half a centavo of the exact quotient', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e11, max: 1e11 }), fc.integer({ min: 1, max: 10_000 }), (n, d) => {
        const r = divRoundHalfUp(BigInt(n), BigInt(d));
        expect(Math.abs(r * d - n) * 2).toBeLessThanOrEqual(d);
      }),
    );
  });
});
