import type { QueryClient } from '@tanstack/react-query';
import type { PaymentStatusUpdated, Transaction } from '../../shared/index';
import { keys } from './query';

/**
 * The newest version of each transaction this terminal has seen, from any source
 * (socket push, catch-up, HTTP). An HTTP answer that left the hub before a push
 * arrived must not overwrite the pushed state: `reconcile` keeps the newer one,
 * comparing `updatedAt` (the hub bumps it on every change of the numbers).
 */
const newest = new Map<string, Transaction>();

export function reconcile(tx: Transaction): Transaction {
  const known = newest.get(tx.id);
  if (known && known.updatedAt > tx.updatedAt) return known;
  newest.set(tx.id, tx);
  return tx;
}

export interface TxPage {
  items: Transaction[];
  nextCursor: string | null;
}

/** Latest OR that touched a transaction, as learnt from pushes: `{or_number, reverted}`. */
export interface LatestOr {
  or_number: string;
  /** True when the OR was voided (the push lowered what was paid). */
  voided: boolean;
  at: string;
}

/** Applies a full transaction from a push or catch-up to every cached view of it. */
export function applyTransaction(qc: QueryClient, incoming: Transaction): void {
  const tx = reconcile(incoming);
  if (tx !== incoming) return;
  qc.setQueryData(keys.transaction(tx.id), tx);
  qc.setQueriesData<TxPage>({ queryKey: keys.transactions }, (old) => {
    if (!old || !Array.isArray(old.items)) return old;
    const i = old.items.findIndex((t) => t.id === tx.id);
    if (i < 0) return old;
    const items = old.items.slice();
    items[i] = tx;
    return { ...old, items };
  });
}

/** Applies a `payment_status_updated` push: patches the numbers and records the OR. */
export function applyStatus(qc: QueryClient, u: PaymentStatusUpdated): void {
  const known = newest.get(u.transactionId) ?? qc.getQueryData<Transaction>(keys.transaction(u.transactionId));
  if (u.or_number) {
    // An OR is posted once and voided at most once: seeing the same OR again on the same
    // transaction means its void. Without that history, a drop in what is paid says so.
    const prev = qc.getQueryData<Record<string, LatestOr>>(keys.latestOr)?.[u.transactionId];
    const voided =
      (prev?.or_number === u.or_number && !prev.voided) || (prev?.or_number !== u.or_number && u.paid_amount < (known?.paid_amount ?? 0));
    qc.setQueryData<Record<string, LatestOr>>(keys.latestOr, (old) => ({
      ...old,
      [u.transactionId]: { or_number: u.or_number!, voided, at: u.timestamp },
    }));
  }
  // Patch the numbers in place; the full `transaction_updated` that accompanies this push
  // (same seq) then replaces the object and advances `newest`.
  const patch = (t: Transaction): Transaction =>
    t.id === u.transactionId
      ? { ...t, payment_status: u.payment_status, paid_amount: u.paid_amount, balance_amount: u.balance_amount }
      : t;
  qc.setQueryData<Transaction>(keys.transaction(u.transactionId), (old) => (old ? patch(old) : old));
  qc.setQueriesData<TxPage>({ queryKey: keys.transactions }, (old) =>
    old && Array.isArray(old.items) && old.items.some((t) => t.id === u.transactionId)
      ? { ...old, items: old.items.map(patch) }
      : old,
  );
}
