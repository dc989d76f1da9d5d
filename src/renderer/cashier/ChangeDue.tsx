import type { Settlement } from '../../shared/index';
import { Money } from '../components/ui';

/**
 * The change to hand back, big enough to read from across the counter. Shown from the
 * moment a cash payment posts until the cashier starts the next sale.
 */
export function ChangeDue({ settlement, compact }: { settlement: Settlement; compact?: boolean }) {
  if (settlement.tender.method !== 'cash') return null;
  const handed = settlement.tender.tendered ?? settlement.amount;
  return (
    <div className={`change-due ${compact ? 'compact' : ''}`} data-testid="change-due" role="status">
      <div className="change-due-label">Change due</div>
      <Money value={settlement.change} className="change-due-amount" />
      <div className="change-due-detail">
        Cash <Money value={handed} /> − paid <Money value={settlement.amount} />
      </div>
    </div>
  );
}
