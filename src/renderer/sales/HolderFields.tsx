import { sharedByOf, type DraftHolder } from './lines';

/**
 * A senior citizen (RA 9994) or PWD (RA 10754) holder: kind, name and ID number (printed
 * with a signature line) and, on a line, how many people share it (RMC 38-2012: a group
 * meal for 5 with one senior discounts the senior's fifth only).
 */
export function HolderFields({ holder, label, withShare, onChange }: { holder: DraftHolder; label: string; withShare: boolean; onChange: (h: DraftHolder) => void }) {
  const set = (patch: Partial<DraftHolder>) => onChange({ ...holder, ...patch });
  return (
    <div className="holder-row" role="group" aria-label={`${label} senior/PWD holder`}>
      <select aria-label={`${label} discount kind`} value={holder.kind} onChange={(e) => set({ kind: e.target.value as DraftHolder['kind'] })}>
        <option value="senior">Senior citizen</option>
        <option value="pwd">PWD</option>
      </select>
      <input aria-label={`${label} holder name`} placeholder="Holder’s name" value={holder.holderName} aria-invalid={!holder.holderName.trim()} onChange={(e) => set({ holderName: e.target.value })} />
      <input
        aria-label={`${label} ID number`}
        placeholder={holder.kind === 'senior' ? 'OSCA ID no.' : 'PWD ID no.'}
        value={holder.idNumber}
        aria-invalid={!holder.idNumber.trim()}
        onChange={(e) => set({ idNumber: e.target.value })}
      />
      {withShare && (
        <label className="inline">
          shared by
          <input
            className="qty"
            aria-label={`${label} shared by`}
            inputMode="numeric"
            value={holder.sharedBy}
            aria-invalid={sharedByOf(holder) === null}
            onChange={(e) => set({ sharedBy: e.target.value })}
          />
        </label>
      )}
    </div>
  );
}
