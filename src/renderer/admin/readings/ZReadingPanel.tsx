import { useState } from 'react';
import type { Reading } from '../../../shared/readings';
import { Modal } from '../../components/Modal';
import { fmtDate, todayIso } from '../../lib/format';
import { useOpenShifts, useTakeZ, zRefusal } from './useZReading';

/** The end-of-day Z: pick the business date, confirm (told of shifts still open), take it once. */
export function ZReadingPanel({ nameOf, onTaken }: { nameOf: (id: string) => string; onTaken: (z: Reading) => void }) {
  const [date, setDate] = useState(() => todayIso());
  const [confirming, setConfirming] = useState(false);
  const take = useTakeZ((z) => {
    setConfirming(false);
    onTaken(z);
  });
  const stillOpen = useOpenShifts(confirming);
  const ask = () => {
    take.reset();
    setConfirming(true);
  };
  return (
    <section className="panel z-panel">
      <div className="panel-head">
        <h2>Z-reading (end of day)</h2>
      </div>
      <p className="muted small">
        Closes the business day: the day’s totals, the Z counter and the accumulated grand total move on. One per business date; it cannot be taken
        again or undone. Sales after it count for the next day.
      </p>
      <div className="filters">
        <label>
          Business date
          <input type="date" value={date} max={todayIso()} onChange={(e) => (setDate(e.target.value), take.reset())} data-testid="z-date" />
        </label>
        <button type="button" className="btn btn-primary" disabled={!date || take.isPending} onClick={ask} data-testid="take-z">
          Take Z-reading…
        </button>
      </div>
      {take.isError && (
        <div className="error-box" role="alert" data-testid="z-error">
          {zRefusal(take.error, date)}
        </div>
      )}
      {confirming && (
        <Modal
          label="Take Z-reading"
          onClose={() => setConfirming(false)}
          onSubmit={() => !take.isPending && take.mutate(date, { onError: () => setConfirming(false) })}
          busy={take.isPending}
        >
          <h2>Take the Z-reading for {fmtDate(date)}?</h2>
          <p>This closes the business day. It is taken once and cannot be undone; any sale after it counts for the next day.</p>
          {stillOpen.length > 0 && (
            <div className="hint" data-testid="z-open-shifts">
              {stillOpen.length === 1 ? 'A shift is still open' : `${stillOpen.length} shifts are still open`}:{' '}
              {stillOpen.map((s) => `${s.counter} (${nameOf(s.cashierId)})`).join(', ')}. A drawer count goes into the Z of the day its shift closes: close{' '}
              {stillOpen.length === 1 ? 'it' : 'them'} first (Shifts tab) if the day is over there too.
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
    </section>
  );
}
