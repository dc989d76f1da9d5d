import { useState } from 'react';
import type { Transaction } from '../../shared/index';
import { Modal } from '../components/Modal';
import { ReasonDialog } from '../components/ReasonDialog';
import { ErrorBox, Money, Spinner, StatusPill } from '../components/ui';
import { useCustomer, useTransaction } from '../lib/data';
import { fmtDate, fmtDateTime, shortId, TENDER_LABEL } from '../lib/format';
import { EditTransactionForm } from './EditTransactionForm';
import { usePayments, usePrintInvoice, usePrintSlip, useTransactionWrites } from './useSalesActions';

/** Nothing is paid (or was ever paid and voided) and it is not cancelled: it may still change. */
function editable(t: Transaction, paymentsSeen: number): boolean {
  return t.payment_status === 'unpaid' && t.paid_amount === 0 && paymentsSeen === 0;
}

/**
 * One transaction, live: lines, payments and status follow the hub's pushes. While nothing
 * is paid the clerk may edit it or cancel it; after that it only prints.
 */
export function TransactionDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const tx = useTransaction(id);
  const t = tx.data;
  const customer = useCustomer(t?.customerId ?? null);
  const payments = usePayments(t);
  const slip = usePrintSlip();
  // From the detail the invoice has been handed over already (at the desk or the counter): a reprint.
  const invoice = usePrintInvoice(false);
  const writes = useTransactionWrites(id);
  const [mode, setMode] = useState<'view' | 'edit' | 'cancel'>('view');
  const paymentRows = payments.data?.items ?? [];
  const canChange = !!t && payments.isSuccess && editable(t, paymentRows.length);

  if (mode === 'cancel' && t) {
    return (
      <ReasonDialog
        title={`Cancel transaction ${shortId(t.id)}?`}
        confirmLabel="Cancel transaction"
        cancelLabel="Keep it"
        busyLabel="Cancelling…"
        busy={writes.cancel.isPending}
        error={writes.cancel.error}
        testId="cancel-tx"
        onCancel={() => setMode('view')}
        onConfirm={(reason) => writes.cancel.mutate(reason, { onSuccess: () => setMode('view') })}
      >
        <p>
          {customer.data?.name ?? 'The customer'} will no longer owe <Money value={t.total_amount} /> for it. The transaction stays on record as
          cancelled.
        </p>
      </ReasonDialog>
    );
  }

  return (
    <Modal label={t ? `Transaction ${shortId(t.id)}` : 'Transaction'} onClose={onClose} wide testId="tx-detail" busy={writes.edit.isPending}>
      {tx.isPending ? (
        <Spinner label="Loading the transaction…" />
      ) : tx.isError ? (
        <ErrorBox error={tx.error} onRetry={() => void tx.refetch()} />
      ) : mode === 'edit' && canChange ? (
        <EditTransactionForm transaction={tx.data} mutation={writes.edit} onDone={() => setMode('view')} />
      ) : (
        <>
          <div className="detail-head">
            <div>
              <h2>
                Transaction <span className="mono">{shortId(tx.data.id)}</span>
              </h2>
              <div className="muted small">
                {customer.data?.name ?? '…'} · created {fmtDateTime(tx.data.createdAt)}
                {tx.data.dueDate ? ` · due ${fmtDate(tx.data.dueDate)}` : ''}
              </div>
              <div className="small" data-testid="detail-si">
                {tx.data.invoice ? (
                  <>
                    Sales invoice <span className="mono">{tx.data.invoice.number}</span>
                  </>
                ) : (
                  <span className="muted">Sales invoice: issued when paid in full</span>
                )}
                {tx.data.buyer ? ` · sold to ${tx.data.buyer.name}${tx.data.buyer.tin ? `, TIN ${tx.data.buyer.tin}` : ''}` : ''}
              </div>
            </div>
            <span data-testid="detail-status">
              <StatusPill status={tx.data.payment_status} />
            </span>
          </div>
          <table className="grid">
            <thead>
              <tr>
                <th>Description</th>
                <th className="num">Qty</th>
                <th className="num">Unit price</th>
                <th className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {tx.data.lines.map((l, i) => (
                <tr key={i} data-testid="detail-line">
                  <td className="wrap-text">
                    {l.description}
                    {(l.discount ?? tx.data.discount) && (
                      <div className="muted small" data-testid="detail-line-discount">
                        {holderLine(l.discount ?? tx.data.discount!)}
                      </div>
                    )}
                  </td>
                  <td className="num">{l.quantity}</td>
                  <td className="num">
                    <Money value={l.unitPrice} />
                  </td>
                  <td className="num">
                    <Money value={l.amount} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="detail-totals">
            <dt>Total</dt>
            <dd>
              <Money value={tx.data.total_amount} />
            </dd>
            <dt>Paid</dt>
            <dd data-testid="detail-paid">
              <Money value={tx.data.paid_amount} />
            </dd>
            <dt>Balance</dt>
            <dd className="strong" data-testid="detail-balance">
              <Money value={tx.data.balance_amount} />
            </dd>
          </dl>
          {tx.data.notes && <p className="wrap-text">Notes: {tx.data.notes}</p>}
          <h3 className="step">Payments</h3>
          {payments.isError ? (
            <ErrorBox error={payments.error} onRetry={() => void payments.refetch()} />
          ) : paymentRows.length === 0 ? (
            <p className="muted">{payments.isPending ? 'Loading…' : 'No payment yet.'}</p>
          ) : (
            <ul className="payments" data-testid="detail-payments">
              {paymentRows.map((p) => (
                <li key={p.settlementId} className={p.status === 'void' ? 'voided' : ''} data-testid="detail-payment">
                  <span className="mono">{p.status === 'void' ? <s>{p.or_number}</s> : p.or_number}</span>
                  <span>{TENDER_LABEL[p.method as keyof typeof TENDER_LABEL] ?? p.method}</span>
                  <span className="muted small">{fmtDateTime(p.createdAt)}</span>
                  <Money value={p.amount} />
                  {p.status === 'void' && <span className="pill pill-void">voided</span>}
                </li>
              ))}
            </ul>
          )}
          {!canChange && tx.data.payment_status !== 'void' && payments.isSuccess && (
            <p className="muted small">A payment was taken against it, so it can no longer be edited or cancelled here.</p>
          )}
          {(slip.error ?? invoice.error) && (
            <div className="error-box" role="alert">
              {slip.error ?? invoice.error}
            </div>
          )}
          <div className="modal-actions wrap">
            <button type="button" className="btn btn-primary" onClick={() => slip.print(tx.data.id)} disabled={slip.busy} data-testid="detail-print-slip">
              Print job-order slip
            </button>
            {tx.data.invoice && (
              <button type="button" className="btn" onClick={() => invoice.print(tx.data.id)} disabled={invoice.busy} data-testid="detail-print-invoice">
                Reprint invoice
              </button>
            )}
            {canChange && (
              <>
                <button type="button" className="btn" onClick={() => setMode('edit')} data-testid="edit-tx">
                  Edit
                </button>
                <button type="button" className="btn btn-danger-outline" onClick={() => setMode('cancel')} data-testid="cancel-tx-open">
                  Cancel transaction
                </button>
              </>
            )}
            <button type="button" className="btn" onClick={onClose} data-testid="detail-close">
              Close
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

/** "Senior citizen Remedios Lim, ID SC-1 (1/5 share)": whose 20% a line got. */
function holderLine(d: { kind: 'senior' | 'pwd'; holderName: string; idNumber: string; sharedBy?: number | undefined }): string {
  const share = d.sharedBy && d.sharedBy > 1 ? ` (1/${d.sharedBy} share)` : '';
  return `${d.kind === 'senior' ? 'Senior citizen' : 'PWD'} ${d.holderName}, ID ${d.idNumber}${share}`;
}
