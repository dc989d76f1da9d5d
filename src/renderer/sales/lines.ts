import { useCallback, useEffect, useRef, useState } from 'react';
import { centavos, lineAmount } from '../../core/money';
import type { ScPwdDiscount, TransactionLine, TransactionLineInput, VatCategory } from '../../shared/index';

/** An SC/PWD holder as the clerk types it: `sharedBy` is text until it is a whole number. */
export interface DraftHolder {
  kind: 'senior' | 'pwd';
  holderName: string;
  idNumber: string;
  sharedBy: string;
}

/** A line as the clerk types it: the quantity is text until it is a whole number. */
export interface DraftLine {
  key: number;
  description: string;
  quantity: string;
  unitPrice: number | null;
  vatCategory: VatCategory;
  /** A promo the line had (kept through an edit; not entered here). */
  promoDiscount?: number | undefined;
  /** This line's own SC/PWD holder, or null. */
  holder: DraftHolder | null;
}

let nextKey = 1;
export const blankLine = (): DraftLine => ({ key: nextKey++, description: '', quantity: '1', unitPrice: null, vatCategory: 'vatable', holder: null });
export const blankHolder = (withShare = true): DraftHolder => ({ kind: 'senior', holderName: '', idNumber: '', sharedBy: withShare ? '1' : '' });

export function holderFrom(d: { kind: 'senior' | 'pwd'; holderName: string; idNumber: string; sharedBy?: number | undefined } | null | undefined): DraftHolder | null {
  return d ? { kind: d.kind, holderName: d.holderName, idNumber: d.idNumber, sharedBy: String(d.sharedBy ?? 1) } : null;
}

export function draftFrom(lines: readonly TransactionLine[]): DraftLine[] {
  return lines.map((l) => ({
    key: nextKey++,
    description: l.description,
    quantity: String(l.quantity),
    unitPrice: l.unitPrice,
    vatCategory: l.vatCategory ?? 'vatable',
    promoDiscount: l.promoDiscount,
    holder: holderFrom(l.discount),
  }));
}

/** The people sharing a line: a whole number 1–1000, or null while it is not one. */
export function sharedByOf(h: DraftHolder): number | null {
  return /^\d{1,4}$/.test(h.sharedBy.trim()) && Number(h.sharedBy) >= 1 && Number(h.sharedBy) <= 1000 ? Number(h.sharedBy) : null;
}

/** Whether a holder is complete: name and ID number (printed with a signature line). */
export function holderReady(h: DraftHolder, withShare: boolean): boolean {
  return h.holderName.trim().length > 0 && h.idNumber.trim().length > 0 && (!withShare || sharedByOf(h) !== null);
}

/** The whole sale's discount as the request sends it. */
export function saleDiscountOf(h: DraftHolder | null): ScPwdDiscount | null {
  return h ? { kind: h.kind, holderName: h.holderName.trim(), idNumber: h.idNumber.trim() } : null;
}

function lineDiscountOf(h: DraftHolder): NonNullable<TransactionLineInput['discount']> {
  const n = sharedByOf(h) ?? 1;
  return { kind: h.kind, holderName: h.holderName.trim(), idNumber: h.idNumber.trim(), ...(n > 1 ? { sharedBy: n } : {}) };
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
  const problems = filled.filter((l) => !l.description.trim() || qty(l) === null || l.unitPrice === null || (l.holder !== null && !holderReady(l.holder, true)));
  const total = filled.reduce((s, l) => s + (amountOf(l) ?? 0), 0);
  const ready = filled.length > 0 && problems.length === 0 && total > 0;
  const toRequest = (): TransactionLineInput[] =>
    filled.map((l) => ({
      description: l.description.trim(),
      quantity: qty(l)!,
      unitPrice: l.unitPrice!,
      ...(l.vatCategory !== 'vatable' ? { vatCategory: l.vatCategory } : {}),
      ...(l.promoDiscount ? { promoDiscount: l.promoDiscount } : {}),
      ...(l.holder ? { discount: lineDiscountOf(l.holder) } : {}),
    }));
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
