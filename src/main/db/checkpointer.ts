import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { nativeBindingFromEnv } from './connection.js';

/**
 * Runs the WAL checkpoints of one database file on a worker thread with its own
 * connection, so the writer's commits no longer pay for them.
 *
 * With the default autocheckpoint (1,000 pages) a busy till checkpoints on almost every
 * group commit: the committing thread copies every page it just logged back into the
 * database file and fsyncs it, with the callers' answers waiting. Here a PASSIVE checkpoint
 * runs every `intervalMs` on another thread (it never blocks the writer, and the file is
 * still fsynced: `synchronous=FULL` on both connections), while the writer keeps a large
 * autocheckpoint only as a backstop should the worker fall behind. Durability of a
 * commit is unchanged: it is the WAL fsync at COMMIT, which stays on the writer.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;

  constructor(file: string, opts: { intervalMs?: number } = {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, nativeBinding: nativeBindingFromEnv() ?? null, intervalMs: opts.intervalMs ?? 100 } });
    this.worker.unref();
    // A failed checkpoint is retried on the next tick; the writer's backstop covers a dead worker.
    this.worker.on('error', () => {});
  }

  /** Stops the worker (its connection is closed as the thread exits). */
  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0, nativeBinding: workerData.nativeBinding });
db.pragma('synchronous = FULL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const tick = () => {
  try { checkpoint.all(); } catch { /* busy or closing: next tick */ }
  setTimeout(tick, workerData.intervalMs);
};
tick();
`;
