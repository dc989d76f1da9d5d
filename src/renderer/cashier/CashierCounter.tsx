import { useEffect, useMemo, useRef, useState } from 'react';
import type { Customer, Settlement } from '../../shared/index';
import { CustomerPicker } from '../components/CustomerPicker';
import { Empty, ErrorBox, Kbd, Money, Spinner } from '../components/ui';
import { isOpen, useCustomer, useCustomerOpenTransactions } from '../lib/data';
import { ChangeDue } from './ChangeDue';
import { PaymentPanel } from './PaymentPanel';
import { Queue, useQueue } from './Queue';
import { ReceiptDialog } from './ReceiptDialog';
import { RecentReceipts } from './RecentReceipts';
import { ShiftBar } from './ShiftBar';

interface Shown {
  settlement: Settlement;
  fresh: boolean;
}

/**
 * The cashier counter: the live queue on the left, the payment of the selected
 * customer on the right, the receipt after posting. Keyboard first:
 * 1–9 pick from the queue, F2 search, F4 amount, F9 full balance, Enter posts.
 */
export function CashierCounter() {
  const queue = useQueue();
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  // The last cash payment's change stays on screen until the next sale starts.
  const [lastPosted, setLastPosted] = useState<Settlement | null>(null);
  const [needShift, setNeedShift] = useState(false);
  const [searchKey, setSearchKey] = useState(0);
  const [searching, setSearching] = useState(false);
  const amountRef = useRef<HTMLInputElement>(null);
  const customer = useCustomer(customerId);
  const entry = queue.entries.find((e) => e.customerId === customerId);
  const all = useCustomerOpenTransactions(customerId);
  const allItems = all.data?.items;
  // Until all of the customer's open transactions are in, the queue's share of them.
  const open = useMemo(() => (allItems ? allItems.filter(isOpen) : (entry?.transactions ?? [])), [allItems, entry?.transactions]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A dialog (receipt, X-reading, drawer, close) owns the keyboard while it is open.
      if (shown || document.querySelector('.modal-backdrop')) return;
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
      if (e.key === 'F2') {
        e.preventDefault();
        setSearching(true);
        setSearchKey((k) => k + 1);
      } else if (e.key === 'F4') {
        e.preventDefault();
        amountRef.current?.focus();
      } else if (e.key === 'F9' && entry) {
        e.preventDefault();
        amountRef.current?.focus();
        // PaymentPanel's Full button does the same; dispatch through it for one code path.
        document.querySelector<HTMLButtonElement>('[title^="Pay everything owed"]')?.click();
      } else if (e.key === 'Escape' && customerId) {
        setCustomerId(null);
      } else if (!typing && /^[1-9]$/.test(e.key) && !e.altKey && !e.ctrlKey) {
        const pick = queue.entries[Number(e.key) - 1];
        if (pick) {
          e.preventDefault();
          select(pick.customerId);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shown, customerId, entry, queue.entries]);

  const select = (c: Customer | string | null) => {
    setSearching(false);
    const id = typeof c === 'string' ? c : (c?.id ?? null);
    if (id) setLastPosted(null);
    setCustomerId(id);
  };

  return (
    <div className="cashier">
      <ShiftBar forceOpen={needShift} />
      <div className="two-col cashier-cols">
        <section className="panel queue-panel">
          <div className="panel-head">
            <h2>
              Queue <span className="count">{queue.entries.length}</span>
            </h2>
            <button type="button" className="btn btn-small" onClick={() => (setSearching(true), setSearchKey((k) => k + 1))}>
              Find customer <Kbd>F2</Kbd>
            </button>
          </div>
          {searching && <CustomerPicker selected={null} onSelect={select} allowCreate={false} focusKey={searchKey} />}
          <Queue queue={queue} selectedId={customerId} onSelect={select} />
          <h3 className="sub">My recent receipts</h3>
          <RecentReceipts onOpen={(s) => setShown({ settlement: s, fresh: false })} />
        </section>
        <section className="panel pay-panel">
          {!customerId && lastPosted && <ChangeDue settlement={lastPosted} />}
          {!customerId && (
            <Empty>
              Pick a customer from the queue (<Kbd>1</Kbd>–<Kbd>9</Kbd> or click) or find one with <Kbd>F2</Kbd>.
            </Empty>
          )}
          {customerId && customer.isPending && <Spinner label="Loading customer…" />}
          {customerId && customer.isError && <ErrorBox error={customer.error} onRetry={() => void customer.refetch()} />}
          {customer.data && customerId && (
            <>
              <div className="panel-head">
                <h2 data-testid="pay-customer">{customer.data.name}</h2>
                <div className="owes">
                  Owes <Money value={open.reduce((s, t) => s + t.balance_amount, 0)} className="amount-l" testId="customer-owes" />
                </div>
              </div>
              {open.length === 0 && customer.data.creditBalance === 0 && (
                <div className="notice">This customer owes nothing right now. A payment would be kept as a deposit.</div>
              )}
              <PaymentPanel
                key={customerId}
                customer={customer.data}
                open={open}
                amountRef={amountRef}
                onNeedShift={() => setNeedShift(true)}
                onPosted={(res) => {
                  setNeedShift(false);
                  setLastPosted(res.settlement);
                  setShown({ settlement: res.settlement, fresh: true });
                }}
              />
            </>
          )}
          <p className="shortcuts">
            <Kbd>1</Kbd>–<Kbd>9</Kbd> pick · <Kbd>F2</Kbd> find · <Kbd>F4</Kbd> amount · <Kbd>F9</Kbd> full balance · <Kbd>Alt+1</Kbd>–
            <Kbd>6</Kbd> tender · <Kbd>Enter</Kbd> post · <Kbd>Esc</Kbd> clear
          </p>
        </section>
      </div>
      {shown && (
        <ReceiptDialog
          key={shown.settlement.id}
          settlement={shown.settlement}
          fresh={shown.fresh}
          onClose={() => {
            setShown(null);
            if (shown.fresh) setCustomerId(null);
          }}
        />
      )}
    </div>
  );
}
