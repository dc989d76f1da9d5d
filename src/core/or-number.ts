/** OR numbers: per-store prefix and a zero-padded counter, e.g. `OR-MNL01-00000042`. */
export const OR_COUNTER_WIDTH = 8;

export function formatOrNumber(prefix: string, counter: number): string {
  if (!Number.isSafeInteger(counter) || counter < 1) throw new RangeError(`bad OR counter ${counter}`);
  return `${prefix}-${String(counter).padStart(OR_COUNTER_WIDTH, '0')}`;
}

export function parseOrNumber(orNumber: string): { prefix: string; counter: number } | null {
  const m = /^(.*)-(\d+)$/.exec(orNumber);
  if (!m) return null;
  return { prefix: m[1]!, counter: Number(m[2]) };
}

/** Default OR prefix for a store id: `OR-<STOREID>`. */
export function defaultOrPrefix(storeId: string): string {
  return `OR-${storeId.toUpperCase()}`;
}

/**
 * A register's OR prefix: the first register (C1, which inherited the store's series)
 * keeps the store's prefix, so its numbers go on as before; every other register adds its
 * code (`OR-MNL01-C2-00000001`), so no two registers can ever print the same number.
 */
export function registerOrPrefix(storePrefix: string, code: string, first: boolean): string {
  return first ? storePrefix : `${storePrefix}-${code.toUpperCase()}`;
}

/**
 * A register's Sales Invoice prefix, from its OR prefix: `OR-MNL01` → `SI-MNL01`,
 * `OR-MNL01-C2` → `SI-MNL01-C2` (any other prefix gets `SI-` in front). An SI is never
 * numbered `OR-…` (domain.md), and no SI prefix can equal an OR prefix.
 */
export function invoicePrefix(orPrefix: string): string {
  return orPrefix.startsWith('OR-') ? `SI-${orPrefix.slice(3)}` : `SI-${orPrefix}`;
}
