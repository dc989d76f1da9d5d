import type { UseMutationResult } from '@tanstack/react-query';
import { useState } from 'react';
import type { Transaction, TransactionResponse } from '../../shared/index';
import type { z } from 'zod';
import { Money } from '../components/ui';
import { friendlyError } from '../lib/errors';
import { shortId } from '../lib/format';
import { LineEditor } from './LineEditor';
import { draftFrom, useDraftLines } from './lines';
import type { TransactionEditBody } from './useSalesActions';

/**
 * Edits a transaction nobody has paid yet. Only what changed is sent; the hub records the
 * edit (and refuses it if a payment landed in the meantime — the message says so).
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
  const draft = useDraftLines(() => draftFrom(t.lines));
  const [dueDate, setDueDate] = useState(t.dueDate ?? '');
  const [notes, setNotes] = useState(t.notes ?? '');
  const body = (): TransactionEditBody => {
    const lines = draft.toRequest();
    const sameLines =
      lines.length === t.lines.length &&
      lines.every((l, i) => l.description === t.lines[i]!.description && l.quantity === t.lines[i]!.quantity && l.unitPrice === t.lines[i]!.unitPrice);
    return {
      ...(sameLines ? {} : { lines }),
      ...((dueDate || null) !== t.dueDate ? { dueDate: dueDate || null } : {}),
      ...((notes.trim() || null) !== (t.notes ?? null) ? { notes: notes.trim() || null } : {}),
    };
  };
  const changes = Object.keys(body()).length;
  return (
    <form
      className="tx-form"
      aria-label={`Edit transaction ${shortId(t.id)}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.ready && changes > 0 && !mutation.isPending) mutation.mutate(body(), { onSuccess: onDone });
      }}
    >
      <h2>
        Edit transaction <span className="mono">{shortId(t.id)}</span>
      </h2>
      <LineEditor draft={draft} autoFocusFirst />
      <div className="form-row">
        <label>
          Due date
          <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
        </label>
        <label className="grow">
          Notes
          <input value={notes} onChange={(e) => setNotes(e.target.value)} />
        </label>
      </div>
      {mutation.isError && (
        <div className="error-box" role="alert">
          {friendlyError(mutation.error)}
        </div>
      )}
      <div className="form-footer">
        <div className="total-line">
          Total <Money value={draft.total} className="amount-l" testId="edit-total" />
          {draft.total !== t.total_amount && (
            <span className="muted small">
              was <Money value={t.total_amount} />
            </span>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={!draft.ready || changes === 0 || mutation.isPending} data-testid="save-edit">
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
