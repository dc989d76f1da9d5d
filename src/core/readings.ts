import type { TenderMethod } from '../shared/common.js';
import type { DrawerSummary, ReadingFigures, TenderTotal } from '../shared/readings.js';
import { centavos } from './money.js';
import { addFigures, zeroFigures, type TaxFigures } from './tax.js';

/**
 * X- and Z-reading maths, pure. The hub records one signed "fact" per receipt issued,
 * per void and per refund (voids and refunds negative); a reading is the sum of the
 * facts of a shift (X) or a business day (Z), grouped by kind and tender here.
 */
export type FactKind = 'invoice' | 'sale' | 'void' | 'refund';

/** The sums of the facts of one kind and one tender. */
export interface FactGroup {
  kind: FactKind;
  /** Null on invoices (no money changes hands when a Sales Invoice is issued). */
  tenderMethod: TenderMethod | null;
  count: number;
  /** Money received (+) or handed back (−). */
  collected: number;
  creditKept: number;
  creditUsed: number;
  figures: TaxFigures;
  /** The SC and PWD parts of figures.vatAdjustment. */
  vatAdjSenior: number;
  vatAdjPwd: number;
}

type Range = { first: string | null; last: string | null };
/** First and last numbers of the period's documents: collection receipts, invoices, voids, returns. */
export interface FactRanges {
  or: Range;
  si: Range;
  void: Range;
  refund: Range;
}

const TENDER_ORDER: readonly TenderMethod[] = ['cash', 'card', 'gcash', 'maya', 'bank_transfer', 'check'];

/**
 * The figures of a reading from its fact groups. `sales`, `voids`, `refunds` count the
 * events of the period at face value; every other figure is the signed sum, i.e. net of
 * the voids and refunds of the period (a void of an earlier day's receipt is deducted
 * on the day it happens: that day's Z shows it, an earlier Z never changes).
 */
export function summarizeFacts(groups: readonly FactGroup[], ranges: FactRanges): ReadingFigures {
  let figures = zeroFigures();
  const byKind = { sale: { count: 0, amount: 0 }, void: { count: 0, amount: 0 }, refund: { count: 0, amount: 0 } };
  const invoices = { count: 0, amount: 0 };
  const cancelled = { count: 0, amount: 0 };
  const adj = { senior: 0, pwd: 0, other: 0, returns: 0 };
  const tenders = new Map<TenderMethod, TenderTotal>();
  let kept = 0;
  let applied = 0;
  for (const g of groups) {
    figures = addFigures(figures, g.figures);
    if (g.kind === 'refund') {
      // The VAT given back on returns (refund facts are negative).
      adj.returns -= g.figures.vatAmount;
    } else {
      adj.senior += g.vatAdjSenior;
      adj.pwd += g.vatAdjPwd;
      adj.other += g.figures.vatAdjustment - g.vatAdjSenior - g.vatAdjPwd;
    }
    if (g.kind === 'invoice') {
      invoices.count += g.count;
      invoices.amount += g.figures.amount;
      continue;
    }
    if (g.kind === 'void' && g.tenderMethod === null) {
      // A cancelled invoice (its sale cancelled or reissued): no money moved back.
      cancelled.count += g.count;
      cancelled.amount -= g.figures.amount;
      continue;
    }
    // A voided payment document counts in `voids` by the same rows in count and amount.
    byKind[g.kind].count += g.count;
    byKind[g.kind].amount += g.kind === 'sale' ? g.collected : -g.collected;
    kept += g.creditKept;
    applied += g.creditUsed;
    if (g.tenderMethod === null) continue;
    const t = tenders.get(g.tenderMethod) ?? { method: g.tenderMethod, count: 0, amount: 0 };
    if (g.kind === 'sale') t.count += g.count;
    t.amount += g.collected;
    tenders.set(g.tenderMethod, t);
  }
  const tenderList = TENDER_ORDER.flatMap((m) => {
    const t = tenders.get(m);
    return t && (t.count !== 0 || t.amount !== 0) ? [{ ...t, amount: centavos(t.amount) }] : [];
  });
  return {
    receiptCount: byKind.sale.count,
    beginningOr: ranges.or.first,
    endingOr: ranges.or.last,
    sales: byKind.sale,
    voids: byKind.void,
    refunds: byKind.refund,
    tenders: tenderList,
    collections: centavos(tenderList.reduce((s, t) => s + t.amount, 0)),
    grossSales: figures.gross,
    discounts: { senior: figures.seniorDiscount, pwd: figures.pwdDiscount, promo: figures.promoDiscount },
    vatAdjustment: figures.vatAdjustment,
    netSales: figures.amount,
    vatableSales: figures.vatableSales,
    vatAmount: figures.vatAmount,
    vatExemptSales: figures.vatExemptSales,
    zeroRatedSales: figures.zeroRatedSales,
    deposits: { kept: centavos(kept), applied: centavos(applied) },
    invoices: {
      count: invoices.count,
      amount: centavos(invoices.amount),
      cancelled: { count: cancelled.count, amount: centavos(cancelled.amount) },
      beginning: ranges.si.first,
      ending: ranges.si.last,
    },
    voidNumbers: { beginning: ranges.void.first, ending: ranges.void.last },
    returnNumbers: { beginning: ranges.refund.first, ending: ranges.refund.last },
    vatAdjustments: { senior: centavos(adj.senior), pwd: centavos(adj.pwd), other: centavos(adj.other), returns: centavos(adj.returns) },
  };
}

/** No documents: the ranges of an empty period. */
export const NO_RANGES: FactRanges = {
  or: { first: null, last: null },
  si: { first: null, last: null },
  void: { first: null, last: null },
  refund: { first: null, last: null },
};

/** Cash the drawer should hold: float + cash collected (net of voids and cash refunds) + paid-in − paid-out. */
export function expectedCash(d: { openingFloat: number; cashCollections: number; paidIn: number; paidOut: number }): number {
  return centavos(d.openingFloat + d.cashCollections + d.paidIn - d.paidOut);
}

export function drawerSummary(
  d: { openingFloat: number; paidIn: number; paidOut: number; cashRefunds: number },
  figures: ReadingFigures,
  blind: boolean,
): DrawerSummary {
  const cashCollections = figures.tenders.find((t) => t.method === 'cash')?.amount ?? 0;
  return {
    openingFloat: d.openingFloat,
    cashCollections,
    paidIn: d.paidIn,
    paidOut: d.paidOut,
    cashRefunds: d.cashRefunds,
    expectedCash: blind ? null : expectedCash({ ...d, cashCollections }),
  };
}

/** counted − expected: negative is short, positive is over. */
export function overShort(counted: number, expected: number): number {
  return centavos(counted - expected);
}

/** The accumulated grand total never resets: each Z adds its day's net sales. */
export function nextGrandTotal(previous: number, netSales: number): number {
  return centavos(previous + netSales);
}

/** Philippine Standard Time, UTC+8, no daylight saving. */
export const DEFAULT_TZ_OFFSET_MINUTES = 480;

/** The calendar date (YYYY-MM-DD) of an instant in the store's time zone. */
export function calendarDateOf(iso: string, offsetMinutes = DEFAULT_TZ_OFFSET_MINUTES): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${iso}`);
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function nextDate(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${date}`);
  return new Date(ms + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The business date an event belongs to: its calendar date, unless that day's Z-reading
 * is already taken — then the day after the last Z. A sale after the Z therefore lands
 * on the next business day and is never left out of every Z.
 */
export function businessDateOf(iso: string, lastZDate: string | null, offsetMinutes = DEFAULT_TZ_OFFSET_MINUTES): string {
  const day = calendarDateOf(iso, offsetMinutes);
  return lastZDate !== null && day <= lastZDate ? nextDate(lastZDate) : day;
}

/**
 * The sum of several registers' figures (the store's day report): every count and amount
 * added; first/last numbers are per register and have no store-wide meaning, so null.
 */
export function sumReadingFigures(all: readonly ReadingFigures[]): ReadingFigures {
  const add = (a: unknown, b: unknown): unknown => {
    if (typeof a === 'number' && typeof b === 'number') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return null;
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(a)) out[k] = add((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      return out;
    }
    return null;
  };
  const empty = summarizeFacts([], NO_RANGES);
  let total: ReadingFigures = empty;
  for (const f of all) {
    const tenders = new Map(total.tenders.map((t) => [t.method, { ...t }]));
    for (const t of f.tenders) {
      const cur = tenders.get(t.method) ?? { method: t.method, count: 0, amount: 0 };
      cur.count += t.count;
      cur.amount += t.amount;
      tenders.set(t.method, cur);
    }
    total = { ...(add(total, f) as ReadingFigures), tenders: TENDER_ORDER.flatMap((m) => (tenders.has(m) ? [tenders.get(m)!] : [])) };
  }
  return total;
}
