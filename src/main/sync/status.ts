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
}

/** Status of a hub with no central configured: it sells offline and counts what waits. */
export function offlineStatus(db: Db | OutboxQueries): SyncStatus {
  const q = 'prepare' in db ? outboxQueries(db) : db;
  const state = q.state();
  const lastSeq = q.lastSeq();
  const pending = Math.max(0, lastSeq - state.acked_through);
  return {
    online: false,
    configured: false,
    pending,
    lastSyncedAt: state.last_synced_at,
    ackedThrough: state.acked_through,
    lastSeq,
    catchingUp: false,
    progress: pending === 0 ? 1 : 0,
    lastError: null,
  };
}
