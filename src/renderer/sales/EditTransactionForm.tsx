import type { UseMutationResult } from '@tanstack/react-query';
import type { Transaction, TransactionLine, TransactionLineInput, TransactionResponse } from '../../shared/index';
import type { z } from 'zod';
import { Money } from '../components/ui';
import { friendlyError } from '../lib/errors';
import { shortId } from '../lib/format';
import { draftFrom } from './lines';
import { TransactionFields, useTransactionFields } from './TransactionFields';
import type { TransactionEditBody } from './useSalesActions';

/** A stored line as the request would send it, to tell whether the clerk changed anything. */
function asInput(l: TransactionLine): TransactionLineInput {
  return {
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    ...(l.vatCategory && l.vatCategory !== 'vatable' ? { vatCategory: l.vatCategory } : {}),
    ...(l.promoDiscount ? { promoDiscount: l.promoDiscount } : {}),
    ...(l.discount ? { discount: l.discount } : {}),
  };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Edits a transaction nobody has paid yet. Only what changed is sent (new lines go with
 * the whole sale's discount, so the hub prices them with it); the hub records the edit
 * (and refuses it if a payment landed in the meantime — the message says so).
 */
export function EditTransactionForm({
  transaction: t,
  mutation,
  onDone,
}: {
  transaction: Transaction;
  mutation: UseMutationResult<z.infer<typeof TransactionResponse>, Error, TransactionEditBody>;
  onDone: () => void;
}) {
  const f = useTransactionFields({ lines: () => draftFrom(t.lines), discount: t.discount ?? null, dueDate: t.dueDate ?? '', notes: t.notes ?? '' });
  const body = (): TransactionEditBody => {
    const sameLines = sameJson(f.lines, t.lines.map(asInput));
    const sameDiscount = sameJson(f.discount, t.discount ?? null);
    return {
      ...(sameLines && sameDiscount ? {} : { lines: f.lines, discount: f.discount }),
      ...((f.dueDate || null) !== t.dueDate ? { dueDate: f.dueDate || null } : {}),
      ...((f.notes.trim() || null) !== (t.notes ?? null) ? { notes: f.notes.trim() || null } : {}),
    };
  };
  const changes = Object.keys(body()).length;
  return (
    <form
      className="tx-form"
      aria-label={`Edit transaction ${shortId(t.id)}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (f.ready && changes > 0 && !mutation.isPending) mutation.mutate(body(), { onSuccess: onDone });
      }}
    >
      <h2>
        Edit transaction <span className="mono">{shortId(t.id)}</span>
      </h2>
      <TransactionFields f={f} autoFocusFirst />
      {mutation.isError && (
        <div className="error-box" role="alert">
          {friendlyError(mutation.error)}
        </div>
      )}
      <div className="form-footer">
        <div className="total-line">
          Total due <Money value={f.priced.figures.amount} className="amount-l" testId="edit-total" />
          {f.priced.figures.amount !== t.total_amount && (
            <span className="muted small">
              was <Money value={t.total_amount} />
            </span>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={!f.ready || changes === 0 || mutation.isPending} data-testid="save-edit">
            {mutation.isPending ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" className="btn" onClick={onDone} disabled={mutation.isPending}>
            Discard
          </button>
        </div>
      </div>
    </form>
  );
}
