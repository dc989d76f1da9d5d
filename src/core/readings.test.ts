import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TenderMethod } from '../shared/common.js';
import {
  businessDateOf,
  calendarDateOf,
  drawerSummary,
  expectedCash,
  nextDate,
  nextGrandTotal,
  overShort,
  NO_RANGES,
  summarizeFacts,
  type FactGroup,
} from './readings.js';
import { computeLineTax, sumFigures, TAX_FIGURE_KEYS, zeroFigures, type TaxFigures } from './tax.js';

const neg = (f: TaxFigures): TaxFigures => Object.fromEntries(TAX_FIGURE_KEYS.map((k) => [k, -f[k]])) as unknown as TaxFigures;

function group(kind: FactGroup['kind'], tenderMethod: TenderMethod, figures: TaxFigures, extra: Partial<FactGroup> = {}): FactGroup {
  const collected = figures.amount + (extra.creditKept ?? 0) - (extra.creditUsed ?? 0);
  return { kind, tenderMethod, count: 1, collected, creditKept: 0, creditUsed: 0, figures, vatAdjSenior: 0, vatAdjPwd: 0, ...extra };
}

describe('summarizeFacts', () => {
  it('a day with a regular sale, an SC sale and a void of the regular one', () => {
    const regular = computeLineTax({ quantity: 1, unitPrice: 112_000 });
    const senior = computeLineTax({ quantity: 1, unitPrice: 112_000 }, 'senior');
    const r = summarizeFacts(
      [group('sale', 'cash', regular), group('sale', 'gcash', senior), group('void', 'cash', neg(regular), { count: 1 })],
      { ...NO_RANGES, or: { first: 'OR-1', last: 'OR-2' } },
    );
    expect(r.receiptCount).toBe(2);
    expect(r.sales).toEqual({ count: 2, amount: 192_000 });
    expect(r.voids).toEqual({ count: 1, amount: 112_000 });
    expect(r.tenders).toEqual([
      { method: 'cash', count: 1, amount: 0 },
      { method: 'gcash', count: 1, amount: 80_000 },
    ]);
    expect(r).toMatchObject({
      grossSales: 112_000,
      netSales: 80_000,
      vatableSales: 0,
      vatAmount: 0,
      vatExemptSales: 100_000,
      discounts: { senior: 20_000, pwd: 0, promo: 0 },
      vatAdjustment: 12_000,
      collections: 80_000,
      beginningOr: 'OR-1',
      endingOr: 'OR-2',
    });
  });

  it('the reading identities hold for any mix of sales, voids, refunds and deposits', () => {
    const arbGroup = fc.record({
      kind: fc.constantFrom<FactGroup['kind']>('sale', 'void', 'refund'),
      tenderMethod: fc.constantFrom<TenderMethod>('cash', 'card', 'gcash', 'maya', 'bank_transfer', 'check'),
      lines: fc.array(
        fc.record({
          quantity: fc.integer({ min: 1, max: 5 }),
          unitPrice: fc.integer({ min: 1, max: 1_000_000 }),
          vatCategory: fc.constantFrom('vatable' as const, 'exempt' as const, 'zero_rated' as const),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      kind2: fc.constantFrom(null, 'senior' as const, 'pwd' as const),
      kept: fc.integer({ min: 0, max: 50_000 }),
      used: fc.integer({ min: 0, max: 50_000 }),
    });
    fc.assert(
      fc.property(fc.array(arbGroup, { maxLength: 10 }), (raw) => {
        const groups = raw.map((g) => {
          const f = sumFigures(g.lines.map((l) => computeLineTax(l, g.kind2)));
          const kept = g.kind === 'refund' ? 0 : g.kept;
          const used = g.kind === 'refund' ? 0 : Math.min(g.used, f.amount);
          const sign = g.kind === 'sale' ? 1 : -1;
          return group(g.kind, g.tenderMethod, sign > 0 ? f : neg(f), {
            creditKept: sign * kept,
            creditUsed: sign * used,
            collected: sign * (f.amount + kept - used),
          });
        });
        const r = summarizeFacts(groups, NO_RANGES);
        expect(r.netSales).toBe(r.grossSales - r.discounts.senior - r.discounts.pwd - r.discounts.promo - r.vatAdjustment);
        expect(r.netSales).toBe(r.vatableSales + r.vatAmount + r.vatExemptSales + r.zeroRatedSales - r.discounts.senior - r.discounts.pwd);
        expect(r.collections).toBe(r.sales.amount - r.voids.amount - r.refunds.amount);
        expect(r.collections).toBe(r.netSales + r.deposits.kept - r.deposits.applied);
        expect(r.tenders.reduce((s, t) => s + t.count, 0)).toBe(r.receiptCount);
      }),
    );
  });

  it('an empty period is all zeros', () => {
    const r = summarizeFacts([], NO_RANGES);
    expect(r).toMatchObject({ receiptCount: 0, tenders: [], netSales: 0, grossSales: 0, beginningOr: null });
    expect(sumFigures([])).toEqual(zeroFigures());
  });
});

describe('drawer', () => {
  it('expected cash = float + cash collected + paid-in − paid-out; over/short = counted − expected', () => {
    expect(expectedCash({ openingFloat: 200_000, cashCollections: 150_000, paidIn: 10_000, paidOut: 25_000 })).toBe(335_000);
    expect(overShort(334_000, 335_000)).toBe(-1_000);
    expect(overShort(335_500, 335_000)).toBe(500);
  });

  it('hides expected cash for a blind count', () => {
    const figures = summarizeFacts([group('sale', 'cash', computeLineTax({ quantity: 1, unitPrice: 5_000 }))], NO_RANGES);
    const d = { openingFloat: 1_000, paidIn: 0, paidOut: 0, cashRefunds: 0 };
    expect(drawerSummary(d, figures, false).expectedCash).toBe(6_000);
    expect(drawerSummary(d, figures, true)).toMatchObject({ expectedCash: null, cashCollections: 5_000 });
  });

  it('the grand total only accumulates', () => {
    expect(nextGrandTotal(1_000_000, 250_000)).toBe(1_250_000);
  });
});

describe('business dates (Philippine time, UTC+8)', () => {
  it('a sale at 23:30 Manila on 1 March is on 1 March; at 00:30 on 2 March it is the 2nd', () => {
    expect(calendarDateOf('2026-03-01T15:30:00.000Z')).toBe('2026-03-01');
    expect(calendarDateOf('2026-03-01T16:30:00.000Z')).toBe('2026-03-02');
  });

  it('after the Z of a day, its later sales go to the next business day', () => {
    expect(businessDateOf('2026-03-01T14:00:00.000Z', null)).toBe('2026-03-01');
    expect(businessDateOf('2026-03-01T14:00:00.000Z', '2026-03-01')).toBe('2026-03-02');
    expect(businessDateOf('2026-03-03T02:00:00.000Z', '2026-03-01')).toBe('2026-03-03');
    expect(nextDate('2026-02-28')).toBe('2026-03-01');
    expect(nextDate('2028-02-28')).toBe('2028-02-29');
  });
});
