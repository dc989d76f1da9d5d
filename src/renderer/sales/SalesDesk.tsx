import { useEffect, useState } from 'react';
import type { Customer } from '../../shared/index';
import { CustomerPicker } from '../components/CustomerPicker';
import { Kbd } from '../components/ui';
import { MyTransactions } from './MyTransactions';
import { NewTransactionForm } from './NewTransactionForm';

/** Sales desk: find or create a customer, write a job order, watch its status live. */
export function SalesDesk() {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  const [created, setCreated] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        setCustomer(null);
        setFocusKey((k) => k + 1);
      } else if (e.key === 'Escape' && customer) {
        setCustomer(null);
        setFocusKey((k) => k + 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [customer]);

  return (
    <div className="two-col sales">
      <section className="panel">
        <h2>New transaction</h2>
        <h3 className="step">1. Customer</h3>
        <CustomerPicker selected={customer} onSelect={setCustomer} allowCreate focusKey={focusKey} />
        {customer && (
          <>
            <h3 className="step">2. Lines</h3>
            <NewTransactionForm customer={customer} onCreated={(t) => setCreated(t.id)} />
          </>
        )}
        <p className="shortcuts">
          <Kbd>F2</Kbd> find customer · <Kbd>↑</Kbd>
          <Kbd>↓</Kbd> pick · <Kbd>Enter</Kbd> create · <Kbd>Esc</Kbd> change customer
        </p>
      </section>
      <section className="panel">
        <h2>My transactions</h2>
        <MyTransactions highlight={created} />
      </section>
    </div>
  );
}
