import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApproveVoidRequestResponse, VoidRequestList, VoidRequestResponse, type VoidRequest } from '../../shared/void-requests';
import { ConfirmActions, Modal } from '../components/Modal';
import { Money, QueryView } from '../components/ui';
import { get, post } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { fmtDateTime } from '../lib/format';
import { keys } from '../lib/query';
import { useStaffNames } from './useStaffNames';

/** Under `settlements`, so the live layer refreshes it with every settlement and void. */
const pendingKey = [...keys.settlements, 'void-requests', 'pending'] as const;

/** Cashiers' pending void requests: approve (the receipt is voided) or reject with a note. */
export function VoidRequests() {
  const qc = useQueryClient();
  const staffName = useStaffNames();
  // New requests are not settlement events: poll so they appear without a reload.
  const list = useQuery({ queryKey: pendingKey, queryFn: () => get('/api/v1/void-requests?status=pending', VoidRequestList), refetchInterval: 10_000 });
  const [rejecting, setRejecting] = useState<VoidRequest | null>(null);
  const approve = useMutation({
    mutationFn: (r: VoidRequest) => post(`/api/v1/void-requests/${encodeURIComponent(r.id)}/approve`, {}, ApproveVoidRequestResponse),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: keys.settlements });
      void qc.invalidateQueries({ queryKey: keys.transactions });
    },
  });
  const items = list.data?.items ?? [];
  if (list.isSuccess && items.length === 0 && !approve.isError) return null;
  return (
    <section className="panel" style={{ marginBottom: '0.7rem' }} data-testid="void-requests">
      <div className="panel-head">
        <h2>Void requests</h2>
        <span className="muted small">{items.length} waiting</span>
      </div>
      {approve.isError && <div className="error-box">{friendlyError(approve.error)}</div>}
      <QueryView query={list} isEmpty={items.length === 0} empty="No void requests waiting.">
        <table className="grid">
          <thead>
            <tr>
              <th>OR number</th>
              <th>Asked</th>
              <th>Cashier</th>
              <th>Reason</th>
              <th className="num">Amount</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-testid="void-request-row" data-or={r.orNumber}>
                <td className="mono">{r.orNumber}</td>
                <td className="small">{fmtDateTime(r.createdAt)}</td>
                <td>{staffName(r.requestedBy)}</td>
                <td>{r.reason}</td>
                <td className="num">
                  <Money value={r.amount} />
                </td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      disabled={approve.isPending}
                      onClick={() => approve.mutate(r)}
                      data-testid="void-request-approve"
                    >
                      {approve.isPending && approve.variables.id === r.id ? 'Voiding…' : 'Approve void'}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => setRejecting(r)} data-testid="void-request-reject">
                      Reject…
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryView>
      {rejecting && <RejectDialog request={rejecting} onClose={() => setRejecting(null)} />}
    </section>
  );
}

function RejectDialog({ request, onClose }: { request: VoidRequest; onClose: () => void }) {
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const mut = useMutation({
    mutationFn: () => post(`/api/v1/void-requests/${encodeURIComponent(request.id)}/reject`, { note: note.trim() }, VoidRequestResponse),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.settlements });
      onClose();
    },
  });
  const ok = note.trim().length >= 3;
  return (
    <Modal label="Reject void request" onClose={onClose} busy={mut.isPending} onSubmit={() => ok && mut.mutate()} testId="void-reject-dialog">
      <h2>
        Keep <span className="mono">{request.orNumber}</span>?
      </h2>
      <p>
        The cashier asked: “{request.reason}”. The receipt stays posted; the cashier sees your note.
      </p>
      <label>
        Note for the cashier (required)
        <input autoFocus value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="void-reject-note" />
      </label>
      <ConfirmActions
        label="Reject request"
        busyLabel="Rejecting…"
        busy={mut.isPending}
        disabled={!ok}
        variant="primary"
        testId="void-reject-confirm"
        error={mut.isError ? mut.error : null}
        onCancel={onClose}
      />
    </Modal>
  );
}
