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
