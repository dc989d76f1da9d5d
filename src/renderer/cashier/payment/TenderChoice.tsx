import { useEffect } from 'react';
import type { TenderMethod } from '../../../shared/index';
import { Kbd } from '../../components/ui';
import { TENDER_OPTIONS } from './tenders';

/** The tender buttons (a radio group); Alt+1… picks the n-th. */
export function TenderChoice({ method, onChange }: { method: TenderMethod; onChange: (m: TenderMethod) => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const option = TENDER_OPTIONS[Number(e.key) - 1];
      if (option) {
        e.preventDefault();
        onChange(option.method);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onChange]);

  return (
    <div className="tenders" role="radiogroup" aria-label="Tender">
      {TENDER_OPTIONS.map((t, i) => (
        <button
          key={t.method}
          type="button"
          role="radio"
          aria-checked={method === t.method}
          className={`tender ${method === t.method ? 'on' : ''}`}
          onClick={() => onChange(t.method)}
        >
          {t.label} <Kbd>Alt+{i + 1}</Kbd>
        </button>
      ))}
    </div>
  );
}
