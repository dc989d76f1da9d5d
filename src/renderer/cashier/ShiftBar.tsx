import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { CloseShiftResponse, Shift, ShiftResponse } from '../../shared/shifts';
import { Money, PesoInput } from '../components/ui';
import { get, post } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { fmtTime } from '../lib/format';
import { keys } from '../lib/query';
import { useSignedIn } from '../lib/session';
import { desktop } from '../lib/desktop';

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

/** Open / close the shift at this counter, with the float and the blind count. */
export function ShiftBar({ forceOpen }: { forceOpen: boolean }) {
  const qc = useQueryClient();
  const shift = useOpenShift();
  const [counter, setCounter] = useState(() => localStorage.getItem('kahera.counter') ?? desktop()?.terminalName ?? 'Counter 1');
  const [float, setFloat] = useState<number | null>(null);
  const [closing, setClosing] = useState(false);
  const [counted, setCounted] = useState<number | null>(null);
  const [closed, setClosed] = useState<CloseShiftResponse | null>(null);

  const open = useMutation({
    mutationFn: () => post('/api/v1/shifts', { counter: counter.trim(), openingFloat: float ?? 0 }, ShiftResponse),
    onSuccess: (res) => {
      localStorage.setItem('kahera.counter', counter.trim());
      qc.setQueryData(keys.shift, res.shift);
      setClosed(null);
    },
  });
  const close = useMutation({
    mutationFn: (id: string) => post(`/api/v1/shifts/${encodeURIComponent(id)}/close`, { countedCash: counted ?? 0 }, CloseShiftResponse),
    onSuccess: (res) => {
      qc.setQueryData(keys.shift, null);
      setClosed(res);
      setClosing(false);
      setCounted(null);
    },
  });

  if (shift.isPending) return <div className="shift-bar muted">Checking your shift…</div>;
  if (shift.isError) return null; // the hub has no shifts: payments will say so if needed

  const s = shift.data;
  if (s) {
    return (
      <div className="shift-bar" data-testid="shift-bar">
        <span>
          <strong>Shift open</strong> at {s.counter} since {fmtTime(s.openedAt)} · float <Money value={s.openingFloat} />
        </span>
        {closing ? (
          <form
            className="inline-form"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (counted !== null) close.mutate(s.id);
            }}
          >
            <label>
              Cash counted in drawer <PesoInput value={counted} onChange={(c) => setCounted(c)} autoFocus />
            </label>
            <button type="submit" className="btn btn-small btn-danger" disabled={counted === null || close.isPending}>
              Close shift
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setClosing(false)}>
              Cancel
            </button>
            {close.isError && <span className="error-text">{friendlyError(close.error)}</span>}
          </form>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => setClosing(true)}>
            Close shift…
          </button>
        )}
      </div>
    );
  }

  return (
    <div className={`shift-bar shift-closed ${forceOpen ? 'attention' : ''}`} data-testid="shift-bar">
      {closed && (
        <span className="closed-summary">
          Last shift closed: expected <Money value={closed.expectedCash} />, counted <Money value={closed.countedCash} />,{' '}
          {closed.overShort === 0 ? 'balanced' : closed.overShort > 0 ? 'over ' : 'short '}
          {closed.overShort !== 0 && <Money value={Math.abs(closed.overShort)} />}.
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
          Counter <input value={counter} onChange={(e) => setCounter(e.target.value)} className="short" />
        </label>
        <label>
          Cash float <PesoInput value={float} onChange={(c) => setFloat(c)} testId="shift-float" />
        </label>
        <button type="submit" className="btn btn-small btn-primary" disabled={open.isPending} data-testid="open-shift">
          Open shift
        </button>
        {open.isError && <span className="error-text">{friendlyError(open.error)}</span>}
      </form>
    </div>
  );
}
