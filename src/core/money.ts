/**
 * Money is an integer number of centavos, everywhere. Formatting to pesos happens
 * only at the edge (renderer, receipts, CSV) through `formatPeso`.
 */
declare const centavosBrand: unique symbol;
export type Centavos = number & { readonly [centavosBrand]: true };

export const MAX_CENTAVOS = 100_000_000_000;

export function isCentavos(n: unknown): n is Centavos {
  return typeof n === 'number' && Number.isSafeInteger(n) && Math.abs(n) <= MAX_CENTAVOS;
}

/** Brands a number as centavos; throws on floats, NaN or unsafe integers (a programming error). */
export function centavos(n: number): Centavos {
  if (!isCentavos(n)) throw new RangeError(`not a safe integer amount of centavos: ${n}`);
  return n;
}

export const ZERO = 0 as Centavos;

export function add(a: Centavos, b: Centavos): Centavos {
  return centavos(a + b);
}
export function sub(a: Centavos, b: Centavos): Centavos {
  return centavos(a - b);
}
export function sum(values: Iterable<number>): Centavos {
  let total = 0;
  for (const v of values) total += v;
  return centavos(total);
}
export function min(a: Centavos, b: Centavos): Centavos {
  return (a < b ? a : b);
}

/**
 * `numerator / denominator` of an integer amount, rounded half-up (away from zero on .5).
 * The one rounding primitive of the core: VAT, discounts and line amounts go through it.
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): Centavos {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return centavos(Number(negative ? -q : q));
}

/** Line amount = quantity × unit price (both integers: exact). */
export function lineAmount(quantity: number, unitPrice: Centavos): Centavos {
  return centavos(quantity * unitPrice);
}

const pesoFormat = new Intl.NumberFormat('en-PH', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `150050` → `₱1,500.50`; negative amounts as `-₱1,500.50`. */
export function formatPeso(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not centavos: ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const pesos = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}₱${pesoFormat.format(pesos).split('.')[0]}.${String(cents).padStart(2, '0')}`;
}

/**
 * Parses what a person types as pesos (`1,500.5`, `₱ 1500.50`, `1500`) into centavos,
 * exactly, without floating point. Returns null for anything that is not a valid amount
 * with at most two decimals.
 */
export function parsePesos(input: string): Centavos | null {
  const cleaned = input.replace(/[₱,\s]/g, '').replace(/^PHP/i, '');
  const m = /^(-)?(\d{1,12})(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!m) return null;
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const value = whole * 100 + frac;
  if (!isCentavos(value)) return null;
  return centavos(m[1] ? -value : value);
}
