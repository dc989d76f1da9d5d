import { useQuery } from '@tanstack/react-query';
import { HealthResponse, type SyncStatus } from '../../shared/hub';
import { get } from '../lib/api';

/** Query key of the hub's upstream sync status; the live socket writes pushes into it. */
export const SYNC_KEY = ['sync-status'] as const;

function ago(iso: string | null): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

/**
 * Head-office sync at a glance: online or offline, how many events wait to go up, when
 * the last push succeeded, and a progress bar while a backlog drains. The first value
 * comes from /health; `sync_status_updated` pushes keep it current.
 */
export function SyncIndicator() {
  const { data } = useQuery({
    queryKey: SYNC_KEY,
    queryFn: async (): Promise<SyncStatus> => (await get('/api/v1/health', HealthResponse)).sync,
    refetchInterval: 60_000,
  });
  if (!data) return null;
  const label = data.online ? 'Head office: synced' : 'Head office: offline';
  const waiting = data.pending > 0 ? ` · ${data.pending.toLocaleString('en-PH')} waiting` : '';
  return (
    <span
      className={`sync-indicator ${data.online ? 'ok' : 'off'}`}
      data-testid="sync-indicator"
      title={`Last successful sync: ${data.lastSyncedAt ? new Date(data.lastSyncedAt).toLocaleString('en-PH') : 'never'}${data.lastError ? `\nLast error: ${data.lastError}` : ''}`}
    >
      <span className="sync-dot" aria-hidden="true" />
      {data.online && data.pending > 0 ? 'Head office: sending' : label}
      {waiting}
      <span className="sync-when"> · last sync {ago(data.lastSyncedAt)}</span>
      {data.catchingUp && (
        <progress className="sync-progress" max={1} value={data.progress ?? 0} aria-label="Catching up with head office" />
      )}
    </span>
  );
}
