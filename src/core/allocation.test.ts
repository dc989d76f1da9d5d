import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, computeTender, orderForStrategy, type OpenTransaction } from './allocation.js';
import { DomainError } from './errors.js';
import { centavos } from './money.js';

const tx = (id: string, balance: number, dueDate: string | null, createdAt: string): OpenTransaction => ({
  id,
  balance: centavos(balance),
  dueDate,
  createdAt,
});

const open = [
  tx('a', 5000, '2026-03-01', '2026-01-03T00:00:00.000Z'),
  tx('b', 9000, '2026-02-01', '2026-01-02T00:00:00.000Z'),
  tx('c', 2000, null, '2026-01-01T00:00:00.000Z'),
  tx('d', 9000, '2026-02-01', '2026-01-01T00:00:00.000Z'),
];

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('allocation strategies', () => {
  it('oldest_first: by due date (undated last), then creation time', () => {
    expect(orderForStrategy(open, 'oldest_first').map((t) => t.id)).toEqual(['d', 'b', 'a', 'c']);
    const r = allocate({ amount: centavos(12000), strategy: 'oldest_first', open });
    expect(r.allocations).toEqual([
      { transactionId: 'd', amount: 9000 },
      { transactionId: 'b', amount: 3000 },
    ]);
    expect(r.creditAmount).toBe(0);
  });

  it('largest_first: by balance, ties oldest first', () => {
    const r = allocate({ amount: centavos(20000), strategy: 'largest_first', open });
    expect(r.allocations).toEqual([
      { transactionId: 'd', amount: 9000 },
      { transactionId: 'b', amount: 9000 },
      { transactionId: 'a', amount: 2000 },
    ]);
  });

  it('manual: explicit lines must sum to the amount and stay within balances', () => {
    const r = allocate({
      amount: centavos(3000),
      strategy: 'manual',
      lines: [
        { transactionId: 'c', amount: 2000 },
        { transactionId: 'a', amount: 1000 },
      ],
      open,
    });
    expect(r.allocations.map((a) => a.transactionId)).toEqual(['c', 'a']);
    expect(codeOf(() => allocate({ amount: centavos(3000), strategy: 'manual', lines: [{ transactionId: 'c', amount: 2000 }], open }))).toBe(
      'allocation_mismatch',
    );
    expect(codeOf(() => allocate({ amount: centavos(3000), strategy: 'manual', lines: [{ transactionId: 'c', amount: 3000 }], open }))).toBe(
      'balance_changed',
    );
    expect(codeOf(() => allocate({ amount: centavos(10), strategy: 'manual', lines: [{ transactionId: 'zz', amount: 10 }], open }))).toBe(
      'invalid_allocation',
    );
  });

  it('refuses an amount above everything outstanding unless kept as credit', () => {
    expect(codeOf(() => allocate({ amount: centavos(25001), strategy: 'oldest_first', open }))).toBe('overpayment');
    const r = allocate({ amount: centavos(25001), strategy: 'oldest_first', open, keepExcessAsCredit: true });
    expect(r.creditAmount).toBe(1);
    expect(r.allocations.reduce((s, a) => s + a.amount, 0)).toBe(25000);
    expect(codeOf(() => allocate({ amount: centavos(100), strategy: 'oldest_first', open: [] }))).toBe('nothing_outstanding');
  });

  it('uses credit only for what the cash does not cover', () => {
    const r = allocate({ amount: centavos(20000), strategy: 'oldest_first', open, useCredit: true, creditAvailable: centavos(10000) });
    expect(r.creditUsed).toBe(5000);
    expect(r.allocations.reduce((s, a) => s + a.amount, 0)).toBe(25000);
  });

  it('computes cash change and refuses short tender', () => {
    expect(computeTender('cash', centavos(150050), 200000)).toEqual({ change: 49950, tendered: 200000 });
    expect(computeTender('cash', centavos(100), undefined)).toEqual({ change: 0, tendered: 100 });
    expect(codeOf(() => computeTender('cash', centavos(100), 99))).toBe('tender_insufficient');
    expect(computeTender('gcash', centavos(100))).toEqual({ change: 0, tendered: null });
    expect(codeOf(() => computeTender('card', centavos(100), 200))).toBe('validation_failed');
  });
});

const arbOpen = fc
  .uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 6 }),
      balance: fc.integer({ min: 1, max: 1_000_000 }),
      dueDate: fc.option(fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01'), { nil: null }),
      createdAt: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
    }),
    { selector: (t) => t.id, maxLength: 12 },
  )
  .map((ts) => ts.map((t) => ({ ...t, balance: centavos(t.balance) })));

describe('allocation properties', () => {
  it('never exceeds a balance, lines are positive, and allocations + credit = amount + credit used', () => {
    fc.assert(
      fc.property(
        arbOpen,
        fc.integer({ min: 1, max: 15_000_000 }),
        fc.constantFrom('oldest_first' as const, 'largest_first' as const),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 2_000_000 }),
        (openTxs, amount, strategy, keep, useCredit, credit) => {
          const outstanding = openTxs.reduce((s, t) => s + t.balance, 0);
          let r;
          try {
            r = allocate({ amount: centavos(amount), strategy, open: openTxs, keepExcessAsCredit: keep, useCredit, creditAvailable: centavos(credit) });
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
            expect(keep).toBe(false);
            expect(amount).toBeGreaterThan(outstanding);
            return;
          }
          const byId = new Map(openTxs.map((t) => [t.id, t.balance]));
          const allocated = r.allocations.reduce((s, a) => s + a.amount, 0);
          for (const a of r.allocations) {
            expect(a.amount).toBeGreaterThan(0);
            expect(a.amount).toBeLessThanOrEqual(byId.get(a.transactionId)!);
          }
          expect(new Set(r.allocations.map((a) => a.transactionId)).size).toBe(r.allocations.length);
          expect(allocated + r.creditAmount).toBe(amount + r.creditUsed);
          expect(r.creditUsed).toBeLessThanOrEqual(useCredit ? credit : 0);
          expect(r.creditAmount > 0 && r.creditUsed > 0).toBe(false);
          expect(allocated).toBeLessThanOrEqual(outstanding);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('manual lines are taken exactly as given when valid', () => {
    fc.assert(
      fc.property(arbOpen.filter((o) => o.length > 0), fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1 }), (openTxs, fracs) => {
        const lines = openTxs.slice(0, fracs.length).map((t, i) => ({
          transactionId: t.id,
          amount: Math.max(1, Math.floor(t.balance * fracs[i]!)),
        }));
        const amount = lines.reduce((s, l) => s + l.amount, 0);
        const r = allocate({ amount: centavos(amount), strategy: 'manual', lines, open: openTxs });
        expect(r.allocations).toEqual(lines);
      }),
    );
  });
});
