import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApprovePaidOutResponse, PaidOutRequestList, PaidOutRequestResponse, type PaidOutRequest } from '../../shared/shifts';
import { ApproveVoidRequestResponse, VoidRequestList, VoidRequestResponse, type VoidRequest } from '../../shared/void-requests';
import { ReasonDialog } from '../components/ReasonDialog';
import { Money, QueryView } from '../components/ui';
import { get, post } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { fmtDateTime } from '../lib/format';
import { keys } from '../lib/query';
import { useStaffNames } from './useStaffNames';

/** Under `settlements`, so the live layer refreshes it with every settlement and void. */
export const pendingKey = [...keys.settlements, 'void-requests', 'pending'] as const;

/** One row of the approvals list: a void of a receipt, or a paid-out over the store's limit. */
export type Pending = { kind: 'void'; request: VoidRequest } | { kind: 'paid_out'; request: PaidOutRequest };

/** Every request waiting for an admin, oldest first: the list, the tab badge and the dashboard card share it. */
export async function fetchPendingApprovals(): Promise<Pending[]> {
  const [voids, paidOuts] = await Promise.all([
    get('/api/v1/void-requests?status=pending', VoidRequestList),
    get('/api/v1/paid-out-requests?status=pending', PaidOutRequestList),
  ]);
  const rows: Pending[] = [
    ...voids.items.map((request) => ({ kind: 'void' as const, request })),
    ...paidOuts.items.map((request) => ({ kind: 'paid_out' as const, request })),
  ];
  return rows.sort((a, b) => a.request.createdAt.localeCompare(b.request.createdAt));
}

/**
 * What cashiers wait on an admin for, oldest first: void requests (approve voids the
 * receipt) and paid-outs over the store's limit (approve records the paid-out, if the
 * drawer still holds the cash); either can be rejected with a note.
 */
export function VoidRequests() {
  const qc = useQueryClient();
  const staffName = useStaffNames();
  // New requests are not settlement events: poll so they appear without a reload.
  const list = useQuery({
    queryKey: pendingKey,
    queryFn: fetchPendingApprovals,
    refetchInterval: 10_000,
  });
  const [rejecting, setRejecting] = useState<Pending | null>(null);
  const approve = useMutation({
    mutationFn: (p: Pending): Promise<unknown> =>
      p.kind === 'void'
        ? post(`/api/v1/void-requests/${encodeURIComponent(p.request.id)}/approve`, {}, ApproveVoidRequestResponse)
        : post(`/api/v1/paid-out-requests/${encodeURIComponent(p.request.id)}/approve`, {}, ApprovePaidOutResponse),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: keys.settlements });
      void qc.invalidateQueries({ queryKey: keys.transactions });
      void qc.invalidateQueries({ queryKey: keys.shifts });
    },
  });
  const items = list.data ?? [];
  if (list.isSuccess && items.length === 0 && !approve.isError) return null;
  const voids = items.filter((p) => p.kind === 'void').length;
  return (
    <section className="panel" style={{ marginBottom: '0.7rem' }} data-testid="void-requests">
      <div className="panel-head">
        <h2>Waiting for your approval</h2>
        <span className="muted small">
          {voids} void{voids === 1 ? '' : 's'} · {items.length - voids} paid-out{items.length - voids === 1 ? '' : 's'}
        </span>
      </div>
      {approve.isError && <div className="error-box" role="alert">{friendlyError(approve.error)}</div>}
      <QueryView query={list} isEmpty={items.length === 0} empty="Nothing waiting.">
        <table className="grid">
          <thead>
            <tr>
              <th>Request</th>
              <th>Asked</th>
              <th>Cashier</th>
              <th>Reason</th>
              <th className="num">Amount</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((p) => {
              const r = p.request;
              const busy = approve.isPending && approve.variables.request.id === r.id;
              return p.kind === 'void' ? (
                <tr key={r.id} data-testid="void-request-row" data-or={p.request.orNumber}>
                  <td>
                    Void <span className="mono">{p.request.orNumber}</span>
                  </td>
                  <td className="small">{fmtDateTime(r.createdAt)}</td>
                  <td>{staffName(r.requestedBy)}</td>
                  <td>{r.reason}</td>
                  <td className="num">
                    <Money value={r.amount} />
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn btn-small btn-danger" disabled={approve.isPending} onClick={() => approve.mutate(p)} data-testid="void-request-approve">
                        {busy ? 'Voiding…' : 'Approve void'}
                      </button>
                      <button type="button" className="btn btn-small" onClick={() => setRejecting(p)} data-testid="void-request-reject">
                        Reject…
                      </button>
                    </div>
                  </td>
                </tr>
              ) : (
                <tr key={r.id} data-testid="paid-out-request-row" data-id={r.id}>
                  <td>Paid-out from {p.request.counter}</td>
                  <td className="small">{fmtDateTime(r.createdAt)}</td>
                  <td>{staffName(r.requestedBy)}</td>
                  <td>{r.reason}</td>
                  <td className="num">
                    <Money value={r.amount} />
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn btn-small btn-primary" disabled={approve.isPending} onClick={() => approve.mutate(p)} data-testid="paid-out-request-approve">
                        {busy ? 'Recording…' : 'Approve paid-out'}
                      </button>
                      <button type="button" className="btn btn-small" onClick={() => setRejecting(p)} data-testid="paid-out-request-reject">
                        Reject…
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </QueryView>
      {rejecting && <RejectDialog pending={rejecting} onClose={() => setRejecting(null)} />}
    </section>
  );
}

/** Refuses a request with a note the cashier sees (what the request was, then the note). */
function RejectDialog({ pending, onClose }: { pending: Pending; onClose: () => void }) {
  const qc = useQueryClient();
  const mut = useMutation({
    mutationFn: (note: string): Promise<unknown> =>
      pending.kind === 'void'
        ? post(`/api/v1/void-requests/${encodeURIComponent(pending.request.id)}/reject`, { note }, VoidRequestResponse)
        : post(`/api/v1/paid-out-requests/${encodeURIComponent(pending.request.id)}/reject`, { note }, PaidOutRequestResponse),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.settlements });
      onClose();
    },
  });
  const isVoid = pending.kind === 'void';
  return (
    <ReasonDialog
      label={isVoid ? 'Reject void request' : 'Reject paid-out request'}
      title={
        pending.kind === 'void' ? (
          <>
            Keep <span className="mono">{pending.request.orNumber}</span>?
          </>
        ) : (
          <>
            Refuse the paid-out of <Money value={pending.request.amount} />?
          </>
        )
      }
      reasonLabel="Note for the cashier (required)"
      minLength={3}
      confirmLabel="Reject request"
      busyLabel="Rejecting…"
      busy={mut.isPending}
      error={mut.isError ? mut.error : null}
      danger={false}
      testId="void-reject-dialog"
      reasonTestId="void-reject-note"
      confirmTestId="void-reject-confirm"
      onConfirm={(note) => mut.mutate(note)}
      onCancel={onClose}
    >
      <p>
        The cashier asked: “{pending.request.reason}”.{' '}
        {isVoid ? 'The receipt stays posted; the cashier sees your note.' : 'No cash leaves the drawer; the cashier sees your note.'}
      </p>
    </ReasonDialog>
  );
}
