import { useState } from 'react';
import { Adjustment } from './Adjustment';
import { Calendar } from './Calendar';
import { Dashboard } from './Dashboard';
import { Journal } from './Journal';
import { Ledger } from './Ledger';
import { Readings } from './Readings';
import { Registers } from './Registers';
import { Settings } from './Settings';
import { VatRegistration } from './VatRegistration';
import { Settlements } from './Settlements';
import { Shifts } from './Shifts';
import { Staff } from './Staff';
import { usePendingRequests } from './usePendingRequests';

const TABS = ['Dashboard', 'Receipts & voids', 'Shifts', 'Readings', 'Journal', 'Ledger', 'Calendar', 'Adjustments', 'Staff', 'Registers', 'Settings'] as const;
export type Tab = (typeof TABS)[number];

/** The back office: one tab per job; the receipts tab carries the count of requests waiting. */
export default function AdminApp() {
  const [tab, setTab] = useState<Tab>('Dashboard');
  const pending = usePendingRequests();
  return (
    <div className="admin">
      <nav className="tabs" role="tablist" aria-label="Back office">
        {TABS.map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'on' : ''} onClick={() => setTab(t)}>
            {t}
            {t === 'Receipts & voids' && pending.count > 0 && (
              <span className="badge" data-testid="requests-badge" aria-label={`${pending.count} waiting for approval`}>
                {pending.count}
              </span>
            )}
          </button>
        ))}
      </nav>
      <div role="tabpanel" aria-label={tab}>
        {tab === 'Dashboard' && <Dashboard onOpenRequests={() => setTab('Receipts & voids')} pendingRequests={pending.count} />}
        {tab === 'Receipts & voids' && <Settlements />}
        {tab === 'Shifts' && <Shifts />}
        {tab === 'Readings' && <Readings />}
        {tab === 'Journal' && <Journal />}
        {tab === 'Ledger' && <Ledger />}
        {tab === 'Calendar' && <Calendar />}
        {tab === 'Adjustments' && <Adjustment />}
        {tab === 'Staff' && <Staff />}
        {tab === 'Registers' && <Registers />}
        {tab === 'Settings' && (
          <>
            <Settings />
            <VatRegistration />
          </>
        )}
      </div>
    </div>
  );
}
