import { useEffect, useState } from 'react';
import type { Customer, Transaction } from '../../shared/index';
import { CustomerPicker } from '../components/CustomerPicker';
import { Kbd } from '../components/ui';
import { CreatedConfirmation } from './CreatedConfirmation';
import { MyTransactions } from './MyTransactions';
import { NewTransactionForm } from './NewTransactionForm';
import { TransactionDetail } from './TransactionDetail';

/** Sales desk: find or create a customer, write a job order, hand over its slip, watch its status live. */
export function SalesDesk() {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  const [created, setCreated] = useState<Transaction | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const newCustomer = () => {
    setCustomer(null);
    setCreated(null);
    setFocusKey((k) => k + 1);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (open) return; // the dialog owns the keyboard (its Escape closes it)
      if (e.key === 'F2') {
        e.preventDefault();
        newCustomer();
      } else if (e.key === 'Escape' && customer) {
        newCustomer();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [customer, open]);

  return (
    <div className="two-col sales">
      <section className="panel sales-new" aria-labelledby="new-tx-title">
        <h2 id="new-tx-title">New transaction</h2>
        <h3 className="step">1. Customer</h3>
        <CustomerPicker selected={customer} onSelect={(c) => (setCustomer(c), setCreated(null))} allowCreate focusKey={focusKey} />
        {customer && created && (
          <CreatedConfirmation
            transaction={created}
            customer={customer}
            onOpen={() => setOpen(created.id)}
            onAnother={() => setCreated(null)}
            onNewCustomer={newCustomer}
          />
        )}
        {customer && !created && (
          <>
            <h3 className="step">2. Lines</h3>
            <NewTransactionForm customer={customer} onCreated={setCreated} />
          </>
        )}
        <p className="shortcuts">
          <Kbd>F2</Kbd> find customer · <Kbd>↑</Kbd>
          <Kbd>↓</Kbd> pick · <Kbd>Enter</Kbd> create · <Kbd>Esc</Kbd> change customer
        </p>
      </section>
      <section className="panel" aria-labelledby="my-tx-title">
        <h2 id="my-tx-title">My transactions</h2>
        <MyTransactions highlight={created?.id ?? null} onOpen={setOpen} />
      </section>
      {open && <TransactionDetail id={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
