import { useQuery } from '@tanstack/react-query';
import { HealthResponse, type SyncStatus } from '../../shared/hub';
import { get } from '../lib/api';
import { fmtDateTime, fmtTimeSeconds } from '../lib/format';

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

// The top bar has little room: the error is cut short there, and whole in the tooltip.
function short(text: string, max = 48): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The admin's words for a seq conflict: what head office holds, and the likely cause. */
export function conflictMessage(seq: number): string {
  return `Head office holds different events from seq ${seq} — was this store restored from a backup?`;
}

/**
 * Head-office sync at a glance: online or offline, how many events wait to go up, when
 * the last push succeeded, and a progress bar while a backlog drains; after a failure,
 * why and when the next try is. The first value comes from /health;
 * `sync_status_updated` pushes keep it current. A store with no head office configured
 * shows nothing: offline-first is its normal state, not a fault.
 */
export function SyncIndicator() {
  const { data } = useQuery({
    queryKey: SYNC_KEY,
    queryFn: async (): Promise<SyncStatus> => (await get('/api/v1/health', HealthResponse)).sync,
    refetchInterval: 60_000,
  });
  if (!data || data.configured !== true) return null;
  if (data.conflictSeq) {
    return (
      <span className="sync-indicator off conflict" data-testid="sync-indicator" role="alert" title={data.lastError ?? undefined}>
        <span className="sync-dot" aria-hidden="true" />
        {conflictMessage(data.conflictSeq)}
      </span>
    );
  }
  const label = data.online ? 'Head office: synced' : 'Head office: offline';
  const waiting = data.pending > 0 ? ` · ${data.pending.toLocaleString('en-PH')} waiting` : '';
  return (
    <span
      className={`sync-indicator ${data.online ? 'ok' : 'off'}`}
      data-testid="sync-indicator"
      title={`Last successful sync: ${data.lastSyncedAt ? fmtDateTime(data.lastSyncedAt) : 'never'}${data.lastError ? `\nLast error: ${data.lastError}` : ''}`}
    >
      <span className="sync-dot" aria-hidden="true" />
      {data.online && data.pending > 0 ? 'Head office: sending' : label}
      {waiting}
      <span className="sync-when"> · last sync {ago(data.lastSyncedAt)}</span>
      {!data.online && data.lastError && (
        <span className="sync-error" data-testid="sync-error">
          {' '}
          · {short(data.lastError)}
        </span>
      )}
      {data.nextRetryAt && (
        <span className="sync-retry" data-testid="sync-retry">
          {' '}
          · next try {fmtTimeSeconds(data.nextRetryAt)}
        </span>
      )}
      {data.catchingUp && (
        <progress className="sync-progress" max={1} value={data.progress ?? 0} aria-label="Catching up with head office" />
      )}
    </span>
  );
}
