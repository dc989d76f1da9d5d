import type { SyncStatus } from '../../shared/hub.js';
import type { Store } from '../services/store.js';
import { offlineStatus } from '../sync/status.js';

/** Upstream sync as the hub sees it: `/health` reads `status()`, shutdown calls `stop()`. */
export interface SyncHandle {
  status(): SyncStatus;
  stop(): void | Promise<void>;
}

/** A hub with no central configured: offline-first, counting what waits to be pushed. */
export function offlineSync(store: Store): SyncHandle {
  return {
    status: () => {
      const s = offlineStatus(store.db);
      return { online: s.online, pending: s.pending, lastSyncedAt: s.lastSyncedAt };
    },
    stop: () => undefined,
  };
}
