import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { priceTransaction, type PricedLineInput } from './pricing.js';
import { computeLineTax, scPwdDiscountOf, type ScPwdKind, type TaxFigures, type VatCategory } from './tax.js';

const due = (t: TaxFigures) => t.vatableSales + t.vatAmount + t.vatExemptSales + t.zeroRatedSales - t.seniorDiscount - t.pwdDiscount;
const gross = (t: TaxFigures) => t.amount + t.seniorDiscount + t.pwdDiscount + t.promoDiscount + t.vatAdjustment;
const line = (unitPrice: number, extra: Partial<PricedLineInput> = {}): PricedLineInput => ({ quantity: 1, unitPrice, ...extra });

describe('SC/PWD per line (RMC 38-2012) and non-VAT stores', () => {
  it('a group meal of ₱1,000 for 5 diners with one senior: only the senior’s ₱200 share is discounted → ₱942.86', () => {
    const t = computeLineTax(line(1_000_00), { kind: 'senior', sharedBy: 5 });
    // Share 200.00 → ÷1.12 = 178.57 → 20% = 35.71 → 142.86; the others' 800.00 is a vatable sale (VAT 85.71).
    expect(t).toMatchObject({
      amount: 942_86,
      gross: 1_000_00,
      vatableSales: 714_29,
      vatAmount: 85_71,
      vatExemptSales: 178_57,
      seniorDiscount: 35_71,
      vatAdjustment: 21_43,
      discountKind: 'senior',
      discountAmount: 35_71,
    });
    // The whole meal discounted, as the transaction-level discount does: ₱714.29.
    expect(computeLineTax(line(1_000_00), 'senior').amount).toBe(714_29);
  });

  it('a shared exempt or zero-rated line: the share is VAT-exempt at the price as charged', () => {
    expect(computeLineTax(line(1_000_00, { vatCategory: 'exempt' }), { kind: 'pwd', sharedBy: 4 })).toMatchObject({
      amount: 950_00,
      vatExemptSales: 1_000_00,
      pwdDiscount: 50_00,
      vatAdjustment: 0,
    });
    expect(computeLineTax(line(1_000_00, { vatCategory: 'zero_rated' }), { kind: 'senior', sharedBy: 4 })).toMatchObject({
      amount: 950_00,
      zeroRatedSales: 750_00,
      vatExemptSales: 250_00,
      seniorDiscount: 50_00,
    });
  });

  it('a non-VAT store computes no VAT: ₱1,000 senior → ₱800.00, 20% of the price as charged', () => {
    const t = computeLineTax(line(1_000_00), 'senior', { vatRegistered: false });
    expect(t).toMatchObject({ amount: 800_00, vatExemptSales: 1_000_00, seniorDiscount: 200_00, vatAdjustment: 0, vatAmount: 0, vatableSales: 0 });
    expect(computeLineTax(line(1_120_00), null, { vatRegistered: false })).toMatchObject({ amount: 1_120_00, vatExemptSales: 1_120_00, vatAmount: 0 });
  });

  it('a mixed basket: ₱112 vatable + ₱50 exempt + ₱100 zero-rated', () => {
    const { totals } = priceTransaction([line(112_00), line(50_00, { vatCategory: 'exempt' }), line(100_00, { vatCategory: 'zero_rated' })], null);
    expect(totals).toMatchObject({ amount: 262_00, vatableSales: 100_00, vatAmount: 12_00, vatExemptSales: 50_00, zeroRatedSales: 100_00 });
  });

  it('refuses a discount on both the sale and a line, a shared line with a promo, and a bad share', () => {
    const sc = { kind: 'senior' as const };
    expect(() => priceTransaction([line(100, { discount: sc })], 'pwd')).toThrow(DomainError);
    expect(() => computeLineTax(line(1_000, { promoDiscount: 10 }), { kind: 'senior', sharedBy: 2 })).toThrow(/promo/);
    expect(() => computeLineTax(line(1_000), { kind: 'senior', sharedBy: 0 })).toThrow(/shared by/);
    expect(() => computeLineTax(line(1_000), { kind: 'senior', sharedBy: 1.5 })).toThrow(/shared by/);
  });
});

const arbCategory = fc.constantFrom<VatCategory>('vatable', 'exempt', 'zero_rated');
const arbLine = fc.record({
  quantity: fc.integer({ min: 1, max: 50 }),
  unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
  vatCategory: arbCategory,
});
const arbKind = fc.constantFrom<ScPwdKind>('senior', 'pwd');
const arbShare = fc.option(fc.record({ kind: arbKind, sharedBy: fc.integer({ min: 1, max: 30 }) }), { nil: undefined });
const arbVat = fc.boolean();

describe('per-line discount properties', () => {
  it('sharedBy 1 on every line is exactly the transaction-level discount', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 8 }), arbKind, arbVat, fc.integer({ min: 0, max: 100 }), (ls, kind, vatRegistered, promoPct) => {
        const lines = ls.map((l) => ({ ...l, unitPrice: l.unitPrice + 1, promoDiscount: Math.floor(((l.unitPrice + 1) * l.quantity * promoPct) / 100) }));
        const price = (f: () => ReturnType<typeof priceTransaction>) => {
          try {
            const r = f();
            return { totals: r.totals, lines: r.lines.map((l) => l.tax) };
          } catch (e) {
            return { refused: (e as DomainError).code };
          }
        };
        const whole = price(() => priceTransaction(lines, kind, { vatRegistered }));
        const perLine = price(() => priceTransaction(lines.map((l) => ({ ...l, discount: { kind, sharedBy: 1 } })), null, { vatRegistered }));
        expect(perLine).toEqual(whole);
      }),
    );
  });

  it('identities hold to the centavo, nothing is negative, the parts sum to the total', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbLine, arbShare), { minLength: 1, maxLength: 8 }), arbVat, (ls, vatRegistered) => {
        fc.pre(ls.some(([l]) => l.unitPrice > 0));
        const { lines, totals } = priceTransaction(ls.map(([l, d]) => ({ ...l, discount: d })), null, { vatRegistered });
        for (const t of [...lines.map((l) => l.tax), totals]) {
          expect(due(t)).toBe(t.amount);
          expect(gross(t)).toBe(t.gross);
          for (const v of Object.values(t)) if (typeof v === 'number') expect(v).toBeGreaterThanOrEqual(0);
          expect(t.amount).toBeLessThanOrEqual(t.gross);
        }
        expect(totals.amount).toBe(lines.reduce((s, l) => s + l.amount, 0));
        expect(totals.gross).toBe(ls.reduce((s, [l]) => s + l.quantity * l.unitPrice, 0));
        if (!vatRegistered) expect(totals.vatAmount + totals.vatableSales + totals.zeroRatedSales + totals.vatAdjustment).toBe(0);
      }),
    );
  });

  it('a holder’s share: never more than without it, never less than the whole line discounted, and less discount for a smaller share', () => {
    fc.assert(
      fc.property(arbLine, arbKind, fc.integer({ min: 1, max: 30 }), arbVat, (l, kind, n, vatRegistered) => {
        const opts = { vatRegistered };
        const shared = computeLineTax(l, { kind, sharedBy: n }, opts);
        const more = computeLineTax(l, { kind, sharedBy: n + 1 }, opts);
        expect(shared.amount).toBeLessThanOrEqual(computeLineTax(l, null, opts).amount);
        expect(shared.amount).toBeGreaterThanOrEqual(computeLineTax(l, kind, opts).amount);
        expect(more.discountAmount).toBeLessThanOrEqual(shared.discountAmount);
        // 20% of the holder's share (VAT-exclusive in a VAT store), rounded once.
        const share = Math.floor((l.quantity * l.unitPrice * 2 + n) / (2 * n));
        const base = vatRegistered && l.vatCategory === 'vatable' ? Math.floor((share * 200 + 112) / 224) : share;
        expect(shared.discountAmount).toBe(scPwdDiscountOf(base));
      }),
    );
  });
});
