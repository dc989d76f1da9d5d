import { useState } from 'react';
import { Settlements } from './Settlements';

const TABS = ['Receipts & voids'] as const;
type Tab = (typeof TABS)[number];

/** The back office: one tab per job. */
export default function AdminApp() {
  const [tab, setTab] = useState<Tab>('Receipts & voids');
  return (
    <div className="admin">
      <nav className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'on' : ''} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </nav>
      {tab === 'Receipts & voids' && <Settlements />}
    </div>
  );
}
