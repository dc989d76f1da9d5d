import { useState } from 'react';
import type { Reading } from '../../shared/readings';
import { Modal } from '../components/Modal';
import { ReadingView } from '../components/ReadingView';
import { DayReportPanel } from './readings/DayReportPanel';
import { ReadingsList } from './readings/ReadingsList';
import { ZReadingPanel } from './readings/ZReadingPanel';
import { useStaffNames } from './useStaffNames';

/** A Z's register code, as the lists and the dialog name it (Zs from before registers were C1's). */
const zRegisterCode = (r: Reading): string | null => (r.kind === 'z' ? (r.register?.code ?? 'C1') : null);

/**
 * Z-readings per register for a business date (once per register and day), the store's
 * day report over its registers, and every X and Z taken, to view and print. The parts:
 * ZReadingPanel (take the Z, with its confirmation and refusals), DayReportPanel,
 * ReadingsList (the history) and the reading dialog below, which steps through every Z
 * one call took. `onOpenSetup`: to the BIR setup checklist, when the hub refuses a Z for it.
 */
export function Readings({ onOpenSetup }: { onOpenSetup: () => void }) {
  const nameOf = useStaffNames();
  const [viewing, setViewing] = useState<{ list: Reading[]; at: number } | null>(null);
  const [show, setShow] = useState<'taken' | 'day'>('taken');
  const shown = viewing?.list[viewing.at];
  return (
    <div className="readings">
      <ZReadingPanel nameOf={nameOf} onTaken={(zs) => setViewing({ list: zs, at: 0 })} onOpenSetup={onOpenSetup} />
      <div className="row-actions readings-views" role="group" aria-label="Show">
        <button type="button" className={`btn ${show === 'taken' ? 'btn-primary' : ''}`} aria-pressed={show === 'taken'} onClick={() => setShow('taken')} data-testid="show-readings">
          Readings taken
        </button>
        <button type="button" className={`btn ${show === 'day' ? 'btn-primary' : ''}`} aria-pressed={show === 'day'} onClick={() => setShow('day')} data-testid="show-day-report">
          Store day report
        </button>
      </div>
      {show === 'day' ? <DayReportPanel /> : <ReadingsList nameOf={nameOf} onView={(r) => setViewing({ list: [r], at: 0 })} />}
      {viewing && shown && (
        <Modal label={shown.kind === 'z' ? 'Z-reading' : 'X-reading'} onClose={() => setViewing(null)} wide testId="reading-dialog">
          {viewing.list.length > 1 && (
            <div className="row-actions reading-switch" role="group" aria-label="Z-readings taken" data-testid="reading-switch">
              <span className="muted small">{viewing.list.length} Z-readings taken:</span>
              {viewing.list.map((r, i) => (
                <button
                  key={r.id}
                  type="button"
                  className={`btn ${i === viewing.at ? 'btn-primary' : ''}`}
                  aria-pressed={i === viewing.at}
                  onClick={() => setViewing({ ...viewing, at: i })}
                >
                  {zRegisterCode(r)}
                </button>
              ))}
            </div>
          )}
          <ReadingView reading={shown} nameOf={nameOf} />
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
