import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { XReading } from '../../shared/readings';
import { RegisterList } from '../../shared/registers';
import { PaidOutRequestList, Shift, ShiftResponse, type CloseShiftResponse } from '../../shared/shifts';
import { OverShortTag } from '../components/CashCount';
import { Modal } from '../components/Modal';
import { ReadingView } from '../components/ReadingView';
import { ErrorBox, Money, PesoInput, Spinner } from '../components/ui';
import { get, post, qs } from '../lib/api';
import { desktop } from '../lib/desktop';
import { friendlyError } from '../lib/errors';
import { fmtTime } from '../lib/format';
import { keys } from '../lib/query';
import { useSignedIn } from '../lib/session';
import { CloseResultDialog, CloseShiftDialog, DrawerDialog, paidOutRequestsKey } from './ShiftDialogs';

const ShiftList = z.object({ items: z.array(Shift) });

/** The cashier's open shift, if any (payments need one). */
export function useOpenShift() {
  const { user } = useSignedIn();
  return useQuery({
    queryKey: keys.shift,
    queryFn: async () => {
      const list = await get('/api/v1/shifts?status=open&limit=50', ShiftList);
      return list.items.find((s) => s.cashierId === user.id && s.status === 'open') ?? null;
    },
    staleTime: 30_000,
  });
}

type Dialog = 'drawer' | 'x' | 'close' | null;

/**
 * The shift at this register: pick the register, open it with a float; while open, paid-in/out, an X-reading
 * on request, and the close with a blind count.
 */
export function ShiftBar({ forceOpen }: { forceOpen: boolean }) {
  const qc = useQueryClient();
  const { user } = useSignedIn();
  const shift = useOpenShift();
  // A shift opens at a register (GET /registers); this terminal remembers the last one.
  const registers = useQuery({ queryKey: keys.registers, queryFn: () => get('/api/v1/registers', RegisterList), staleTime: 60_000 });
  const active = (registers.data?.items ?? []).filter((r) => r.active);
  const [picked, setCounter] = useState(() => localStorage.getItem('kahera.counter') ?? desktop()?.terminalName ?? '');
  const counter = active.find((r) => r.code.toLowerCase() === picked.trim().toLowerCase())?.code ?? active[0]?.code ?? '';
  const [float, setFloat] = useState<number | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [closing, setClosing] = useState<Shift | null>(null);
  const [closed, setClosed] = useState<CloseShiftResponse | null>(null);
  const [showResult, setShowResult] = useState(false);

  const open = useMutation({
    mutationFn: () => post('/api/v1/shifts', { counter: counter.trim(), openingFloat: float ?? 0 }, ShiftResponse),
    onSuccess: (res) => {
      localStorage.setItem('kahera.counter', res.shift.counter);
      qc.setQueryData(keys.shift, res.shift);
      setClosed(null);
    },
  });
  // Every GET /readings/x records a reading (as pressing X on a register prints one):
  // it is a mutation, taken only when the cashier asks, never refetched.
  const xReading = useMutation({
    mutationFn: (shiftId: string) => get(`/api/v1/readings/x${qs({ shiftId })}`, XReading),
  });
  const nameOf = (id: string) => (id === user.id ? user.displayName : id);
  // A paid-out waiting for an admin stays in view after its dialog is closed.
  const openId = shift.data?.id ?? null;
  const paidOuts = useQuery({
    queryKey: paidOutRequestsKey(openId ?? ''),
    queryFn: () => get(`/api/v1/paid-out-requests?shiftId=${encodeURIComponent(openId!)}&limit=5`, PaidOutRequestList),
    enabled: openId !== null,
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'pending') ? 10_000 : false),
  });
  const waitingPaidOut = paidOuts.data?.items.find((r) => r.status === 'pending');

  if (shift.isPending) return <div className="shift-bar muted">Checking your shift…</div>;
  if (shift.isError) return null; // the hub has no shifts: payments will say so if needed

  const s = shift.data;
  const dialogs = (
    <>
      {dialog === 'drawer' && s && <DrawerDialog shift={s} onClose={() => setDialog(null)} />}
      {dialog === 'x' && (
        <Modal label="X-reading" onClose={() => setDialog(null)} wide testId="x-reading-dialog">
          {xReading.isPending ? (
            <Spinner label="Taking the X-reading…" />
          ) : xReading.isError ? (
            <ErrorBox error={xReading.error} />
          ) : xReading.data ? (
            <ReadingView reading={xReading.data} nameOf={nameOf} />
          ) : null}
          <div className="modal-actions">
            <button type="button" className="btn" onClick={() => setDialog(null)} data-testid="x-reading-close">
              Close
            </button>
          </div>
        </Modal>
      )}
      {closing && (
        <CloseShiftDialog
          shift={closing}
          onClosed={(r) => {
            setClosing(null);
            setClosed(r);
            setShowResult(true);
          }}
          onClose={() => setClosing(null)}
        />
      )}
      {showResult && closed && <CloseResultDialog result={closed} onClose={() => setShowResult(false)} />}
    </>
  );

  if (s) {
    return (
      <>
        <div className="shift-bar" data-testid="shift-bar">
          <span>
            <strong>Shift open</strong> at {s.counter} since {fmtTime(s.openedAt)} · float <Money value={s.openingFloat} />
            {waitingPaidOut && (
              <span className="chip" style={{ marginLeft: '0.5rem' }} data-testid="shift-paid-out-waiting">
                Paid-out <Money value={waitingPaidOut.amount} /> awaits approval
              </span>
            )}
          </span>
          <span className="shift-actions">
            <button type="button" className="btn btn-small" onClick={() => setDialog('drawer')} data-testid="open-drawer-dialog">
              Paid-in / out…
            </button>
            <button
              type="button"
              className="btn btn-small"
              disabled={xReading.isPending}
              onClick={() => {
                xReading.mutate(s.id);
                setDialog('x');
              }}
              data-testid="take-x-reading"
            >
              X-reading
            </button>
            <button type="button" className="btn btn-small" onClick={() => setClosing(s)} data-testid="close-shift">
              Close shift…
            </button>
          </span>
        </div>
        {dialogs}
      </>
    );
  }

  return (
    <>
      <div className={`shift-bar shift-closed ${forceOpen ? 'attention' : ''}`} data-testid="shift-bar">
        {closed && (
          <span className="closed-summary" data-testid="last-close">
            Last shift closed: expected <Money value={closed.expectedCash} />, counted <Money value={closed.countedCash} /> ·{' '}
            <OverShortTag value={closed.overShort} />
          </span>
        )}
        <form
          className="inline-form"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (counter.trim()) open.mutate();
          }}
        >
          <strong>No open shift.</strong>
          <label>
            Register{' '}
            <select value={counter} onChange={(e) => setCounter(e.target.value)} data-testid="shift-register" disabled={active.length === 0}>
              {active.map((r) => (
                <option key={r.id} value={r.code}>
                  {r.code} · {r.name}
                </option>
              ))}
            </select>
          </label>
          {registers.isSuccess && active.length === 0 && <span className="error-text">No active register: ask an admin to add one.</span>}
          <label>
            Cash float <PesoInput value={float} onChange={(c) => setFloat(c)} testId="shift-float" />
          </label>
          <button type="submit" className="btn btn-small btn-primary" disabled={open.isPending || !counter} data-testid="open-shift">
            Open shift
          </button>
          {open.isError && <span className="error-text">{friendlyError(open.error)}</span>}
        </form>
      </div>
      {dialogs}
    </>
  );
}
