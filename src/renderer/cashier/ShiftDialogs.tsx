import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { DrawerSummary } from '../../shared/readings';
import {
  CloseShiftResponse,
  DrawerMovement,
  PaidOutRequestList,
  PaidOutRequestResponse,
  Shift,
  type DrawerMovementRequest,
  type PaidOutRequest,
} from '../../shared/shifts';
import { CashCount } from '../components/CashCount';
import { ConfirmActions, Modal } from '../components/Modal';
import { ErrorBox, Money, PesoInput, Spinner } from '../components/ui';
import { get, post } from '../lib/api';
import { ApiError, friendlyError } from '../lib/errors';
import { fmtTime } from '../lib/format';
import { keys } from '../lib/query';
import { useStoreSettings } from '../lib/settings';

const ShiftDetail = z.object({ shift: Shift, drawer: DrawerSummary, movements: z.array(DrawerMovement) });
const MovementResponse = z.object({ movement: DrawerMovement });

const MOVEMENT_LABEL: Record<DrawerMovement['kind'], string> = { paid_in: 'Paid-in', paid_out: 'Paid-out', refund: 'Cash refund' };

/** Query key of a shift's paid-out requests (the live layer refreshes it when one is decided). */
export const paidOutRequestsKey = (shiftId: string) => ['paid-out-requests', shiftId] as const;

/** The newest request waiting, and the newest decided one, as the cashier should see them. */
function PaidOutRequestState({ requests }: { requests: PaidOutRequest[] }) {
  const waiting = requests.find((r) => r.status === 'pending');
  const decided = requests.find((r) => r.status !== 'pending');
  return (
    <>
      {waiting && (
        <div className="notice" data-testid="paid-out-pending">
          <strong>Waiting for an admin:</strong> paid-out of <Money value={waiting.amount} /> — {waiting.reason} (asked {fmtTime(waiting.createdAt)}). Take no cash out
          until it is approved.
        </div>
      )}
      {!waiting && decided && decided.status === 'approved' && (
        <div className="notice" data-testid="paid-out-decision">
          Approved: paid-out of <Money value={decided.amount} /> — {decided.reason}. It is recorded below; you may take the cash out.
        </div>
      )}
      {!waiting && decided && decided.status !== 'approved' && (
        <div className="error-box" data-testid="paid-out-decision">
          {decided.status === 'rejected' ? 'Not approved' : 'Cancelled'}: paid-out of <Money value={decided.amount} />
          {decided.decisionNote ? ` — “${decided.decisionNote}”` : ''}
        </div>
      )}
    </>
  );
}

/**
 * Cash put into or taken out of the drawer during the shift, with a reason, and what was
 * moved so far. A paid-out above the store's limit is sent to an admin as a request; the
 * dialog says so before it is sent and shows the request until it is decided.
 */
export function DrawerDialog({ shift, onClose }: { shift: Shift; onClose: () => void }) {
  const qc = useQueryClient();
  const { settings } = useStoreSettings();
  const [kind, setKind] = useState<DrawerMovementRequest['kind']>('paid_out');
  const [amount, setAmount] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const detail = useQuery({
    queryKey: [...keys.shift, 'detail', shift.id],
    queryFn: () => get(`/api/v1/shifts/${encodeURIComponent(shift.id)}`, ShiftDetail),
  });
  const requests = useQuery({
    queryKey: paidOutRequestsKey(shift.id),
    queryFn: () => get(`/api/v1/paid-out-requests?shiftId=${encodeURIComponent(shift.id)}&limit=5`, PaidOutRequestList),
    // The decision also arrives live; polling covers a terminal whose socket is down.
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'pending') ? 10_000 : false),
  });
  const limit = settings.paidOutApprovalLimit;
  const needsApproval = kind === 'paid_out' && amount !== null && amount > limit;
  const waiting = requests.data?.items.some((r) => r.status === 'pending') ?? false;
  const save = useMutation({
    mutationFn: async (): Promise<{ recorded: DrawerMovement | null }> => {
      const body = { amount: amount!, reason: reason.trim() };
      if (needsApproval) {
        await post(`/api/v1/shifts/${encodeURIComponent(shift.id)}/paid-out-requests`, body, PaidOutRequestResponse);
        return { recorded: null };
      }
      const res = await post(`/api/v1/shifts/${encodeURIComponent(shift.id)}/drawer`, { kind, ...body } satisfies DrawerMovementRequest, MovementResponse);
      return { recorded: res.movement };
    },
    onSuccess: () => {
      setAmount(null);
      setReason('');
      void qc.invalidateQueries({ queryKey: [...keys.shift, 'detail', shift.id] });
      void qc.invalidateQueries({ queryKey: paidOutRequestsKey(shift.id) });
    },
    onError: (e) => {
      // The limit changed since this screen read it: read it again, the button follows.
      if (e instanceof ApiError && e.code === 'approval_required') void qc.invalidateQueries({ queryKey: keys.settings });
    },
  });
  const ready = amount !== null && amount > 0 && reason.trim().length > 0 && !(needsApproval && waiting);
  const movements = detail.data?.movements ?? [];
  return (
    <Modal label="Paid-in or paid-out" onClose={onClose} onSubmit={() => ready && !save.isPending && save.mutate()} busy={save.isPending} testId="drawer-dialog">
      <h2>Cash in or out of the drawer</h2>
      <p className="muted small">
        For cash that is not a sale: change fund top-up (paid-in), or a small expense paid from the drawer (paid-out). Every one is recorded with your name. A
        paid-out over <Money value={limit} /> needs an admin’s approval.
      </p>
      <PaidOutRequestState requests={requests.data?.items ?? []} />
      <div className="strategies" role="radiogroup" aria-label="Paid-in or paid-out">
        <label className={`chip ${kind === 'paid_out' ? 'on' : ''}`}>
          <input type="radio" name="drawer-kind" checked={kind === 'paid_out'} onChange={() => setKind('paid_out')} /> Paid-out (cash taken out)
        </label>
        <label className={`chip ${kind === 'paid_in' ? 'on' : ''}`}>
          <input type="radio" name="drawer-kind" checked={kind === 'paid_in'} onChange={() => setKind('paid_in')} /> Paid-in (cash put in)
        </label>
      </div>
      <div className="stack">
        <label>
          Amount
          <PesoInput value={amount} onChange={(c) => setAmount(c)} autoFocus testId="drawer-amount" ariaLabel="Amount" />
        </label>
        <label>
          Reason (required)
          <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} placeholder={kind === 'paid_out' ? 'e.g. ice and drinking water' : 'e.g. more coins for change'} data-testid="drawer-reason" />
        </label>
      </div>
      {needsApproval && (
        <div className="hint" data-testid="paid-out-needs-approval">
          {waiting
            ? 'Another paid-out from this drawer is waiting for an admin; send this one after it is decided.'
            : <>Over <Money value={limit} />: this paid-out needs an admin’s approval. Send the request, and take the cash out only once it is approved.</>}
        </div>
      )}
      {save.isError && <div className="error-box">{friendlyError(save.error)}</div>}
      {save.isSuccess && save.data.recorded && (
        <div className="notice" data-testid="drawer-saved">
          Recorded: {MOVEMENT_LABEL[save.data.recorded.kind]} <Money value={save.data.recorded.amount} /> — {save.data.recorded.reason}
        </div>
      )}
      <div className="modal-actions">
        <button type="submit" className="btn btn-primary" disabled={!ready || save.isPending} data-testid="drawer-save">
          {save.isPending ? 'Sending…' : needsApproval ? 'Ask an admin to approve' : kind === 'paid_out' ? 'Record paid-out' : 'Record paid-in'}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Done
        </button>
      </div>
      <h3 className="sub">This shift’s drawer movements</h3>
      {detail.isPending ? (
        <Spinner />
      ) : detail.isError ? (
        <ErrorBox error={detail.error} onRetry={() => void detail.refetch()} />
      ) : movements.length === 0 ? (
        <div className="muted small">None yet.</div>
      ) : (
        <table className="grid" data-testid="drawer-movements">
          <tbody>
            {movements.map((m) => (
              <tr key={m.id}>
                <td className="small">{fmtTime(m.createdAt)}</td>
                <td>
                  {MOVEMENT_LABEL[m.kind]}
                  {m.approvedBy ? <span className="muted small"> · approved</span> : null}
                </td>
                <td className="small">{m.reason}</td>
                <td className="num">
                  <Money value={m.kind === 'paid_in' ? m.amount : -m.amount} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}

/**
 * Closing the shift is a blind count: the cashier counts the drawer and enters the total
 * without being shown what the drawer should hold; only after the close is stored does
 * the screen show expected, counted and over/short.
 */
export function CloseShiftDialog({ shift, onClosed, onClose }: { shift: Shift; onClosed: (r: CloseShiftResponse) => void; onClose: () => void }) {
  const qc = useQueryClient();
  const [counted, setCounted] = useState<number | null>(null);
  const close = useMutation({
    mutationFn: () => post(`/api/v1/shifts/${encodeURIComponent(shift.id)}/close`, { countedCash: counted! }, CloseShiftResponse),
    onSuccess: (res) => {
      qc.setQueryData(keys.shift, null);
      onClosed(res);
    },
  });
  return (
    <Modal label="Close shift" onClose={onClose} onSubmit={() => counted !== null && !close.isPending && close.mutate()} busy={close.isPending} testId="close-shift-dialog">
      <h2>Close shift · {shift.counter}</h2>
      <p>
        Count all the cash in the drawer, float included, and enter the total. You will see what the drawer should hold, and any over or short,
        once the shift is closed.
      </p>
      <div className="stack">
        <label>
          Cash counted in drawer
          <PesoInput value={counted} onChange={(c) => setCounted(c)} autoFocus large testId="counted-cash" ariaLabel="Cash counted in drawer" />
        </label>
      </div>
      <ConfirmActions
        label="Close shift"
        busyLabel="Closing…"
        busy={close.isPending}
        disabled={counted === null}
        variant="danger"
        testId="close-shift-confirm"
        error={close.isError ? close.error : null}
        onCancel={onClose}
      />
    </Modal>
  );
}

/** After the close: what the drawer should have held, what was counted, over or short. */
export function CloseResultDialog({ result, onClose }: { result: CloseShiftResponse; onClose: () => void }) {
  const s = result.shift;
  return (
    <Modal label="Shift closed" onClose={onClose} testId="close-result">
      <h2>Shift closed · {s.counter}</h2>
      <CashCount expected={result.expectedCash} counted={result.countedCash} overShort={result.overShort} />
      <p className="muted small">
        Opened {fmtTime(s.openedAt)} with a float of <Money value={s.openingFloat} />
        {s.closedAt ? `, closed ${fmtTime(s.closedAt)}` : ''}.{' '}
        {result.overShort < 0 ? 'Tell your supervisor about the shortage.' : result.overShort > 0 ? 'Hand the extra cash in with the drawer.' : ''}
      </p>
      <div className="modal-actions">
        <button type="button" className="btn btn-primary" onClick={onClose} autoFocus data-testid="close-result-done">
          Done
        </button>
      </div>
    </Modal>
  );
}
