import type { VatCategory } from '../../shared/index';
import { Money, PesoInput } from '../components/ui';
import { HolderFields } from './HolderFields';
import { amountOf, blankHolder, qty, useFocusOnKey, type DraftLines } from './lines';

const VAT_LABELS: Record<VatCategory, string> = { vatable: 'VATable', exempt: 'Exempt', zero_rated: 'Zero-rated' };

/**
 * Lines of a job order: description (it gets the room), quantity, unit price, VAT
 * category, amount, and a senior/PWD holder of the line's own (with "shared by N" for a
 * group). A grid rather than a table so the description column takes what is left.
 * `saleDiscount`: the whole sale already has one, so a line cannot get its own.
 */
export function LineEditor({ draft, autoFocusFirst, saleDiscount = false }: { draft: DraftLines; autoFocusFirst?: boolean; saleDiscount?: boolean }) {
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
          <div className="line-block" key={l.key} data-testid="line-row">
            <div className="line-row">
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
            <div className="line-options">
              <select
                aria-label={`Line ${i + 1} VAT category`}
                value={l.vatCategory}
                onChange={(e) => draft.setLine(l.key, { vatCategory: e.target.value as VatCategory })}
              >
                {(Object.keys(VAT_LABELS) as VatCategory[]).map((c) => (
                  <option key={c} value={c}>
                    {VAT_LABELS[c]}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className={`btn sc-toggle${l.holder ? ' on' : ''}`}
                aria-pressed={l.holder !== null}
                aria-label={`SC/PWD discount, line ${i + 1}`}
                title={saleDiscount ? 'The whole sale has a senior/PWD discount' : 'Senior citizen / PWD discount on this line'}
                disabled={saleDiscount && !l.holder}
                onClick={() => draft.setLine(l.key, { holder: l.holder ? null : blankHolder() })}
              >
                SC/PWD
              </button>
              {l.holder && <HolderFields holder={l.holder} label={`Line ${i + 1}`} withShare onChange={(h) => draft.setLine(l.key, { holder: h })} />}
            </div>
          </div>
        );
      })}
      <button type="button" className="btn" onClick={draft.add} data-testid="add-line">
        + Add line
      </button>
      {draft.problems.length > 0 && (
        <p className="hint" role="status">
          Each line needs a description, a whole quantity and a unit price; a senior/PWD line needs the holder’s name and ID number.
        </p>
      )}
    </div>
  );
}
