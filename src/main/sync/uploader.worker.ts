/**
 * The uploader's thread (see thread.ts): its own SQLite connections, its own event loop,
 * and a lower CPU priority than the till. Speaks to the hub only by messages.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.js';
import type { SyncStatus } from './status.js';
import { startUploader, type UploaderOptions } from './uploader.js';

export interface UploaderWorkerData {
  file: string;
  /** Niceness of this thread (Linux nice values are per thread); 0 leaves it as it is. */
  niceness: number;
  options: Omit<UploaderOptions, 'db' | 'logger' | 'onStatus' | 'random'>;
}

export type ToUploaderThread = { type: 'kick' } | { type: 'stop' };
export type FromUploaderThread =
  | { type: 'status'; status: SyncStatus }
  | { type: 'log'; level: 'debug' | 'info' | 'warn'; obj: object; msg: string | undefined }
  | { type: 'stopped' };

const port = parentPort!;
const data = workerData as UploaderWorkerData;
const post = (m: FromUploaderThread) => port.postMessage(m);

if (data.niceness !== 0) {
  try {
    setPriority(data.niceness);
  } catch {
    // Not permitted here: the uploader still runs, at normal priority.
  }
}

// Reads the outbox only; the cursor has its own connection (outbox.queries.ts cursorWrites).
const db = openDatabase(data.file, { readonly: true });
const log = (level: 'debug' | 'info' | 'warn') => (obj: object, msg?: string) => post({ type: 'log', level, obj, msg });
const uploader = startUploader({
  ...data.options,
  db,
  logger: { debug: log('debug'), info: log('info'), warn: log('warn') },
  onStatus: (status) => post({ type: 'status', status }),
});
post({ type: 'status', status: uploader.status() });

port.on('message', (m: ToUploaderThread) => {
  if (m.type === 'kick') uploader.kick();
  else if (m.type === 'stop') {
    void uploader.stop().then(() => {
      db.close();
      post({ type: 'stopped' });
      port.close();
    });
  }
});
