import { useEffect, useRef } from 'react';
import type { Customer, Transaction } from '../../shared/index';
import { Money } from '../components/ui';
import { shortId } from '../lib/format';
import { invoiceOriginalPrinted, usePrintInvoice, usePrintSlip } from './useSalesActions';

/**
 * What the clerk sees once a transaction is saved: its reference (the one on the slip and
 * the one the cashier asks for), its Sales Invoice number (or that it comes at full
 * payment), the buyer, the total, and the slip and invoice to print for the customer.
 */
export function CreatedConfirmation({
  transaction,
  customer,
  onOpen,
  onAnother,
  onNewCustomer,
}: {
  transaction: Transaction;
  customer: Customer;
  onOpen: () => void;
  onAnother: () => void;
  onNewCustomer: () => void;
}) {
  const slip = usePrintSlip();
  const invoice = usePrintInvoice(true);
  const si = transaction.invoice;
  const printButton = useRef<HTMLButtonElement>(null);
  // The next thing a clerk does is hand the slip over: Enter prints it.
  useEffect(() => printButton.current?.focus(), [transaction.id]);
  return (
    <div className="created" role="status" data-testid="created-confirmation">
      <div className="created-head">
        <span className="created-tick" aria-hidden>
          ✓
        </span>
        <div>
          <div className="created-title">Transaction created for {customer.name}</div>
          <div className="muted">Give the customer the claim slip; the cashier finds it by this reference.</div>
        </div>
      </div>
      <div className="created-ref">
        <span className="card-label">Reference</span>
        <span className="mono created-ref-value" data-testid="created-ref">
          {shortId(transaction.id)}
        </span>
        <span className="card-label">Sales invoice</span>
        {si ? (
          <span className="mono created-si" data-testid="created-si">
            {si.number}
          </span>
        ) : (
          <span className="muted" data-testid="created-si-later">
            Issued when the sale is paid in full.
          </span>
        )}
        {transaction.buyer && (
          <>
            <span className="card-label">Sold to</span>
            <span data-testid="created-buyer">
              {transaction.buyer.name}
              {transaction.buyer.tin ? <span className="muted"> · TIN {transaction.buyer.tin}</span> : null}
            </span>
          </>
        )}
        <span className="card-label">Total</span>
        <Money value={transaction.total_amount} className="amount-l" />
      </div>
      {(slip.error ?? invoice.error) && (
        <div className="error-box" role="alert">
          {slip.error ?? invoice.error}
        </div>
      )}
      <div className="actions wrap">
        <button ref={printButton} type="button" className="btn btn-primary" onClick={() => slip.print(transaction.id)} disabled={slip.busy} data-testid="print-slip">
          {slip.busy ? 'Preparing…' : 'Print job-order slip'}
        </button>
        {si && (
          <button type="button" className="btn" onClick={() => invoice.print(transaction.id)} disabled={invoice.busy} data-testid="print-invoice">
            {invoice.busy ? 'Preparing…' : invoiceOriginalPrinted(transaction.id) ? 'Reprint invoice' : 'Print invoice'}
          </button>
        )}
        <button type="button" className="btn" onClick={onOpen} data-testid="open-created">
          View details
        </button>
        <button type="button" className="btn" onClick={onAnother} data-testid="another-for-customer">
          Another for {customer.name}
        </button>
        <button type="button" className="btn" onClick={onNewCustomer}>
          New customer <kbd>F2</kbd>
        </button>
      </div>
    </div>
  );
}
