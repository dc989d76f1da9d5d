import { useCallback, useEffect, useRef, useState } from 'react';
import { centavos, lineAmount } from '../../core/money';
import type { TransactionLine, TransactionLineInput } from '../../shared/index';

/** A line as the clerk types it: the quantity is text until it is a whole number. */
export interface DraftLine {
  key: number;
  description: string;
  quantity: string;
  unitPrice: number | null;
}

let nextKey = 1;
export const blankLine = (): DraftLine => ({ key: nextKey++, description: '', quantity: '1', unitPrice: null });

export function draftFrom(lines: readonly TransactionLine[]): DraftLine[] {
  return lines.map((l) => ({ key: nextKey++, description: l.description, quantity: String(l.quantity), unitPrice: l.unitPrice }));
}

export function qty(l: DraftLine): number | null {
  return /^\d{1,7}$/.test(l.quantity.trim()) && Number(l.quantity) >= 1 ? Number(l.quantity) : null;
}

export function amountOf(l: DraftLine): number | null {
  const q = qty(l);
  return q !== null && l.unitPrice !== null ? lineAmount(q, centavos(l.unitPrice)) : null;
}

/**
 * The line editor's state: the lines, what is wrong with them, the total, and the
 * request body. "+ Add line" hands focus to the new line's description (`focusKey`).
 */
export function useDraftLines(initial: () => DraftLine[] = () => [blankLine()]) {
  const [lines, setLines] = useState<DraftLine[]>(initial);
  const [focusKey, setFocusKey] = useState<number | null>(null);
  const filled = lines.filter((l) => l.description.trim() || l.unitPrice !== null);
  const problems = filled.filter((l) => !l.description.trim() || qty(l) === null || l.unitPrice === null);
  const total = filled.reduce((s, l) => s + (amountOf(l) ?? 0), 0);
  const ready = filled.length > 0 && problems.length === 0 && total > 0;
  const toRequest = (): TransactionLineInput[] =>
    filled.map((l) => ({ description: l.description.trim(), quantity: qty(l)!, unitPrice: l.unitPrice! }));
  const setLine = useCallback((key: number, patch: Partial<DraftLine>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l))), []);
  const add = useCallback(() => {
    const l = blankLine();
    setLines((ls) => [...ls, l]);
    setFocusKey(l.key);
  }, []);
  const remove = useCallback((key: number) => setLines((ls) => ls.filter((x) => x.key !== key)), []);
  const reset = useCallback((next: DraftLine[] = [blankLine()]) => setLines(next), []);
  return { lines, filled, problems, total, ready, toRequest, setLine, add, remove, reset, focusKey };
}
export type DraftLines = ReturnType<typeof useDraftLines>;

/** Focuses the element registered for `key` once it is rendered. */
export function useFocusOnKey(key: number | null) {
  const refs = useRef(new Map<number, HTMLInputElement>());
  useEffect(() => {
    if (key !== null) refs.current.get(key)?.focus();
  }, [key]);
  return (k: number) => (el: HTMLInputElement | null) => {
    if (el) refs.current.set(k, el);
    else refs.current.delete(k);
  };
}
