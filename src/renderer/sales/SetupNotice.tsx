import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { SetupStatus } from '../../shared/setup';
import { get } from '../lib/api';
import { useStoreSettings } from '../lib/settings';
import { setupList } from './setup-error';

/** Refetched when a save is refused or succeeds, so the notice never outlives the hub's answer. */
export const SETUP_KEY = ['setup'] as const;

const SetupResponse = SetupStatus.or(z.object({ setup: SetupStatus }).transform((r) => r.setup));

/**
 * Before the clerk rings anything up: if the store cannot issue a Sales Invoice yet
 * (GET /api/v1/setup), say what is missing and who fixes it, rather than letting the sale
 * fail on save. A hub without the endpoint, or any error, shows nothing: saving still
 * answers 422 setup_incomplete, which the form words the same way.
 */
export function SetupNotice() {
  const q = useQuery({
    queryKey: SETUP_KEY,
    queryFn: () => get('/api/v1/setup', SetupResponse),
    staleTime: 30_000,
    retry: false,
    // While something is missing, look again now and then: the admin may be fixing it right now.
    refetchInterval: (query) => (query.state.data && !query.state.data.ready ? 15_000 : false),
  });
  const { settings } = useStoreSettings();
  // Only what stops this desk's invoices: the store's own fields and the invoicing register's (another register's MIN does not).
  const missing = (q.data?.missing ?? []).filter((m) => m.registerId === null || m.registerId === settings.invoiceRegisterId);
  if (!q.data || q.data.ready || missing.length === 0) return null;
  return (
    <div className="error-box setup-box" role="alert" data-testid="setup-notice">
      Ask an admin to finish the store setup: {setupList(missing.map((m) => m.label))}. Sales cannot be saved until then.
    </div>
  );
}
