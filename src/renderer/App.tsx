import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef } from 'react';
import type { Role } from '../shared/common';
import { CashierCounter } from './cashier/CashierCounter';
import { LiveBanner, LiveDot } from './components/LiveBanner';
import { SyncIndicator } from './components/SyncIndicator';
import { Spinner } from './components/ui';
import { desktop } from './lib/desktop';
import { LiveProvider } from './lib/live';
import { useSession, useSignedIn } from './lib/session';
import { useStoreSettings } from './lib/settings';
import { LoginScreen } from './login/LoginScreen';
import { SalesDesk } from './sales/SalesDesk';

// The back office is the heaviest screen and never the first one a cashier needs.
const AdminApp = lazy(() => import('./admin/AdminApp'));

const ROLE_LABEL: Record<Role, string> = { admin: 'Admin', cashier: 'Cashier', sales: 'Sales desk' };

export function App() {
  const { session, logout } = useSession();
  const qc = useQueryClient();
  // Nothing of one user's data survives into the next user's session.
  const previousToken = useRef(session?.token ?? null);
  useEffect(() => {
    const token = session?.token ?? null;
    if (previousToken.current && previousToken.current !== token) qc.clear();
    previousToken.current = token;
  }, [session, qc]);
  if (!session) return <LoginScreen />;
  return (
    <LiveProvider
      key={session.token}
      hubUrl={session.hubUrl}
      token={session.token}
      onUnauthorized={() => logout('Your session has ended. Please sign in again.')}
    >
      <Shell />
    </LiveProvider>
  );
}

function Shell() {
  const session = useSignedIn();
  const { logout } = useSession();
  // Loads the store's settings for every role: its time zone sets the clock of every screen.
  useStoreSettings();
  const role = session.user.role;
  return (
    <div className={`app role-${role}`}>
      <header className="topbar no-print">
        <div className="brand">
          <span className="logo">K</span> Kahera
          <span className="role-tag" data-testid="role-tag">
            {ROLE_LABEL[role]}
          </span>
        </div>
        <div className="topbar-right">
          <LiveDot />
          {role === 'admin' && <SyncIndicator />}
          <span className="hub" title="Hub this terminal is connected to">
            Hub {session.hubUrl.replace(/^https?:\/\//, '')}
            {desktop() ? ` · ${desktop()!.terminalName}` : ''}
          </span>
          <span className="user" data-testid="signed-in-user">
            {session.user.displayName}
          </span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => logout()}>
            Sign out
          </button>
        </div>
      </header>
      <LiveBanner />
      <main className="content">
        {role === 'cashier' && <CashierCounter />}
        {role === 'sales' && <SalesDesk />}
        {role === 'admin' && (
          <Suspense fallback={<Spinner label="Loading back office…" />}>
            <AdminApp />
          </Suspense>
        )}
      </main>
    </div>
  );
}
