import type { Db } from '../db/connection.js';
import { outboxQueries } from './outbox.queries.js';
import { offlineStatus, type SyncStatus } from './status.js';
import { startUploaderThread } from './thread.js';
import { startUploader, type SyncLogger, type Uploader, type UploaderOptions } from './uploader.js';

export { offlineStatus, startUploader, startUploaderThread };
export type { SyncLogger, SyncStatus, Uploader, UploaderOptions };

export interface SyncConfig {
  centralUrl: string;
  storeKey: string;
  storeId: string | undefined;
  /** Longest wait between retries (`KAHERA_SYNC_BACKOFF_MAX_MS`); the uploader's default otherwise. */
  backoffCapMs?: number;
  /** A push not answered within this is given up and retried (`KAHERA_SYNC_TIMEOUT_MS`). */
  requestTimeoutMs?: number;
}

function positiveMs(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive number of milliseconds, got "${value}"`);
  return n;
}

/** `KAHERA_CENTRAL_URL` + `KAHERA_STORE_KEY` (+ `KAHERA_STORE_ID`), or null: offline-first. */
export function syncConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SyncConfig | null {
  const centralUrl = env.KAHERA_CENTRAL_URL?.trim();
  const storeKey = env.KAHERA_STORE_KEY?.trim();
  if (!centralUrl || !storeKey) return null;
  return {
    centralUrl,
    storeKey,
    storeId: env.KAHERA_STORE_ID?.trim() || undefined,
    backoffCapMs: positiveMs(env.KAHERA_SYNC_BACKOFF_MAX_MS, 'KAHERA_SYNC_BACKOFF_MAX_MS'),
    requestTimeoutMs: positiveMs(env.KAHERA_SYNC_TIMEOUT_MS, 'KAHERA_SYNC_TIMEOUT_MS'),
  };
}

/**
 * The hub's sync, whichever way it is configured: the uploader when a central and a
 * store key are set, otherwise a stand-in that reports the hub offline-first with its
 * waiting events. Same interface either way, so the hub wires one thing.
 */
export function startSync(opts: {
  db: Db;
  /** The store's own id (the one recorded in its database). */
  storeId: string;
  config: SyncConfig | null;
  logger?: SyncLogger;
  onStatus?: (status: SyncStatus) => void;
  /** Progress reaches `onStatus` at most this often; transitions at once. Default 250 ms. */
  statusIntervalMs?: number;
}): Uploader {
  const { db, config, logger, onStatus, statusIntervalMs } = opts;
  if (!config) {
    logger?.info({}, 'no KAHERA_CENTRAL_URL / KAHERA_STORE_KEY: running offline-first, events wait in the outbox');
    const q = outboxQueries(db);
    return {
      status: () => offlineStatus(q),
      kick: () => onStatus?.(offlineStatus(q)),
      stop: async () => undefined,
    };
  }
  if (config.storeId && config.storeId !== opts.storeId) {
    throw new Error(`KAHERA_STORE_ID ${config.storeId} does not match this store's database (${opts.storeId})`);
  }
  const tuning = {
    ...(config.backoffCapMs ? { backoff: { baseMs: Math.min(500, config.backoffCapMs), capMs: config.backoffCapMs } } : {}),
    ...(config.requestTimeoutMs ? { requestTimeoutMs: config.requestTimeoutMs } : {}),
  };
  const uploader = { db, centralUrl: config.centralUrl, storeId: opts.storeId, storeKey: config.storeKey, logger, onStatus, statusIntervalMs, ...tuning };
  // A store on disk gets the uploader on its own thread, away from the till's event loop.
  return db.memory ? startUploader(uploader) : startUploaderThread(uploader);
}
