import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { Settlement, type Transaction } from '../../shared/index';
import { Kbd } from '../components/ui';
import { post } from '../lib/api';
import { printPage } from '../lib/desktop';
import { friendlyError } from '../lib/errors';
import { keys } from '../lib/query';
import { ChangeDue } from './ChangeDue';
import { Receipt } from './Receipt';

const ReprintResponse = z.object({ settlement: Settlement });

/**
 * The receipt just posted (or opened from the list). Print prints it; a second print
 * is a reprint: the hub counts it and the receipt says REPRINT.
 */
export function ReceiptDialog({
  settlement: initial,
  customerName,
  cashierName,
  transactions,
  fresh,
  onClose,
}: {
  settlement: Settlement;
  customerName: string;
  cashierName: string;
  transactions?: Transaction[];
  /** Just posted: the first print is the original. */
  fresh: boolean;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const [settlement, setSettlement] = useState(initial);
  const [printedOnce, setPrintedOnce] = useState(!fresh);
  const [reprint, setReprint] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reprintMut = useMutation({
    mutationFn: () => post(`/api/v1/settlements/${encodeURIComponent(settlement.id)}/reprint`, {}, ReprintResponse),
    onSuccess: (res) => {
      setSettlement(res.settlement);
      setReprint(true);
      void qc.invalidateQueries({ queryKey: keys.settlements });
    },
  });

  const doPrint = async () => {
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

  return (
    <div className="modal-backdrop" role="dialog" aria-modal aria-label={`Receipt ${settlement.or_number}`}>
      <div className="modal">
        <div className="modal-head no-print">
          <h2>
            {fresh ? 'Payment posted' : 'Receipt'} · <span className="mono">{settlement.or_number}</span>
          </h2>
        </div>
        {fresh && (
          <div className="no-print">
            <ChangeDue settlement={settlement} compact />
          </div>
        )}
        <div className="print-area">
          <Receipt settlement={settlement} customerName={customerName} cashierName={cashierName} transactions={transactions} reprint={reprint} />
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
        {settlement.reprintCount > 0 && (
          <div className="muted small no-print">Printed again {settlement.reprintCount} time(s).</div>
        )}
      </div>
    </div>
  );
}
