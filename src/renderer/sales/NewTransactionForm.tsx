import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { TransactionResponse, type Customer, type Transaction } from '../../shared/index';
import { Money } from '../components/ui';
import { post } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { keys } from '../lib/query';
import { LineEditor } from './LineEditor';
import { useDraftLines } from './lines';

/** A job order / invoice: lines (description × quantity × unit price), due date, notes. */
export function NewTransactionForm({ customer, onCreated }: { customer: Customer; onCreated: (t: Transaction) => void }) {
  const qc = useQueryClient();
  const draft = useDraftLines();
  const [dueDate, setDueDate] = useState('');
  const [notes, setNotes] = useState('');

  const create = useMutation({
    mutationFn: () =>
      post(
        '/api/v1/transactions',
        {
          customerId: customer.id,
          lines: draft.toRequest(),
          ...(dueDate ? { dueDate } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
        },
        TransactionResponse,
      ),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: keys.transactions });
      draft.reset();
      setDueDate('');
      setNotes('');
      onCreated(res.transaction);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.ready && !create.isPending) create.mutate();
  };

  return (
    <form className="tx-form" onSubmit={submit} aria-label="New transaction">
      <LineEditor draft={draft} autoFocusFirst />
      <div className="form-row">
        <label>
          Due date (optional)
          <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
        </label>
        <label className="grow">
          Notes (optional)
          <input value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="Pick-up Friday, rush" />
        </label>
      </div>
      {create.isError && (
        <div className="error-box" role="alert">
          {friendlyError(create.error)}
        </div>
      )}
      <div className="form-footer">
        <div className="total-line">
          Total <Money value={draft.total} className="amount-xl" testId="new-tx-total" />
        </div>
        <button type="submit" className="btn btn-primary btn-large" disabled={!draft.ready || create.isPending}>
          {create.isPending ? 'Saving…' : 'Create transaction'} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}
