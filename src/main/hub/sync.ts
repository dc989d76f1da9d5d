import type { Logger } from 'pino';
import type { SyncStatus } from '../../shared/hub.js';
import type { Store } from '../services/store.js';
import { startSync, syncConfigFromEnv, type SyncStatus as FullSyncStatus } from '../sync/index.js';

/** Upstream sync as the hub sees it: `/health` reads `status()`, commits `kick()` it, shutdown `stop()`s it. */
export interface SyncHandle {
  status(): SyncStatus;
  kick(): void;
  stop(): void | Promise<void>;
}

export function publicStatus(s: FullSyncStatus): SyncStatus {
  return {
    online: s.online,
    pending: s.pending,
    lastSyncedAt: s.lastSyncedAt,
    catchingUp: s.catchingUp,
    progress: s.progress,
    lastError: s.lastError,
    configured: s.configured,
    nextRetryAt: s.nextRetryAt,
    conflictSeq: s.conflictSeq,
  };
}

/**
 * The uploader when `KAHERA_CENTRAL_URL` and `KAHERA_STORE_KEY` are set (and
 * `KAHERA_STORE_ID`, if set, matches the store), else the offline-first stand-in that
 * counts what waits in the outbox. `onStatus` hears of every change.
 */
export function startHubSync(store: Store, env: NodeJS.ProcessEnv, log: Logger, onStatus: (s: SyncStatus) => void): SyncHandle {
  const notify = throttled(onStatus, 1000);
  const uploader = startSync({
    db: store.db,
    storeId: store.storeId,
    config: syncConfigFromEnv(env),
    logger: log.child({ component: 'sync' }),
    onStatus: (s) => notify.push(publicStatus(s)),
  });
  return {
    status: () => publicStatus(uploader.status()),
    kick: () => uploader.kick(),
    stop: async () => {
      notify.cancel();
      await uploader.stop();
    },
  };
}

/**
 * Passes on a changed status at most once per `ms` (the latest one, trailing): the
 * pending count moves with every sale, and terminals need to see it, not every step.
 */
function throttled(fn: (s: SyncStatus) => void, ms: number) {
  let last = '';
  let latest: SyncStatus | null = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    if (!latest) return;
    const text = JSON.stringify(latest);
    if (text !== last) {
      last = text;
      fn(latest);
    }
    latest = null;
  };
  return {
    push(s: SyncStatus) {
      latest = s;
      if (!timer) {
        timer = setTimeout(flush, ms);
        timer.unref();
      }
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
