import { useState } from 'react';
import type { ZReading } from '../../../shared/readings';
import { Modal } from '../../components/Modal';
import { fmtDate, todayIso } from '../../lib/format';
import { useRegisters } from '../../lib/registers';
import { setupMissingOf } from '../../lib/setup';
import { SetupIncomplete } from './SetupIncomplete';
import { useOpenShifts, useTakeZ, zRefusal } from './useZReading';

const ALL = '';

/**
 * The end-of-day Z: pick the business date and the register (default: every register that
 * traded), confirm (told of shifts still open), take it once per register and day.
 */
export function ZReadingPanel({ nameOf, onTaken, onOpenSetup }: { nameOf: (id: string) => string; onTaken: (zs: ZReading[]) => void; onOpenSetup: () => void }) {
  const [date, setDate] = useState(() => todayIso());
  const [registerId, setRegisterId] = useState(ALL);
  const [confirming, setConfirming] = useState(false);
  const registers = useRegisters();
  const register = registers.data?.items.find((r) => r.id === registerId);
  const take = useTakeZ((zs) => {
    setConfirming(false);
    onTaken(zs);
  });
  const open = useOpenShifts(confirming);
  // A shift open at the register being closed keeps selling into the next day.
  const stillOpen = register ? open.filter((s) => s.counter === register.code) : open;
  const ask = () => {
    take.reset();
    setConfirming(true);
  };
  const which = register ? `${register.code} (${register.name})` : 'every register that traded';
  return (
    <section className="panel z-panel">
      <div className="panel-head">
        <h2>Z-reading (end of day)</h2>
      </div>
      <p className="muted small">
        Closes a register’s business day: its totals, Z counter and accumulated grand total move on. One per register and business date; it cannot be taken
        again or undone. Sales after it count for the next day.
      </p>
      <div className="filters">
        <label>
          Business date
          <input type="date" value={date} max={todayIso()} onChange={(e) => (setDate(e.target.value), take.reset())} data-testid="z-date" />
        </label>
        <label>
          Register
          <select value={registerId} onChange={(e) => (setRegisterId(e.target.value), take.reset())} data-testid="z-register">
            <option value={ALL}>All registers that traded</option>
            {(registers.data?.items ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.code} · {r.name}
                {r.active ? '' : ' (inactive)'}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" disabled={!date || take.isPending} onClick={ask} data-testid="take-z">
          Take Z-reading…
        </button>
      </div>
      {take.isError && setupMissingOf(take.error) && <SetupIncomplete error={take.error} what="A Z-reading" onOpenSetup={onOpenSetup} />}
      {take.isError && !setupMissingOf(take.error) && (
        <div className="error-box" role="alert" data-testid="z-error">
          {zRefusal(take.error, date, register?.code)}
        </div>
      )}
      {confirming && (
        <Modal
          label="Take Z-reading"
          onClose={() => setConfirming(false)}
          onSubmit={() => !take.isPending && take.mutate({ businessDate: date, ...(register ? { registerId: register.id } : {}) }, { onError: () => setConfirming(false) })}
          busy={take.isPending}
        >
          <h2>
            Take the Z-reading of {register ? register.code : 'every register'} for {fmtDate(date)}?
          </h2>
          <p>
            This closes the business day of {which}. It is taken once and cannot be undone; any sale after it counts for the next day.
          </p>
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
