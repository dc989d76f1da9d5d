import type { Db } from '../db/connection.js';
import { outboxQueries, type OutboxQueries } from './outbox.queries.js';

/** What the hub shows about upstream sync (`/health`, admin terminals, the UI). */
export interface SyncStatus {
  /** False when no central is configured (offline-first), or the last push failed. */
  online: boolean;
  /** Whether KAHERA_CENTRAL_URL and a store key are set. */
  configured: boolean;
  /** Events written but not yet acknowledged by central. */
  pending: number;
  lastSyncedAt: string | null;
  ackedThrough: number;
  lastSeq: number;
  /** A backlog is draining (e.g. after days offline); `progress` is its share done. */
  catchingUp: boolean;
  /** 0..1 */
  progress: number;
  lastError: string | null;
  /** When the uploader tries again after a failure (backing off); null when it is not waiting to retry. */
  nextRetryAt: string | null;
  /**
   * Central holds a different event at this seq (e.g. this store was restored from an
   * old backup): the uploader has stopped, and stays stopped across restarts, until an
   * operator resolves it. Null otherwise.
   */
  conflictSeq: number | null;
}

/** Where the outbox stands against the cursor: what every status starts from. */
export function outboxPosition(q: OutboxQueries): Pick<SyncStatus, 'pending' | 'lastSyncedAt' | 'ackedThrough' | 'lastSeq'> {
  const state = q.state();
  const lastSeq = q.lastSeq();
  return { pending: Math.max(0, lastSeq - state.acked_through), lastSyncedAt: state.last_synced_at, ackedThrough: state.acked_through, lastSeq };
}

/** Status of a hub with no central configured: it sells offline and counts what waits. */
export function offlineStatus(db: Db | OutboxQueries): SyncStatus {
  const position = outboxPosition('prepare' in db ? outboxQueries(db) : db);
  return { ...position, online: false, configured: false, catchingUp: false, progress: position.pending === 0 ? 1 : 0, lastError: null, nextRetryAt: null, conflictSeq: null };
}

/**
 * Calls `onStatus` when the status differs from the last one sent: transitions of
 * `online`, `catchingUp` or having something pending at once, progress at most every
 * `intervalMs` (a catch-up would otherwise broadcast to admin terminals per batch).
 */
export function statusPublisher(read: () => SyncStatus, onStatus: ((s: SyncStatus) => void) | undefined, intervalMs: number) {
  let last: SyncStatus | null = null;
  let lastAt = 0;
  let trailing: NodeJS.Timeout | null = null;
  const emit = (): void => {
    if (!onStatus) return;
    const s = read();
    if (last && JSON.stringify(last) === JSON.stringify(s)) return;
    const transition = !last || last.online !== s.online || last.catchingUp !== s.catchingUp || last.pending > 0 !== s.pending > 0;
    const now = Date.now();
    if (!transition && now - lastAt < intervalMs) {
      trailing ??= setTimeout(() => {
        trailing = null;
        emit();
      }, intervalMs - (now - lastAt));
      return;
    }
    last = s;
    lastAt = now;
    try {
      onStatus(s);
    } catch {
      // A listener's failure (a broadcast) must not stop the uploader.
    }
  };
  return {
    publish: emit,
    stop(): void {
      if (trailing) clearTimeout(trailing);
      trailing = null;
    },
  };
}

const CONFLICT_MARK = /^seq_conflict at (\d+):/;

/**
 * The stored form of a seq conflict in `sync_state.last_error`: the uploader halts on
 * one and must still be halted after a restart, so it is kept where the last error is
 * (nothing but a successful push clears that column, and a halted uploader pushes nothing).
 */
export function conflictError(seq: number, message: string): string {
  return `seq_conflict at ${seq}: ${message}`;
}

/** The seq of a stored conflict (see `conflictError`), or null. */
export function conflictSeqOf(lastError: string | null): number | null {
  const m = lastError ? CONFLICT_MARK.exec(lastError) : null;
  return m ? Number(m[1]) : null;
}
