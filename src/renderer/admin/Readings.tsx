import { useState } from 'react';
import type { Reading } from '../../shared/readings';
import { Modal } from '../components/Modal';
import { ReadingView } from '../components/ReadingView';
import { ReadingsList } from './readings/ReadingsList';
import { ZReadingPanel } from './readings/ZReadingPanel';
import { useStaffNames } from './useStaffNames';

/**
 * Z-reading for a business date (once per day), and every X and Z taken, to view and
 * print. The parts: ZReadingPanel (take the Z, with its confirmation and refusals),
 * ReadingsList (the history) and the reading dialog below.
 */
export function Readings() {
  const nameOf = useStaffNames();
  const [viewing, setViewing] = useState<Reading | null>(null);
  return (
    <div className="readings">
      <ZReadingPanel nameOf={nameOf} onTaken={setViewing} />
      <ReadingsList nameOf={nameOf} onView={setViewing} />
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
