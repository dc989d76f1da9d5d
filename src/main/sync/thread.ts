import { Worker } from 'node:worker_threads';
import { outboxQueries } from './outbox.queries.js';
import { conflictSeqOf, outboxPosition, type SyncStatus } from './status.js';
import { startUploader, type Uploader, type UploaderOptions } from './uploader.js';
import type { FromUploaderThread, ToUploaderThread, UploaderWorkerData } from './uploader.worker.js';

export interface UploaderThreadOptions extends Omit<UploaderOptions, 'random'> {
  /** Niceness of the uploader's thread: catch-up yields the CPU to the till. Default 10. */
  niceness?: number;
  /** The worker's script instead of uploader.worker (tests: one that fails to load). */
  workerUrl?: URL;
}

/**
 * The uploader on a worker thread of its own, with its own SQLite connections and a lower
 * CPU priority: reading the outbox, encoding megabyte batches and talking to central never
 * take the hub's event loop, which serves the till and the terminals. `opts.db` (a file
 * database) is only read here, for the outbox position `status()` reports right away.
 * Should the thread fail (it cannot load, or dies), the uploader goes on in this thread:
 * sync slower for the till, but never stopped.
 */
export function startUploaderThread(opts: UploaderThreadOptions): Uploader {
  const { db, logger, onStatus, niceness = 10, workerUrl, ...options } = opts;
  if (db.memory) throw new Error('the uploader thread needs a database file');
  const q = outboxQueries(db);
  const workerData: UploaderWorkerData = { file: db.name, niceness, options };
  const worker = workerUrl ? new Worker(workerUrl, { workerData }) : spawnWorker(workerData);
  let last: SyncStatus | null = null;
  let stopping = false;
  let fallback: Uploader | null = null;
  let stopped: (() => void) | null = null;
  const whenStopped = new Promise<void>((resolve) => (stopped = resolve));

  /** The thread's view (online, catch-up, errors) with this moment's outbox position. */
  const current = (): SyncStatus => {
    const position = outboxPosition(q);
    if (!last) {
      const lastError = q.state().last_error;
      const progress = position.pending === 0 ? 1 : 0;
      return { ...position, online: false, configured: true, catchingUp: false, progress, lastError, nextRetryAt: null, conflictSeq: conflictSeqOf(lastError) };
    }
    return { ...last, ...position, progress: position.pending === 0 ? 1 : last.progress };
  };

  worker.on('message', (m: FromUploaderThread) => {
    if (m.type === 'status') {
      last = m.status;
      onStatus?.(current());
    } else if (m.type === 'log') logger?.[m.level](m.obj, m.msg);
    else stopped?.();
  });
  worker.on('error', (err) => logger?.warn({ err: String(err) }, 'sync uploader thread failed; uploading from the hub thread instead'));
  worker.on('exit', () => {
    stopped?.();
    if (!stopping && !fallback) fallback = startUploader({ ...options, db, logger, onStatus });
  });
  const send = (m: ToUploaderThread) => worker.postMessage(m);

  return {
    status: () => (fallback ? fallback.status() : current()),
    kick: () => (fallback ? fallback.kick() : send({ type: 'kick' })),
    async stop() {
      stopping = true;
      if (fallback) return fallback.stop();
      send({ type: 'stop' });
      await whenStopped;
      await worker.terminate();
    },
  };
}

/**
 * Where the worker's code is: next to this module, compiled (the Electron bundle emits
 * `uploader.worker.js` beside the main bundle), or as TypeScript when the hub runs from
 * source (tsx, tests), where the thread first registers the same TypeScript loader.
 */
function spawnWorker(workerData: UploaderWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./uploader.worker.js', import.meta.url), { workerData });
  const entry = new URL('./uploader.worker.ts', import.meta.url).href;
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}
