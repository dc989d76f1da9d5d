import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { CloseShiftResponse, Shift } from '../../shared/shifts';
import { CashCount, OverShortTag } from '../components/CashCount';
import { Modal } from '../components/Modal';
import { ReasonDialog } from '../components/ReasonDialog';
import { Money, PesoInput, QueryView } from '../components/ui';
import { get, post, qs } from '../lib/api';
import { fmtDateTime } from '../lib/format';
import { keys } from '../lib/query';
import { useStaffNames } from './useStaffNames';

const ShiftList = z.object({ items: z.array(Shift) });

/** Every cashier's shifts; an admin force-closes one a cashier left open. */
export function Shifts() {
  const nameOf = useStaffNames();
  const [status, setStatus] = useState<'open' | 'closed' | ''>('open');
  const [closing, setClosing] = useState<Shift | null>(null);
  const list = useQuery({
    queryKey: [...keys.shifts, status],
    queryFn: () => get(`/api/v1/shifts${qs({ status, limit: 200 })}`, ShiftList),
    // Shift openings and closes are not pushed to terminals: ask again whenever the tab
    // is opened or the window comes back, and every half minute while it is on screen.
    staleTime: 0,
    refetchInterval: 30_000,
  });
  const items = list.data?.items ?? [];
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Shifts</h2>
        <label>
          Show{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)} aria-label="Shift status">
            <option value="open">open now</option>
            <option value="closed">closed</option>
            <option value="">all</option>
          </select>
        </label>
      </div>
      <QueryView query={list} isEmpty={items.length === 0} empty={status === 'open' ? 'No shift is open right now.' : 'No shifts yet.'}>
        <table className="grid" data-testid="shifts">
          <thead>
            <tr>
              <th>Cashier</th>
              <th>Counter</th>
              <th>Opened</th>
              <th>Closed</th>
              <th className="num">Float</th>
              <th className="num">Expected</th>
              <th className="num">Counted</th>
              <th>Over / short</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-testid="shift-row" data-status={s.status} data-cashier={nameOf(s.cashierId)}>
                <td>{nameOf(s.cashierId)}</td>
                <td>{s.counter}</td>
                <td className="small">{fmtDateTime(s.openedAt)}</td>
                <td className="small">
                  {s.status === 'open' ? (
                    <span className="pill pill-partial">Open</span>
                  ) : (
                    <>
                      {fmtDateTime(s.closedAt)}
                      {s.forceClosed && (
                        <div className="muted" title={s.closeReason ?? ''}>
                          closed by {s.closedBy ? nameOf(s.closedBy) : 'an admin'}
                          {s.closeReason ? ` · ${s.closeReason}` : ''}
                        </div>
                      )}
                    </>
                  )}
                </td>
                <td className="num">
                  <Money value={s.openingFloat} />
                </td>
                <td className="num">{s.expectedCash === null ? '—' : <Money value={s.expectedCash} />}</td>
                <td className="num">{s.countedCash === null ? '—' : <Money value={s.countedCash} />}</td>
                <td>
                  <OverShortTag value={s.overShort} />
                </td>
                <td className="num">
                  {s.status === 'open' && (
                    <button type="button" className="btn btn-small btn-danger" onClick={() => setClosing(s)} data-testid="force-close">
                      Force close…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryView>
      {closing && <ForceCloseDialog shift={closing} cashierName={nameOf(closing.cashierId)} onClose={() => setClosing(null)} />}
    </section>
  );
}

/**
 * Closing another cashier's shift (left open at the end of the day): count the drawer,
 * say why; the hub records who closed it. Expected and over/short show after the close.
 */
function ForceCloseDialog({ shift, cashierName, onClose }: { shift: Shift; cashierName: string; onClose: () => void }) {
  const qc = useQueryClient();
  const [counted, setCounted] = useState<number | null>(null);
  const close = useMutation({
    mutationFn: (reason: string) => post(`/api/v1/shifts/${encodeURIComponent(shift.id)}/close`, { countedCash: counted!, reason }, CloseShiftResponse),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.shifts }),
  });
  if (close.data) {
    const r = close.data;
    return (
      <Modal label="Shift closed" onClose={onClose} testId="force-close-result">
        <h2>
          {cashierName}’s shift at {shift.counter} is closed
        </h2>
        <CashCount expected={r.expectedCash} counted={r.countedCash} overShort={r.overShort} />
        <div className="modal-actions">
          <button type="button" className="btn btn-primary" autoFocus onClick={onClose}>
            Done
          </button>
        </div>
      </Modal>
    );
  }
  return (
    <ReasonDialog
      label="Force close shift"
      title={
        <>
          Close {cashierName}’s shift at {shift.counter}?
        </>
      }
      fields={
        <label>
          Cash counted in drawer
          <PesoInput value={counted} onChange={(c) => setCounted(c)} autoFocus testId="force-counted" ariaLabel="Cash counted in drawer" />
        </label>
      }
      ready={counted !== null}
      placeholder="e.g. cashier went home without closing"
      minLength={3}
      confirmLabel="Close shift"
      busyLabel="Closing…"
      busy={close.isPending}
      error={close.isError ? close.error : null}
      testId="force-close-dialog"
      reasonTestId="force-reason"
      confirmTestId="force-close-confirm"
      onConfirm={(reason) => close.mutate(reason)}
      onCancel={onClose}
    >
      <p>
        Open since {fmtDateTime(shift.openedAt)} with a float of <Money value={shift.openingFloat} />. Count the cash in that drawer and enter the total;
        the shift is closed in your name and {cashierName} can no longer take payments on it.
      </p>
    </ReasonDialog>
  );
}
