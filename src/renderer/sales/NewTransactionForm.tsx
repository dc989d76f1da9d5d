import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { TransactionResponse, type Customer, type Transaction } from '../../shared/index';
import { Money } from '../components/ui';
import { post } from '../lib/api';
import { ApiError } from '../lib/errors';
import { keys } from '../lib/query';
import { buyerOf, buyerProblems, type DraftBuyer } from './buyer';
import { BuyerFields } from './BuyerFields';
import { saleErrorMessage } from './setup-error';
import { SETUP_KEY, SetupNotice } from './SetupNotice';
import { TransactionFields, useTransactionFields } from './TransactionFields';

/**
 * A job order / invoice: lines (description × quantity × unit price, VAT, SC/PWD), the whole
 * sale's SC/PWD, due date, notes, and the business buyer the Sales Invoice is made out to.
 */
export function NewTransactionForm({ customer, onCreated }: { customer: Customer; onCreated: (t: Transaction) => void }) {
  const qc = useQueryClient();
  const f = useTransactionFields();
  const [buyer, setBuyer] = useState<DraftBuyer | null>(null);
  const total = f.priced.figures.amount;
  const ready = f.ready && (buyer === null || buyerProblems(buyer, total).length === 0);

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
          ...(buyer ? { buyer: buyerOf(buyer) } : {}),
        },
        TransactionResponse,
      ),
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'setup_incomplete') void qc.invalidateQueries({ queryKey: SETUP_KEY });
    },
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: keys.transactions });
      void qc.invalidateQueries({ queryKey: SETUP_KEY });
      f.reset();
      setBuyer(null);
      onCreated(res.transaction);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready && !create.isPending) create.mutate();
  };

  return (
    <form className="tx-form" onSubmit={submit} aria-label="New transaction">
      <SetupNotice />
      <TransactionFields f={f} autoFocusFirst />
      <BuyerFields buyer={buyer} total={total} onChange={setBuyer} />
      {create.isError && (
        <div
          className={`error-box ${create.error instanceof ApiError && create.error.code === 'setup_incomplete' ? 'setup-box' : ''}`}
          role="alert"
          data-testid={create.error instanceof ApiError && create.error.code === 'setup_incomplete' ? 'setup-incomplete' : 'create-error'}
        >
          {saleErrorMessage(create.error)}
        </div>
      )}
      <div className="form-footer">
        <div className="total-line">
          Total due <Money value={total} className="amount-xl" testId="new-tx-total" />
        </div>
        <button type="submit" className="btn btn-primary btn-large" disabled={!ready || create.isPending}>
          {create.isPending ? 'Saving…' : 'Create transaction'} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}
