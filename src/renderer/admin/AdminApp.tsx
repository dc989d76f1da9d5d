import { useState } from 'react';
import type { SetupItem } from '../../shared/setup';
import './admin.css';
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
import type { SetupTarget } from './setup/target';
import { usePendingRequests } from './usePendingRequests';

const TABS = ['Dashboard', 'Receipts & voids', 'Shifts', 'Readings', 'Journal', 'Ledger', 'Calendar', 'Adjustments', 'Staff', 'Registers', 'Settings'] as const;
export type Tab = (typeof TABS)[number];

/** The back office: one tab per job; the receipts tab carries the count of requests waiting. */
export default function AdminApp() {
  const [tab, setTab] = useState<Tab>('Dashboard');
  // Set by the setup checklist: the field the next tab opens on; a tab picked by hand clears it.
  const [target, setTarget] = useState<SetupTarget | null>(null);
  const pending = usePendingRequests();
  const open = (t: Tab) => {
    setTarget(null);
    setTab(t);
  };
  const fixSetup = (item: SetupItem) => {
    setTarget({ field: item.field, registerId: item.registerId });
    setTab(item.registerId === null ? 'Settings' : 'Registers');
  };
  return (
    <div className="admin">
      <nav className="tabs" role="tablist" aria-label="Back office">
        {TABS.map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'on' : ''} onClick={() => open(t)}>
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
        {tab === 'Dashboard' && <Dashboard onOpenRequests={() => open('Receipts & voids')} pendingRequests={pending.count} onFixSetup={fixSetup} />}
        {tab === 'Receipts & voids' && <Settlements />}
        {tab === 'Shifts' && <Shifts />}
        {tab === 'Readings' && <Readings onOpenSetup={() => open('Dashboard')} />}
        {tab === 'Journal' && <Journal />}
        {tab === 'Ledger' && <Ledger />}
        {tab === 'Calendar' && <Calendar />}
        {tab === 'Adjustments' && <Adjustment />}
        {tab === 'Staff' && <Staff />}
        {tab === 'Registers' && <Registers target={target?.registerId ? target : null} />}
        {tab === 'Settings' && (
          <div className="settings-page">
            <Settings focus={target && target.registerId === null ? target : null} />
            <VatRegistration />
          </div>
        )}
      </div>
    </div>
  );
}
