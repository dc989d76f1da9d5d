import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { lineAmount, centavos } from '../../core/money';
import { TransactionResponse, type Customer, type Transaction } from '../../shared/index';
import { PesoInput, Money } from '../components/ui';
import { post } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { keys } from '../lib/query';

interface Line {
  key: number;
  description: string;
  quantity: string;
  unitPrice: number | null;
}

let nextKey = 1;
const blankLine = (): Line => ({ key: nextKey++, description: '', quantity: '1', unitPrice: null });

function qty(l: Line): number | null {
  return /^\d{1,7}$/.test(l.quantity.trim()) && Number(l.quantity) >= 1 ? Number(l.quantity) : null;
}

/** A job order / invoice: lines (description × quantity × unit price), due date, notes. */
export function NewTransactionForm({ customer, onCreated }: { customer: Customer; onCreated: (t: Transaction) => void }) {
  const qc = useQueryClient();
  const [lines, setLines] = useState<Line[]>(() => [blankLine()]);
  const [dueDate, setDueDate] = useState('');
  const [notes, setNotes] = useState('');

  const filled = lines.filter((l) => l.description.trim() || l.unitPrice !== null);
  const problems = filled.filter((l) => !l.description.trim() || qty(l) === null || l.unitPrice === null);
  const total = filled.reduce((s, l) => s + (qty(l) !== null && l.unitPrice !== null ? lineAmount(qty(l)!, centavos(l.unitPrice)) : 0), 0);
  const ready = filled.length > 0 && problems.length === 0 && total > 0;

  const create = useMutation({
    mutationFn: () =>
      post(
        '/api/v1/transactions',
        {
          customerId: customer.id,
          lines: filled.map((l) => ({ description: l.description.trim(), quantity: qty(l)!, unitPrice: l.unitPrice! })),
          ...(dueDate ? { dueDate } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
        },
        TransactionResponse,
      ),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: keys.transactions });
      setLines([blankLine()]);
      setDueDate('');
      setNotes('');
      onCreated(res.transaction);
    },
  });

  const setLine = (key: number, patch: Partial<Line>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready && !create.isPending) create.mutate();
  };

  return (
    <form className="tx-form" onSubmit={submit} aria-label="New transaction">
      <table className="lines">
        <thead>
          <tr>
            <th>Description</th>
            <th className="num">Qty</th>
            <th className="num">Unit price</th>
            <th className="num">Amount</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => {
            const q = qty(l);
            return (
              <tr key={l.key}>
                <td>
                  <input
                    aria-label={`Line ${i + 1} description`}
                    value={l.description}
                    placeholder="e.g. Tarpaulin print 3×6 ft"
                    autoFocus={i === 0}
                    onChange={(e) => setLine(l.key, { description: e.target.value })}
                  />
                </td>
                <td className="num">
                  <input
                    className="qty"
                    aria-label={`Line ${i + 1} quantity`}
                    inputMode="numeric"
                    value={l.quantity}
                    aria-invalid={q === null}
                    onChange={(e) => setLine(l.key, { quantity: e.target.value })}
                  />
                </td>
                <td className="num">
                  <PesoInput ariaLabel={`Line ${i + 1} unit price`} value={l.unitPrice} onChange={(c) => setLine(l.key, { unitPrice: c })} />
                </td>
                <td className="num">
                  {q !== null && l.unitPrice !== null ? <Money value={lineAmount(q, centavos(l.unitPrice))} /> : <span className="muted">—</span>}
                </td>
                <td>
                  {lines.length > 1 && (
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      aria-label={`Remove line ${i + 1}`}
                      onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
                    >
                      ✕
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" className="btn btn-small" onClick={() => setLines((ls) => [...ls, blankLine()])}>
        + Add line
      </button>
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
      {problems.length > 0 && <div className="hint">Each line needs a description, a whole quantity and a unit price.</div>}
      {create.isError && (
        <div className="error-box" role="alert">
          {friendlyError(create.error)}
        </div>
      )}
      <div className="form-footer">
        <div className="total-line">
          Total <Money value={total} className="amount-xl" testId="new-tx-total" />
        </div>
        <button type="submit" className="btn btn-primary btn-large" disabled={!ready || create.isPending}>
          {create.isPending ? 'Saving…' : 'Create transaction'} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}
