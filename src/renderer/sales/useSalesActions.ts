import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TransactionPaymentsResponse, TransactionResponse, type ScPwdDiscount, type Transaction, type TransactionLineInput } from '../../shared/index';
import { get, patch, post } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { applyTransaction } from '../lib/live-cache';
import { printHubDocument } from '../lib/print';
import { keys } from '../lib/query';

export const slipPath = (id: string) => `/api/v1/transactions/${encodeURIComponent(id)}/job-order?format=html`;
/** The sale's Sales Invoice printed by the hub: the original once (recorded), and its counted reprint. */
export const invoicePath = (id: string) => `/api/v1/transactions/${encodeURIComponent(id)}/invoice/print?format=html`;
export const invoiceReprintPath = (id: string) => `/api/v1/transactions/${encodeURIComponent(id)}/invoice/reprint?format=html`;

/** Prints a document the hub renders for a transaction (a hidden frame, as readings print). */
function usePrintDocument(load: (id: string) => Promise<unknown>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const print = (id: string) => {
    setError(null);
    setBusy(true);
    load(id)
      .catch((e: unknown) => setError(friendlyError(e)))
      .finally(() => setBusy(false));
  };
  return { print, error, busy };
}

/** Prints the job-order / claim slip from the hub's HTML (not a BIR document: never counted). */
export function usePrintSlip() {
  return usePrintDocument((id) => printHubDocument(slipPath(id)));
}

/**
 * Sales Invoices whose original this terminal has printed: the desk prints the original
 * once, right after the sale is saved; every later print is a reprint, which the hub counts
 * and journals and the paper marks REPRINT (as the cashier's receipts do).
 */
const originalsPrinted = new Set<string>();

/** Whether this terminal has printed the original of the sale's invoice (the next print is a reprint). */
export function invoiceOriginalPrinted(id: string): boolean {
  return originalsPrinted.has(id);
}

/**
 * Prints the sale's Sales Invoice from the hub's HTML: the original when `original` (the
 * confirmation of a sale just saved) and not yet printed here; otherwise a counted reprint.
 */
export function usePrintInvoice(original: boolean) {
  return usePrintDocument(async (id) => {
    if (original && !originalsPrinted.has(id)) {
      await printHubDocument(invoicePath(id), 'POST');
      originalsPrinted.add(id);
    } else {
      await printHubDocument(invoiceReprintPath(id), 'POST');
    }
  });
}

/**
 * Payments applied to one transaction. Keyed on its `updatedAt`, so a payment or void
 * pushed live (which moves updatedAt) fetches the list again.
 */
export function usePayments(t: Transaction | undefined) {
  return useQuery({
    queryKey: [...keys.transaction(t?.id ?? ''), 'payments', t?.updatedAt],
    queryFn: () => get(`/api/v1/transactions/${encodeURIComponent(t!.id)}/payments`, TransactionPaymentsResponse),
    enabled: !!t,
    placeholderData: (prev) => prev,
  });
}

export interface TransactionEditBody {
  lines?: TransactionLineInput[];
  dueDate?: string | null;
  notes?: string | null;
  /** The whole sale's SC/PWD discount (null: none); sent with new lines. */
  discount?: ScPwdDiscount | null;
}

/** Cancel (void) and edit: the answer goes straight into the cache the live layer keeps. */
export function useTransactionWrites(id: string) {
  const qc = useQueryClient();
  const done = (t: Transaction) => {
    applyTransaction(qc, t);
    void qc.invalidateQueries({ queryKey: keys.transactions });
  };
  const cancel = useMutation({
    mutationFn: (reason: string) => post(`/api/v1/transactions/${encodeURIComponent(id)}/void`, { reason }, TransactionResponse),
    onSuccess: (r) => done(r.transaction),
  });
  const edit = useMutation({
    mutationFn: (body: TransactionEditBody) => patch(`/api/v1/transactions/${encodeURIComponent(id)}`, body, TransactionResponse),
    onSuccess: (r) => done(r.transaction),
  });
  return { cancel, edit };
}
