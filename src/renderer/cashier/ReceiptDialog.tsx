import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import type { Settlement } from '../../shared/index';
import { ReceiptData } from '../../shared/receipts';
import { ErrorBox, Kbd, Spinner } from '../components/ui';
import { get, post } from '../lib/api';
import { printPage } from '../lib/desktop';
import { friendlyError } from '../lib/errors';
import { keys } from '../lib/query';
import { ChangeDue } from './ChangeDue';
import { Receipt } from './Receipt';

const ReceiptResponse = z.object({ receipt: ReceiptData });
const receiptPath = (id: string) => `/api/v1/receipts/${encodeURIComponent(id)}`;

/** The hub's copy of a settlement's document (the e-journal's: what was printed), as data. */
export function useReceipt(settlementId: string) {
  return useQuery({
    queryKey: ['receipt', settlementId],
    queryFn: () => get(`${receiptPath(settlementId)}?format=json`, ReceiptResponse),
    // The document does not change after it is issued, except by a void (refetched on open).
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}

/**
 * The document just issued (or opened from the list), as the hub has it: the same lines,
 * balance after, title and notice whether fresh or reopened. Print prints it; a second
 * print is a reprint: the hub counts it and the document says REPRINT.
 */
export function ReceiptDialog({
  settlement,
  fresh,
  onClose,
}: {
  settlement: Settlement;
  /** Just posted: the first print is the original. */
  fresh: boolean;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const receipt = useReceipt(settlement.id);
  // A reprint's answer: the same document marked REPRINT with its count.
  const [reprinted, setReprinted] = useState<ReceiptData | null>(null);
  const [printedOnce, setPrintedOnce] = useState(!fresh);
  const [error, setError] = useState<string | null>(null);
  const shown = reprinted ?? receipt.data?.receipt ?? null;

  const reprintMut = useMutation({
    mutationFn: () => post(`${receiptPath(settlement.id)}/reprint?format=json`, {}, ReceiptResponse),
    onSuccess: (res) => {
      setReprinted(res.receipt);
      void qc.invalidateQueries({ queryKey: keys.settlements });
    },
  });

  const doPrint = async () => {
    if (!shown) return;
    setError(null);
    try {
      if (printedOnce) await reprintMut.mutateAsync();
      // Let React paint the REPRINT mark before the print snapshot.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)));
      await printPage();
      setPrintedOnce(true);
    } catch (e) {
      setError(friendlyError(e));
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        void doPrint();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const kind = shown?.title ? shown.title.toLowerCase().replace(/^\w/, (c) => c.toUpperCase()) : 'Receipt';
  const reprintCount = shown?.reprintCount ?? settlement.reprintCount;
  // The document's own number (an SI's, when the payment is the sale's invoice).
  const number = shown?.number ?? settlement.or_number;
  return (
    <div className="modal-backdrop" role="dialog" aria-modal aria-label={`${kind} ${number}`}>
      <div className="modal receipt-modal">
        <div className="modal-head no-print">
          <h2>
            {fresh ? 'Payment posted' : kind} · <span className="mono">{number}</span>
          </h2>
        </div>
        {fresh && (
          <div className="no-print">
            <ChangeDue settlement={settlement} compact />
          </div>
        )}
        {/* Focusable: on a short screen the document scrolls, and keyboard users scroll it too. */}
        <div className="print-area" tabIndex={0} role="region" aria-label="Document">
          {shown ? (
            <Receipt receipt={shown} />
          ) : receipt.isError ? (
            <div className="no-print">
              <ErrorBox error={receipt.error} onRetry={() => void receipt.refetch()} />
            </div>
          ) : (
            <Spinner label="Loading the document…" />
          )}
        </div>
        {error && <div className="error-box no-print" role="alert">{error}</div>}
        <div className="modal-actions no-print">
          <button type="button" className="btn btn-primary" onClick={() => void doPrint()} data-testid="print-receipt" autoFocus>
            {printedOnce ? 'Reprint' : 'Print'} <Kbd>Ctrl+P</Kbd>
          </button>
          <button type="button" className="btn" onClick={onClose} data-testid="close-receipt">
            Next customer <Kbd>Esc</Kbd>
          </button>
        </div>
        {reprintCount > 0 && <div className="muted small no-print">Printed again {reprintCount} time(s).</div>}
      </div>
    </div>
  );
}
