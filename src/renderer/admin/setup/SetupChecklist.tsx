import type { SetupItem } from '../../../shared/setup';
import { ApiError } from '../../lib/errors';
import { useSetupStatus } from '../../lib/setup';

/**
 * The BIR setup checklist at the top of the admin's first screen: what the store still
 * lacks before the hub lets it issue a Sales Invoice or take a Z-reading (domain.md:
 * TIN, registered name and address; each register's MIN and serial number), each with a
 * button to where it is filled in. Once complete it shrinks to one line.
 */
export function SetupChecklist({ onFix }: { onFix: (item: SetupItem) => void }) {
  const q = useSetupStatus();
  if (q.isError) {
    // A hub older than the checklist has no such route: say nothing rather than alarm.
    if (q.error instanceof ApiError && q.error.status === 404) return null;
    return (
      <p className="hint" role="status" data-testid="setup-unknown">
        Could not check the store’s BIR setup just now; it is checked again when you come back to this screen.
      </p>
    );
  }
  if (!q.data) return null;
  if (q.data.ready) {
    return (
      <p className="setup-done small" data-testid="setup-complete">
        <span aria-hidden>✓</span> BIR setup complete: Sales Invoices and Z-readings can be issued.
      </p>
    );
  }
  const store = q.data.missing.filter((m) => m.registerId === null);
  const registers = q.data.missing.filter((m) => m.registerId !== null);
  return (
    <section className="panel setup-checklist" aria-labelledby="setup-title" data-testid="setup-checklist">
      <h2 id="setup-title">Before this store can issue Sales Invoices and Z-readings</h2>
      <p className="muted small">
        Every Sales Invoice and Z-reading prints the store’s TIN, registered name and address, and the MIN and serial number of the register that issued it
        (RR 10-2015, RR 16-2018). Until these are filled in, sales cannot be invoiced and the day cannot be closed.
      </p>
      <ul className="setup-items">
        {[...store, ...registers].map((item) => (
          <li key={`${item.field}-${item.registerId ?? 'store'}`} data-testid="setup-item" data-field={item.field} data-register={item.registerCode ?? ''}>
            <span className="setup-mark" aria-hidden>
              !
            </span>
            <span className="setup-label">
              {item.label}
              <span className="muted small"> · {item.registerId === null ? 'Settings' : 'Registers'}</span>
            </span>
            <button type="button" className="btn" onClick={() => onFix(item)} aria-label={`Fill in ${item.label}`} data-testid="setup-fix">
              Fill in
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
