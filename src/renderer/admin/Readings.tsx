import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ListReadingsResponse, ZReading, type Reading } from '../../shared/readings';
import { Shift } from '../../shared/shifts';
import { Modal } from '../components/Modal';
import { ReadingView } from '../components/ReadingView';
import { Money, QueryView } from '../components/ui';
import { get, post, qs } from '../lib/api';
import { ApiError, friendlyError } from '../lib/errors';
import { fmtDate, fmtDateTime, todayIso } from '../lib/format';
import { keys } from '../lib/query';
import { useStaffNames } from './useStaffNames';

const ShiftList = z.object({ items: z.array(Shift) });

/** Why a Z-reading was refused, in plain words. */
function zRefusal(e: unknown, date: string): string {
  if (e instanceof ApiError && e.code === 'conflict') {
    const details = (e.details ?? {}) as { businessDate?: string };
    if (details.businessDate === date) return `A Z-reading was already taken for ${fmtDate(date)}. Each business day has exactly one; it is in the history below.`;
    return e.message; // a later day already has its Z, or an earlier day with sales still needs one
  }
  if (e instanceof ApiError && e.code === 'validation_failed') return e.message;
  return friendlyError(e);
}

/** Z-reading for a business date (once per day), and every X and Z taken, to view and print. */
export function Readings() {
  const qc = useQueryClient();
  const nameOf = useStaffNames();
  const [date, setDate] = useState(() => todayIso());
  const [confirming, setConfirming] = useState(false);
  const [kind, setKind] = useState<'' | 'x' | 'z'>('');
  const [viewing, setViewing] = useState<Reading | null>(null);
  const take = useMutation({
    mutationFn: (businessDate: string) => post('/api/v1/readings/z', { businessDate }, ZReading),
    onSuccess: (z) => {
      setConfirming(false);
      setViewing(z);
      void qc.invalidateQueries({ queryKey: keys.readings });
    },
    onError: () => setConfirming(false),
  });
  const list = useInfiniteQuery({
    queryKey: [...keys.readings, kind],
    queryFn: ({ pageParam }) => get(`/api/v1/readings${qs({ kind, limit: 25, cursor: pageParam })}`, ListReadingsResponse),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  // Asked when the confirmation opens: a shift still open at Z time keeps selling into the next day.
  const openShifts = useQuery({
    queryKey: [...keys.shifts, 'open'],
    queryFn: () => get(`/api/v1/shifts${qs({ status: 'open', limit: 200 })}`, ShiftList),
    enabled: confirming,
    staleTime: 0,
  });
  const stillOpen = openShifts.data?.items ?? [];

  return (
    <div className="readings">
      <section className="panel z-panel">
        <div className="panel-head">
          <h2>Z-reading (end of day)</h2>
        </div>
        <p className="muted small">
          Closes the business day: the day’s totals, the Z counter and the accumulated grand total move on. One per business date; it cannot be
          taken again or undone. Sales after it count for the next day.
        </p>
        <div className="filters">
          <label>
            Business date
            <input type="date" value={date} max={todayIso()} onChange={(e) => (setDate(e.target.value), take.reset())} data-testid="z-date" />
          </label>
          <button type="button" className="btn btn-primary" disabled={!date || take.isPending} onClick={() => (take.reset(), setConfirming(true))} data-testid="take-z">
            Take Z-reading…
          </button>
        </div>
        {take.isError && (
          <div className="error-box" role="alert" data-testid="z-error">
            {zRefusal(take.error, date)}
          </div>
        )}
      </section>

      <section className="panel">
        <div className="panel-head">
          <h2>Readings taken</h2>
          <label>
            Show{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} aria-label="Reading kind">
              <option value="">X and Z</option>
              <option value="x">X-readings (shifts)</option>
              <option value="z">Z-readings (days)</option>
            </select>
          </label>
        </div>
        <QueryView query={list} isEmpty={items.length === 0} empty="No readings yet. Cashiers take X-readings from their shift bar; the Z-reading is taken here at the end of the day.">
          <table className="grid" data-testid="readings">
            <thead>
              <tr>
                <th>Reading</th>
                <th>For</th>
                <th>Taken</th>
                <th className="num">Receipts</th>
                <th className="num">Net sales</th>
                <th className="num">Collections</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-testid="reading-row" data-kind={r.kind}>
                  <td>
                    <span className={`type-tag ${r.kind === 'z' ? 't-z' : 't-x'}`}>{r.kind.toUpperCase()}</span> #{r.kind === 'z' ? r.zCounter : r.number}
                  </td>
                  <td>{r.kind === 'z' ? <strong>{fmtDate(r.businessDate)}</strong> : `${r.counter} · ${nameOf(r.cashierId)}`}</td>
                  <td className="small">
                    {fmtDateTime(r.takenAt)}
                    <div className="muted">by {nameOf(r.takenBy)}</div>
                  </td>
                  <td className="num">{r.figures.receiptCount}</td>
                  <td className="num">
                    <Money value={r.figures.netSales} />
                  </td>
                  <td className="num">
                    <Money value={r.figures.collections} />
                  </td>
                  <td className="num">
                    <button type="button" className="btn btn-small" onClick={() => setViewing(r)} data-testid="view-reading">
                      View
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </QueryView>
        {list.hasNextPage && (
          <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage} data-testid="older-readings">
            {list.isFetchingNextPage ? 'Loading…' : 'Load older readings'}
          </button>
        )}
      </section>

      {confirming && (
        <Modal label="Take Z-reading" onClose={() => setConfirming(false)} onSubmit={() => !take.isPending && take.mutate(date)} busy={take.isPending}>
          <h2>Take the Z-reading for {fmtDate(date)}?</h2>
          <p>This closes the business day. It is taken once and cannot be undone; any sale after it counts for the next day.</p>
          {stillOpen.length > 0 && (
            <div className="hint" data-testid="z-open-shifts">
              {stillOpen.length === 1 ? 'A shift is still open' : `${stillOpen.length} shifts are still open`}:{' '}
              {stillOpen.map((s) => `${s.counter} (${nameOf(s.cashierId)})`).join(', ')}. A drawer count goes into the Z of the day its shift closes:
              close {stillOpen.length === 1 ? 'it' : 'them'} first (Shifts tab) if the day is over there too.
            </div>
          )}
          <div className="modal-actions">
            <button type="submit" className="btn btn-primary" autoFocus disabled={take.isPending} data-testid="confirm-z">
              {take.isPending ? 'Taking…' : 'Take Z-reading'}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </Modal>
      )}
      {viewing && (
        <Modal label={viewing.kind === 'z' ? 'Z-reading' : 'X-reading'} onClose={() => setViewing(null)} wide testId="reading-dialog">
          <ReadingView reading={viewing} nameOf={nameOf} />
          <div className="modal-actions">
            <button type="button" className="btn" onClick={() => setViewing(null)} data-testid="reading-close">
              Close
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}
