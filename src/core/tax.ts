import { DomainError, assertNever } from './errors.js';
import { centavos, divRoundHalfUp, type Centavos } from './money.js';

/**
 * Philippine VAT and senior citizen / PWD discounts, per line, in integer centavos.
 *
 * Prices are VAT-inclusive (12%). Every rate is applied once, at the line, and rounded
 * half-up to the centavo (domain.md, Money); totals are sums of rounded lines.
 *
 * Per line, two identities hold exactly (property-tested):
 *   due   = vatableSales + vatAmount + vatExemptSales + zeroRatedSales − seniorDiscount − pwdDiscount
 *   gross = due + seniorDiscount + pwdDiscount + promoDiscount + vatAdjustment
 * i.e. VAT-exempt sales of an SC/PWD line are shown before the 20% discount (₱1,000.00,
 * less ₱200.00, due ₱800.00), as BIR receipts show them; a promo is taken off the
 * VAT-inclusive price before VAT is split out.
 */
export const VAT_CATEGORIES = ['vatable', 'exempt', 'zero_rated'] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

/** RA 9994 (senior citizens) and RA 10754 (persons with disability). */
export type ScPwdKind = 'senior' | 'pwd';
export type DiscountKind = ScPwdKind | 'promo';

const VAT_PERCENT = 12n;
const SC_PWD_PERCENT = 20n;

/** The VAT inside a VAT-inclusive amount: amount × 12/112, half-up. */
export function vatOfInclusive(amount: number): Centavos {
  return divRoundHalfUp(BigInt(amount) * VAT_PERCENT, 100n + VAT_PERCENT);
}

/** A VAT-inclusive amount without its VAT: amount ÷ 1.12, half-up (the SC/PWD base). */
export function netOfVat(amount: number): Centavos {
  return divRoundHalfUp(BigInt(amount) * 100n, 100n + VAT_PERCENT);
}

/** 20% of an amount, half-up. */
export function scPwdDiscountOf(base: number): Centavos {
  return divRoundHalfUp(BigInt(base) * SC_PWD_PERCENT, 100n);
}

/**
 * The money figures of a line, a transaction, a receipt or a reading. All are sums of
 * per-line figures, so they add and subtract as plain vectors.
 */
export interface TaxFigures {
  /** Amount due (after discounts): what the customer pays. */
  amount: number;
  /** Price list value, VAT-inclusive, before any discount. */
  gross: number;
  vatableSales: number;
  vatAmount: number;
  vatExemptSales: number;
  zeroRatedSales: number;
  seniorDiscount: number;
  pwdDiscount: number;
  promoDiscount: number;
  /** VAT removed because an SC/PWD sale is VAT-exempt (₱120.00 on ₱1,120.00). */
  vatAdjustment: number;
}

export const TAX_FIGURE_KEYS = [
  'amount',
  'gross',
  'vatableSales',
  'vatAmount',
  'vatExemptSales',
  'zeroRatedSales',
  'seniorDiscount',
  'pwdDiscount',
  'promoDiscount',
  'vatAdjustment',
] as const satisfies readonly (keyof TaxFigures)[];

export function zeroFigures(): TaxFigures {
  return {
    amount: 0,
    gross: 0,
    vatableSales: 0,
    vatAmount: 0,
    vatExemptSales: 0,
    zeroRatedSales: 0,
    seniorDiscount: 0,
    pwdDiscount: 0,
    promoDiscount: 0,
    vatAdjustment: 0,
  };
}

export function addFigures(a: TaxFigures, b: TaxFigures, sign: 1 | -1 = 1): TaxFigures {
  const out = zeroFigures();
  for (const k of TAX_FIGURE_KEYS) out[k] = centavos(a[k] + sign * b[k]);
  return out;
}

export function sumFigures(items: Iterable<TaxFigures>): TaxFigures {
  let total = zeroFigures();
  for (const f of items) total = addFigures(total, f);
  return total;
}

export interface LineTaxInput {
  quantity: number;
  unitPrice: number;
  vatCategory?: VatCategory | undefined;
  /** A promo taken off the line's VAT-inclusive price, in centavos. */
  promoDiscount?: number | undefined;
}

/**
 * Who on a line gets the SC/PWD discount: the holder's kind and the share of the line
 * that is theirs, 1/`sharedBy` (RMC 38-2012: a group meal for 5 with one senior is
 * `sharedBy: 5`; default 1, the whole line).
 */
export interface ScPwdShare {
  kind: ScPwdKind;
  sharedBy?: number | undefined;
}

export interface PricingOptions {
  /**
   * A VAT-registered store (the default) splits 12% VAT out of its prices and gives an
   * SC/PWD holder 20% off the VAT-exclusive price. A non-VAT store computes no VAT: every
   * sale is in the VAT-exempt bucket and the 20% is of the price as charged (domain.md).
   */
  vatRegistered?: boolean | undefined;
}

/** The most diners a shared line may be split between. */
export const MAX_SHARED_BY = 1000;

export interface LineTax extends TaxFigures {
  vatCategory: VatCategory;
  /** Which discount the line got; never two (no SC/PWD discount on top of a promo). */
  discountKind: DiscountKind | null;
  discountAmount: number;
}

/**
 * VAT and discount of one line.
 *
 * Regular sale: the promo (if any) comes off the VAT-inclusive price; VAT = due × 12/112.
 * SC/PWD sale: the holder's share of the line (the whole line unless `sharedBy` > 1,
 * else line ÷ sharedBy, half-up) is VAT-exempt — a vatable price is divided by 1.12 —
 * and 20% of that comes off; the rest of the line is a regular sale. A promo is never
 * added on top: on a line that is the holder's alone the customer gets whichever gives
 * the lower amount due (the promo price, still VAT-exempt, or the 20%), ties going to
 * the SC/PWD discount; a shared line cannot carry a promo (one discount per line).
 * A non-VAT store (`vatRegistered: false`) has no VAT to split or take out.
 */
export function computeLineTax(line: LineTaxInput, scPwd: ScPwdKind | ScPwdShare | null = null, opts: PricingOptions = {}): LineTax {
  const category = line.vatCategory ?? 'vatable';
  const promo = line.promoDiscount ?? 0;
  const vatRegistered = opts.vatRegistered ?? true;
  const holder = typeof scPwd === 'string' ? { kind: scPwd, sharedBy: 1 } : scPwd ? { kind: scPwd.kind, sharedBy: scPwd.sharedBy ?? 1 } : null;
  if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) throw new RangeError(`bad quantity ${line.quantity}`);
  const gross = centavos(line.quantity * line.unitPrice);
  if (gross < 0) throw new RangeError('negative line price');
  if (!Number.isSafeInteger(promo) || promo < 0 || promo > gross) {
    throw new DomainError('validation_failed', 'A promo discount must be between zero and the line price.', { promo, gross });
  }
  if (holder && (!Number.isSafeInteger(holder.sharedBy) || holder.sharedBy < 1 || holder.sharedBy > MAX_SHARED_BY)) {
    throw new DomainError('validation_failed', `A line can be shared by 1 to ${MAX_SHARED_BY} people.`, { sharedBy: holder.sharedBy });
  }
  if (holder && holder.sharedBy > 1 && promo > 0) {
    throw new DomainError('validation_failed', 'A shared senior/PWD line cannot also carry a promo: give the senior/PWD share its own line.', {
      sharedBy: holder.sharedBy,
      promo,
    });
  }
  const out: LineTax = { ...zeroFigures(), gross, vatCategory: category, discountKind: null, discountAmount: 0 };

  if (holder) {
    const exemptBase = (price: number): number => (vatRegistered && category === 'vatable' ? netOfVat(price) : price);
    const share = holder.sharedBy === 1 ? gross : divRoundHalfUp(BigInt(gross), BigInt(holder.sharedBy));
    const base = exemptBase(share);
    const discount = scPwdDiscountOf(base);
    const scDue = base - discount;
    if (promo > 0) {
      const promoPrice = gross - promo;
      const promoDue = exemptBase(promoPrice);
      if (promoDue < scDue) {
        return fill(out, { amount: promoDue, vatExemptSales: promoDue, promoDiscount: promo, vatAdjustment: promoPrice - promoDue }, 'promo', promo);
      }
    }
    // The others' share of the line is a regular sale (nothing when the line is the holder's alone).
    const rest = regularFigures(gross - share, 0, category, vatRegistered);
    const discounts = holder.kind === 'senior' ? { seniorDiscount: discount } : { pwdDiscount: discount };
    return fill(
      out,
      { ...rest, amount: rest.amount + scDue, vatExemptSales: rest.vatExemptSales + base, vatAdjustment: share - base, ...discounts },
      holder.kind,
      discount,
    );
  }

  const regular = regularFigures(gross, promo, category, vatRegistered);
  return fill(out, regular, promo > 0 ? 'promo' : null, promo);
}

/** A sale without SC/PWD discount: the promo off the VAT-inclusive price, then the VAT split by category. */
function regularFigures(price: number, promo: number, category: VatCategory, vatRegistered: boolean) {
  const due = price - promo;
  const figures = { amount: due, vatableSales: 0, vatAmount: 0, vatExemptSales: 0, zeroRatedSales: 0, promoDiscount: promo };
  if (!vatRegistered) return { ...figures, vatExemptSales: due };
  switch (category) {
    case 'vatable': {
      const vat = vatOfInclusive(due);
      return { ...figures, vatableSales: due - vat, vatAmount: vat };
    }
    case 'exempt':
      return { ...figures, vatExemptSales: due };
    case 'zero_rated':
      return { ...figures, zeroRatedSales: due };
    default:
      return assertNever(category, 'VAT category');
  }
}

function fill(out: LineTax, figures: Partial<TaxFigures>, kind: DiscountKind | null, discount: number): LineTax {
  for (const [k, v] of Object.entries(figures)) out[k as keyof TaxFigures] = centavos(v);
  out.discountKind = kind;
  out.discountAmount = centavos(discount);
  return out;
}

/**
 * The share of a transaction's tax figures that one payment (or, with a negative
 * amount, one refund) carries, for receipts and readings.
 *
 * Rule (VAT on collections, as ORs for services are taxed): after each payment the
 * transaction's attributed figures are its totals × paid/total, rounded half-up; the
 * payment carries the difference from what live payments already carry (`soFar`).
 * The payment that completes the transaction therefore takes exactly the remainder, so
 * a fully paid transaction's receipts add up to its lines to the centavo, whatever voids
 * and refunds happened in between. Sub-totals are split hierarchically (vatable due,
 * then zero-rated, exempt as the rest) so a bucket a transaction does not have is
 * never given a stray centavo.
 */
export function attributeShare(totals: TaxFigures, soFar: TaxFigures, paidBefore: number, amount: number): TaxFigures {
  const total = totals.amount;
  const paidAfter = paidBefore + amount;
  if (!(total > 0) || paidBefore < 0 || paidAfter < 0 || paidAfter > total) {
    throw new RangeError(`payment ${amount} outside 0..${total} (paid before ${paidBefore})`);
  }
  const target = (f: number): number => (paidAfter === total ? f : divRoundHalfUp(BigInt(f) * BigInt(paidAfter), BigInt(total)));
  const share = (f: (x: TaxFigures) => number): number => target(f(totals)) - f(soFar);
  const vatableDue = share((x) => x.vatableSales + x.vatAmount);
  const vatableOrZeroDue = share((x) => x.vatableSales + x.vatAmount + x.zeroRatedSales);
  const vat = share((x) => x.vatAmount);
  const senior = share((x) => x.seniorDiscount);
  const pwd = share((x) => x.pwdDiscount);
  const promo = share((x) => x.promoDiscount);
  const vatAdjustment = share((x) => x.vatAdjustment);
  return {
    amount: centavos(amount),
    gross: centavos(amount + senior + pwd + promo + vatAdjustment),
    vatableSales: centavos(vatableDue - vat),
    vatAmount: centavos(vat),
    vatExemptSales: centavos(amount - vatableOrZeroDue + senior + pwd),
    zeroRatedSales: centavos(vatableOrZeroDue - vatableDue),
    seniorDiscount: centavos(senior),
    pwdDiscount: centavos(pwd),
    promoDiscount: centavos(promo),
    vatAdjustment: centavos(vatAdjustment),
  };
}

/**
 * The share of a payment's tax figures that a refund against it reverses (negative):
 * the payment's own share is split across its refunds the same way attributeShare splits
 * a transaction across its payments, so refunds adding up to the whole payment reverse
 * its share exactly. `refundedBefore`/`soFar` are the earlier refunds of this payment
 * (positive amounts and figures).
 */
export function refundShare(payment: TaxFigures, soFar: TaxFigures, refundedBefore: number, amount: number): TaxFigures {
  if (!(amount > 0)) throw new RangeError(`refund ${amount} must be positive`);
  return addFigures(zeroFigures(), attributeShare(payment, soFar, refundedBefore, amount), -1);
}

/** A line's VAT split as stored (the transaction_lines columns), for summing. */
export interface StoredLineFigures {
  amount: number;
  gross_amount: number;
  vatable_base: number;
  vat_amount: number;
  exempt_amount: number;
  zero_rated_amount: number;
  discount_kind: 'senior' | 'pwd' | 'promo' | null;
  discount_amount: number;
  vat_adjustment: number;
}

/** A sale's figures: the sum of its stored lines (its invoice's VAT breakdown). */
export function figuresOfLines(lines: readonly StoredLineFigures[]): TaxFigures {
  const t = zeroFigures();
  for (const l of lines) {
    t.amount += l.amount;
    t.gross += l.gross_amount;
    t.vatableSales += l.vatable_base;
    t.vatAmount += l.vat_amount;
    t.vatExemptSales += l.exempt_amount;
    t.zeroRatedSales += l.zero_rated_amount;
    if (l.discount_kind === 'senior') t.seniorDiscount += l.discount_amount;
    else if (l.discount_kind === 'pwd') t.pwdDiscount += l.discount_amount;
    else if (l.discount_kind === 'promo') t.promoDiscount += l.discount_amount;
    t.vatAdjustment += l.vat_adjustment;
  }
  return t;
}
