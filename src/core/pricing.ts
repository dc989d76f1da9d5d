import { DomainError } from './errors.js';
import { MAX_CENTAVOS } from './money.js';
import { computeLineTax, sumFigures, type LineTax, type LineTaxInput, type PricingOptions, type ScPwdKind, type ScPwdShare, type TaxFigures } from './tax.js';

/** A line to price: its VAT category and promo, and maybe an SC/PWD holder's share of it. */
export interface PricedLineInput extends LineTaxInput {
  discount?: ScPwdShare | null | undefined;
}

export interface PricedTransaction<L extends PricedLineInput> {
  lines: (L & { line_no: number; amount: number; tax: LineTax })[];
  /** The sum of the lines' figures: `totals.amount` is the transaction's total. */
  totals: TaxFigures;
}

/**
 * Prices a transaction once, line by line (domain.md: rounding at the line, totals are
 * sums). `discount` is the transaction-level SC/PWD discount: it applies to every line,
 * each as the holder's whole line. A line's own `discount` applies to that line only (its
 * share 1/sharedBy); a transaction carries one or the other, never both, so a line is
 * never discounted twice. Bad input is a `validation_failed` DomainError, never a
 * RangeError (a total above MAX_CENTAVOS, or not above zero).
 */
export function priceTransaction<L extends PricedLineInput>(input: readonly L[], discount: ScPwdKind | null, opts: PricingOptions = {}): PricedTransaction<L> {
  if (discount && input.some((l) => l.discount)) {
    throw new DomainError('validation_failed', 'Give the senior/PWD discount either to the whole sale or to its lines, not both.');
  }
  let gross = 0;
  for (const l of input) gross += l.quantity * l.unitPrice;
  if (gross > MAX_CENTAVOS) {
    throw new DomainError('validation_failed', 'The transaction total is too large.', { max: MAX_CENTAVOS });
  }
  const lines = input.map((l, i) => {
    const tax = computeLineTax(l, discount ?? l.discount ?? null, opts);
    return { ...l, line_no: i + 1, amount: tax.amount, tax };
  });
  const totals = sumFigures(lines.map((l) => l.tax));
  if (totals.amount <= 0) throw new DomainError('validation_failed', 'A transaction must total more than zero.');
  return { lines, totals };
}
