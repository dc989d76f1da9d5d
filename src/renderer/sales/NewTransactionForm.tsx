import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { TransactionResponse, type Customer, type Transaction } from '../../shared/index';
import { Money } from '../components/ui';
import { post } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { keys } from '../lib/query';
import { TransactionFields, useTransactionFields } from './TransactionFields';

/** A job order / invoice: lines (description × quantity × unit price, VAT, SC/PWD), the whole sale's SC/PWD, due date, notes. */
export function NewTransactionForm({ customer, onCreated }: { customer: Customer; onCreated: (t: Transaction) => void }) {
  const qc = useQueryClient();
  const f = useTransactionFields();

  const create = useMutation({
    mutationFn: () =>
      post(
        '/api/v1/transactions',
        {
          customerId: customer.id,
          lines: f.lines,
          ...(f.discount ? { discount: f.discount } : {}),
          ...(f.dueDate ? { dueDate: f.dueDate } : {}),
          ...(f.notes.trim() ? { notes: f.notes.trim() } : {}),
        },
        TransactionResponse,
      ),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: keys.transactions });
      f.reset();
      onCreated(res.transaction);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (f.ready && !create.isPending) create.mutate();
  };

  return (
    <form className="tx-form" onSubmit={submit} aria-label="New transaction">
      <TransactionFields f={f} autoFocusFirst />
      {create.isError && (
        <div className="error-box" role="alert">
          {friendlyError(create.error)}
        </div>
      )}
      <div className="form-footer">
        <div className="total-line">
          Total due <Money value={f.priced.figures.amount} className="amount-xl" testId="new-tx-total" />
        </div>
        <button type="submit" className="btn btn-primary btn-large" disabled={!f.ready || create.isPending}>
          {create.isPending ? 'Saving…' : 'Create transaction'} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}
