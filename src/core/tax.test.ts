import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addFigures,
  attributeShare,
  computeLineTax,
  netOfVat,
  refundShare,
  sumFigures,
  vatOfInclusive,
  zeroFigures,
  type LineTax,
  type ScPwdKind,
  type TaxFigures,
  type VatCategory,
} from './tax.js';

const due = (t: TaxFigures) => t.vatableSales + t.vatAmount + t.vatExemptSales + t.zeroRatedSales - t.seniorDiscount - t.pwdDiscount;
const gross = (t: TaxFigures) => t.amount + t.seniorDiscount + t.pwdDiscount + t.promoDiscount + t.vatAdjustment;

describe('VAT of a VAT-inclusive price (12%)', () => {
  it('splits ₱1,120.00 into ₱1,000.00 VATable and ₱120.00 VAT', () => {
    const t = computeLineTax({ quantity: 1, unitPrice: 112_000 });
    expect(t).toMatchObject({ amount: 112_000, gross: 112_000, vatableSales: 100_000, vatAmount: 12_000, vatExemptSales: 0 });
  });

  it('rounds half-up once per line, on the line amount (3 × ₱9.99)', () => {
    // 2997 × 12/112 = 321.107… → 321; VATable = 2997 − 321 = 2676.
    const t = computeLineTax({ quantity: 3, unitPrice: 999 });
    expect(t).toMatchObject({ amount: 2997, vatAmount: 321, vatableSales: 2676 });
    // exactly .5: 14 × 12/112 = 1.5 → 2 (half-up), ÷1.12 = 12.5 → 13
    expect(vatOfInclusive(14)).toBe(2);
    expect(netOfVat(14)).toBe(13);
  });

  it('puts VAT-exempt and zero-rated lines in their own buckets, with no VAT', () => {
    expect(computeLineTax({ quantity: 2, unitPrice: 5_000, vatCategory: 'exempt' })).toMatchObject({
      amount: 10_000,
      vatExemptSales: 10_000,
      vatAmount: 0,
      vatableSales: 0,
    });
    expect(computeLineTax({ quantity: 1, unitPrice: 7_500, vatCategory: 'zero_rated' })).toMatchObject({
      amount: 7_500,
      zeroRatedSales: 7_500,
      vatAmount: 0,
    });
  });

  it('takes a promo off the VAT-inclusive price before splitting the VAT', () => {
    const t = computeLineTax({ quantity: 1, unitPrice: 112_000, promoDiscount: 11_200 });
    expect(t).toMatchObject({ amount: 100_800, vatAmount: 10_800, vatableSales: 90_000, promoDiscount: 11_200, discountKind: 'promo' });
  });
});

describe('senior citizen / PWD discount (RA 9994, RA 10754)', () => {
  it('₱1,120.00 VAT-inclusive → VAT-exempt ₱1,000.00 → discount ₱200.00 → due ₱800.00', () => {
    const t = computeLineTax({ quantity: 1, unitPrice: 112_000 }, 'senior');
    expect(t).toMatchObject({
      gross: 112_000,
      vatExemptSales: 100_000,
      vatAdjustment: 12_000,
      seniorDiscount: 20_000,
      pwdDiscount: 0,
      vatAmount: 0,
      vatableSales: 0,
      amount: 80_000,
      discountKind: 'senior',
      discountAmount: 20_000,
    });
  });

  it('records a PWD discount apart from a senior one', () => {
    const t = computeLineTax({ quantity: 4, unitPrice: 28_000 }, 'pwd');
    expect(t).toMatchObject({ amount: 80_000, pwdDiscount: 20_000, seniorDiscount: 0, discountKind: 'pwd' });
  });

  it('gives 20% of the price on an already VAT-exempt line (no VAT to take out)', () => {
    const t = computeLineTax({ quantity: 1, unitPrice: 50_000, vatCategory: 'exempt' }, 'senior');
    expect(t).toMatchObject({ vatExemptSales: 50_000, seniorDiscount: 10_000, amount: 40_000, vatAdjustment: 0 });
  });

  it('never adds the SC discount on top of a promo: the better of the two applies', () => {
    // A small promo: the 20% is better.
    const small = computeLineTax({ quantity: 1, unitPrice: 112_000, promoDiscount: 5_600 }, 'senior');
    expect(small).toMatchObject({ amount: 80_000, discountKind: 'senior', promoDiscount: 0, seniorDiscount: 20_000 });
    // A 50% promo: the promo price (VAT-exempt) is better; no 20% on top.
    const big = computeLineTax({ quantity: 1, unitPrice: 112_000, promoDiscount: 56_000 }, 'senior');
    expect(big).toMatchObject({ amount: 50_000, discountKind: 'promo', promoDiscount: 56_000, seniorDiscount: 0, vatAdjustment: 6_000 });
  });

  it('refuses a promo larger than the line', () => {
    expect(() => computeLineTax({ quantity: 1, unitPrice: 100, promoDiscount: 101 })).toThrow(/promo/);
  });
});

const arbLine = fc.record({
  quantity: fc.integer({ min: 1, max: 50 }),
  unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
  vatCategory: fc.constantFrom<VatCategory>('vatable', 'exempt', 'zero_rated'),
  promoPct: fc.integer({ min: 0, max: 100 }),
});
const arbKind = fc.constantFrom<ScPwdKind | null>(null, 'senior', 'pwd');

function lineOf(l: { quantity: number; unitPrice: number; vatCategory: VatCategory; promoPct: number }, kind: ScPwdKind | null): LineTax {
  const promo = Math.floor((l.quantity * l.unitPrice * l.promoPct) / 100);
  return computeLineTax({ ...l, promoDiscount: promo }, kind);
}

describe('line tax properties', () => {
  it('due and gross identities hold to the centavo, and every figure is non-negative', () => {
    fc.assert(
      fc.property(arbLine, arbKind, (l, kind) => {
        const t = lineOf(l, kind);
        expect(due(t)).toBe(t.amount);
        expect(gross(t)).toBe(t.gross);
        expect(t.gross).toBe(l.quantity * l.unitPrice);
        for (const v of Object.values(t)) if (typeof v === 'number') expect(v).toBeGreaterThanOrEqual(0);
        expect(t.amount).toBeLessThanOrEqual(t.gross);
      }),
    );
  });

  it('an SC/PWD line carries no VAT, one discount only, and never costs more than without it', () => {
    fc.assert(
      fc.property(arbLine, fc.constantFrom<ScPwdKind>('senior', 'pwd'), (l, kind) => {
        const t = lineOf(l, kind);
        const regular = lineOf(l, null);
        expect(t.vatAmount + t.vatableSales + t.zeroRatedSales).toBe(0);
        expect([t.seniorDiscount, t.pwdDiscount, t.promoDiscount].filter((d) => d > 0).length).toBeLessThanOrEqual(1);
        expect(t.amount).toBeLessThanOrEqual(regular.amount);
      }),
    );
  });

  it('VAT is within half a centavo of the exact 12/112', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (amount) => {
        const exact = (amount * 12) / 112;
        expect(Math.abs(vatOfInclusive(amount) - exact)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});

describe('attribution of a transaction to its payments', () => {
  const arbTx = fc.tuple(fc.array(arbLine, { minLength: 1, maxLength: 6 }), arbKind).filter(([ls, k]) => sumFigures(ls.map((l) => lineOf(l, k))).amount > 0);

  it('the SC example paid in two halves carries ₱500/₱100 then the remainder', () => {
    const totals = computeLineTax({ quantity: 1, unitPrice: 112_000 }, 'senior');
    const first = attributeShare(totals, zeroFigures(), 0, 40_000);
    expect(first).toMatchObject({ amount: 40_000, vatExemptSales: 50_000, seniorDiscount: 10_000, vatableSales: 0, gross: 56_000 });
    const second = attributeShare(totals, first, 40_000, 40_000);
    expect(addFigures(first, second)).toMatchObject({ amount: 80_000, vatExemptSales: 100_000, seniorDiscount: 20_000, gross: 112_000 });
  });

  it('payments and voids: live shares always satisfy the identities and add up exactly once paid', () => {
    fc.assert(
      fc.property(arbTx, fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.double({ min: 0.01, max: 1, noNaN: true })), { maxLength: 12 }), ([ls, kind], ops) => {
        const lines = ls.map((l) => lineOf(l, kind));
        const totals = sumFigures(lines);
        const live: TaxFigures[] = [];
        let paid = 0;
        const pay = (amount: number) => {
          const s = attributeShare(totals, sumFigures(live), paid, amount);
          expect(due(s)).toBe(s.amount);
          expect(gross(s)).toBe(s.gross);
          live.push(s);
          paid += amount;
        };
        for (const [op, frac] of ops) {
          const open = totals.amount - paid;
          if (op === 0 && open > 0) pay(Math.max(1, Math.floor(open * frac)));
          else if (live.length > 0) {
            // A void takes a payment out whole.
            paid -= live.splice(Math.floor(frac * live.length) % live.length, 1)[0]!.amount;
          }
        }
        if (totals.amount - paid > 0) pay(totals.amount - paid);
        expect(sumFigures(live)).toEqual(totals);
      }),
    );
  });

  it('a transaction without a bucket never gets a stray centavo in it', () => {
    fc.assert(
      fc.property(arbTx, fc.array(fc.double({ min: 0.01, max: 0.9, noNaN: true }), { maxLength: 6 }), ([ls, kind], fracs) => {
        const totals = sumFigures(ls.map((l) => lineOf(l, kind)));
        let paid = 0;
        let soFar = zeroFigures();
        for (const f of [...fracs, 1]) {
          const open = totals.amount - paid;
          if (open === 0) break;
          const amount = f === 1 ? open : Math.max(1, Math.floor(open * f));
          const s = attributeShare(totals, soFar, paid, amount);
          for (const k of ['vatableSales', 'vatAmount', 'vatExemptSales', 'zeroRatedSales', 'seniorDiscount', 'pwdDiscount'] as const) {
            if (totals[k] === 0) expect(s[k]).toBe(0);
          }
          soFar = addFigures(soFar, s);
          paid += amount;
        }
      }),
    );
  });

  it('refunds of a payment reverse its share in proportion, and all of it when all of it is refunded', () => {
    fc.assert(
      fc.property(arbTx, fc.double({ min: 0.05, max: 1, noNaN: true }), fc.array(fc.double({ min: 0.01, max: 0.7, noNaN: true }), { maxLength: 5 }), ([ls, kind], payFrac, fracs) => {
        const totals = sumFigures(ls.map((l) => lineOf(l, kind)));
        const payment = attributeShare(totals, zeroFigures(), 0, Math.max(1, Math.floor(totals.amount * payFrac)));
        let refunded = 0;
        let soFar = zeroFigures();
        for (const f of [...fracs, 1]) {
          const left = payment.amount - refunded;
          if (left === 0) break;
          const amount = f === 1 ? left : Math.max(1, Math.floor(left * f));
          const r = refundShare(payment, soFar, refunded, amount);
          expect(r.amount).toBe(-amount);
          expect(-due(r)).toBe(amount);
          expect(gross(r)).toBe(r.gross);
          soFar = addFigures(soFar, r, -1);
          refunded += amount;
        }
        expect(soFar).toEqual(payment);
      }),
    );
  });

  it('refuses a payment beyond the total', () => {
    const totals = computeLineTax({ quantity: 1, unitPrice: 1_000 });
    expect(() => attributeShare(totals, zeroFigures(), 500, 501)).toThrow(RangeError);
  });
});
