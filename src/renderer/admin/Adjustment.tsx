import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AdjustmentResponse } from '../../shared/backoffice';
import type { Customer } from '../../shared/index';
import { CustomerPicker } from '../components/CustomerPicker';
import { Money, PesoInput } from '../components/ui';
import { post } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { keys } from '../lib/query';

/**
 * Manual balance adjustment with a reason (ledger type `adjustment`). Adding makes a
 * one-line "Balance adjustment" transaction the cashier settles; reducing becomes the
 * customer's deposit, used at the next payment.
 */
export function Adjustment() {
  const qc = useQueryClient();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [direction, setDirection] = useState<'add' | 'reduce'>('add');
  const [amount, setAmount] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const mut = useMutation({
    mutationFn: () =>
      post('/api/v1/backoffice/adjustments', { customerId: customer!.id, amount: direction === 'add' ? amount! : -amount!, reason: reason.trim() }, AdjustmentResponse),
    onSuccess: () => {
      setAmount(null);
      setReason('');
      void qc.invalidateQueries({ queryKey: keys.backoffice });
      void qc.invalidateQueries({ queryKey: keys.transactions });
      void qc.invalidateQueries({ queryKey: keys.customers });
    },
  });
  const ready = !!customer && !!amount && amount > 0 && reason.trim().length >= 3;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) mut.mutate();
  };
  return (
    <section className="panel narrow">
      <h2>Manual balance adjustment</h2>
      <p className="muted small">Every adjustment is a ledger entry of its own type, with your name and the reason. Nothing is edited or deleted.</p>
      <CustomerPicker selected={customer} onSelect={setCustomer} allowCreate={false} />
      <form className="stack" onSubmit={submit}>
        <div className="strategies" role="radiogroup" aria-label="Direction">
          <label className={`chip ${direction === 'add' ? 'on' : ''}`}>
            <input type="radio" checked={direction === 'add'} onChange={() => setDirection('add')} /> Customer owes more
          </label>
          <label className={`chip ${direction === 'reduce' ? 'on' : ''}`}>
            <input type="radio" checked={direction === 'reduce'} onChange={() => setDirection('reduce')} /> Customer owes less (credit)
          </label>
        </div>
        <label>
          Amount
          <PesoInput value={amount} onChange={(c) => setAmount(c)} />
        </label>
        <label>
          Reason (required)
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. delivery fee agreed by phone" />
        </label>
        {mut.isError && <div className="error-box">{friendlyError(mut.error)}</div>}
        {mut.isSuccess && (
          <div className="notice">
            Recorded: <Money value={mut.data.entry.amount} /> on {mut.data.entry.customerName}; balance now <Money value={mut.data.entry.balanceAfter} />.
          </div>
        )}
        <button type="submit" className="btn btn-primary" disabled={!ready || mut.isPending}>
          Record adjustment
        </button>
      </form>
    </section>
  );
}
