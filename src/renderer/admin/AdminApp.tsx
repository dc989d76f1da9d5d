import { useState } from 'react';
import { Adjustment } from './Adjustment';
import { Calendar } from './Calendar';
import { Dashboard } from './Dashboard';
import { Journal } from './Journal';
import { Ledger } from './Ledger';
import { Readings } from './Readings';
import { Settings } from './Settings';
import { Settlements } from './Settlements';
import { Shifts } from './Shifts';
import { Staff } from './Staff';

const TABS = ['Dashboard', 'Receipts & voids', 'Shifts', 'Readings', 'Journal', 'Ledger', 'Calendar', 'Adjustments', 'Staff', 'Settings'] as const;
type Tab = (typeof TABS)[number];

/** The back office: one tab per job. */
export default function AdminApp() {
  const [tab, setTab] = useState<Tab>('Dashboard');
  return (
    <div className="admin">
      <nav className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'on' : ''} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </nav>
      {tab === 'Dashboard' && <Dashboard />}
      {tab === 'Receipts & voids' && <Settlements />}
      {tab === 'Shifts' && <Shifts />}
      {tab === 'Readings' && <Readings />}
      {tab === 'Journal' && <Journal />}
      {tab === 'Ledger' && <Ledger />}
      {tab === 'Calendar' && <Calendar />}
      {tab === 'Adjustments' && <Adjustment />}
      {tab === 'Staff' && <Staff />}
      {tab === 'Settings' && <Settings />}
    </div>
  );
}
