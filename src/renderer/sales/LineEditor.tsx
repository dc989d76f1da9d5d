import { Money, PesoInput } from '../components/ui';
import { amountOf, qty, useFocusOnKey, type DraftLines } from './lines';

/**
 * Lines of a job order: description (it gets the room), quantity, unit price, amount.
 * A grid rather than a table so the description column takes what is left of the panel.
 */
export function LineEditor({ draft, autoFocusFirst }: { draft: DraftLines; autoFocusFirst?: boolean }) {
  const refFor = useFocusOnKey(draft.focusKey);
  return (
    <div className="line-editor">
      <div className="line-row line-head" aria-hidden>
        <span>Description</span>
        <span className="num">Qty</span>
        <span className="num">Unit price</span>
        <span className="num">Amount</span>
        <span />
      </div>
      {draft.lines.map((l, i) => {
        const q = qty(l);
        const amount = amountOf(l);
        return (
          <div className="line-row" key={l.key} data-testid="line-row">
            <input
              ref={refFor(l.key)}
              className="line-desc"
              aria-label={`Line ${i + 1} description`}
              value={l.description}
              placeholder="e.g. Tarpaulin print 3×6 ft"
              autoFocus={autoFocusFirst && i === 0}
              onChange={(e) => draft.setLine(l.key, { description: e.target.value })}
            />
            <input
              className="qty"
              aria-label={`Line ${i + 1} quantity`}
              inputMode="numeric"
              value={l.quantity}
              aria-invalid={q === null}
              onChange={(e) => draft.setLine(l.key, { quantity: e.target.value })}
            />
            <PesoInput ariaLabel={`Line ${i + 1} unit price`} value={l.unitPrice} onChange={(c) => draft.setLine(l.key, { unitPrice: c })} />
            <span className="num line-amount">{amount !== null ? <Money value={amount} /> : <span className="muted">—</span>}</span>
            {draft.lines.length > 1 ? (
              <button type="button" className="btn btn-ghost" aria-label={`Remove line ${i + 1}`} onClick={() => draft.remove(l.key)}>
                ✕
              </button>
            ) : (
              <span />
            )}
          </div>
        );
      })}
      <button type="button" className="btn" onClick={draft.add} data-testid="add-line">
        + Add line
      </button>
      {draft.problems.length > 0 && (
        <p className="hint" role="status">
          Each line needs a description, a whole quantity and a unit price.
        </p>
      )}
    </div>
  );
}
