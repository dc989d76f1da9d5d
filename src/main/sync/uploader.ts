import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SyncPushResponse } from '../../shared/central.js';
import type { Db } from '../db/connection.js';
import { outboxQueries, type OutboxQueries } from './outbox.queries.js';
import { AdaptiveBatch, backoffDelay } from './policy.js';
import type { SyncStatus } from './status.js';

export interface SyncLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface UploaderOptions {
  /** The hub's SQLite connection (better-sqlite3). */
  db: Db;
  centralUrl: string;
  storeId: string;
  storeKey: string;
  logger?: SyncLogger;
  /** Called when the status changes (at most every `statusIntervalMs`, and on every transition). */
  onStatus?: (status: SyncStatus) => void;
  /** Events per push: from `min` (near-empty outbox) doubling up to `max` on a backlog. Default 100..5000. */
  batch?: { min: number; max: number };
  /** Stop adding events to a batch past this many bytes of JSON. Default 4 MiB. */
  maxBatchBytes?: number;
  /** Retry delays: full jitter over base·2^n, capped. Default 500 ms .. 30 s. */
  backoff?: { baseMs: number; capMs: number };
  /** Abort a push that has not answered within this. Default 30 s. */
  requestTimeoutMs?: number;
  /** Look for new events this often when nobody calls `kick()`. Default 2 s. */
  pollMs?: number;
  /** With nothing to send, check central is still there this often. Default 15 s. */
  heartbeatMs?: number;
  /** A backlog at least this large is shown as a catch-up with a progress bar. Default 500. */
  catchUpThreshold?: number;
  statusIntervalMs?: number;
  random?: () => number;
}

export interface Uploader {
  status(): SyncStatus;
  /** New events were written: push them now (does not cut a retry backoff short). */
  kick(): void;
  stop(): Promise<void>;
}

type PushOutcome =
  | { kind: 'acked'; ackedThrough: number }
  | { kind: 'too_large' }
  | { kind: 'retry'; error: string; slow: boolean }
  | { kind: 'refused'; error: string };

// Rows per synchronous SQLite read: a batch of thousands is read in slices with the
// event loop free in between, so a settlement at the till never waits behind it.
const READ_SLICE = 500;

/**
 * Pushes the outbox (the `events` table) to central from the cursor in `sync_state`,
 * and moves the cursor only to the `ackedThrough` central answers. Central holds each
 * (store, seq) once, so a push lost, cut, timed out or repeated after a crash is simply
 * sent again: nothing is lost and nothing counts twice. The cursor is in SQLite, so a
 * restarted hub resumes where central's last answer left it.
 */
export function startUploader(opts: UploaderOptions): Uploader {
  const q: OutboxQueries = outboxQueries(opts.db);
  const pushUrl = new URL('/api/v1/sync/push', opts.centralUrl).toString();
  const batch = new AdaptiveBatch(opts.batch ?? { min: 100, max: 5000 });
  const maxBatchBytes = opts.maxBatchBytes ?? 4 * 1024 * 1024;
  const backoff = opts.backoff ?? { baseMs: 500, capMs: 30_000 };
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  const pollMs = opts.pollMs ?? 2000;
  const catchUpThreshold = opts.catchUpThreshold ?? 500;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const random = opts.random ?? Math.random;
  const log = opts.logger;

  let stopped = false;
  let online = false;
  let lastError: string | null = q.state().last_error;
  let catchUpFrom: number | null = null;
  let failures = 0;
  let lastContactAt = 0;
  let inFlight: AbortController | null = null;
  let wake: (() => void) | null = null;
  let wakeable = false;

  const status = (): SyncStatus => {
    const state = q.state();
    const lastSeq = q.lastSeq();
    const pending = Math.max(0, lastSeq - state.acked_through);
    const catchingUp = catchUpFrom !== null && pending > 0;
    const span = lastSeq - (catchUpFrom ?? 0);
    return {
      online,
      configured: true,
      pending,
      lastSyncedAt: state.last_synced_at,
      ackedThrough: state.acked_through,
      lastSeq,
      catchingUp,
      progress: pending === 0 ? 1 : catchingUp && span > 0 ? Math.min(1, Math.max(0, (state.acked_through - (catchUpFrom ?? 0)) / span)) : 0,
      lastError,
    };
  };

  const publisher = statusPublisher(status, opts.onStatus, opts.statusIntervalMs ?? 250);

  /** Sleeps `ms`; `kick()` ends an idle wait early, never a backoff. */
  const sleep = (ms: number, idle: boolean) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
      wakeable = idle;
    });

  async function readBatch(after: number, count: number): Promise<{ body: string; last: number; count: number }> {
    const parts: string[] = [];
    let bytes = 0;
    let last = after;
    let full = false;
    while (!full && parts.length < count) {
      const want = Math.min(READ_SLICE, count - parts.length);
      const rows = q.after(last, want);
      for (const r of rows) {
        // The payload column holds JSON text written by the store: sent as is, not re-parsed.
        const part = `{"seq":${r.seq},"type":${JSON.stringify(r.type)},"occurredAt":${JSON.stringify(r.occurred_at)},"payload":${r.payload}}`;
        if (parts.length > 0 && bytes + part.length > maxBatchBytes) {
          full = true;
          break;
        }
        parts.push(part);
        bytes += part.length;
        last = r.seq;
      }
      if (rows.length < want) break;
      if (!full && parts.length < count) await yieldToEventLoop();
    }
    return { body: batchBody(parts), last, count: parts.length };
  }

  const batchBody = (parts: string[]) => `{"storeId":${JSON.stringify(opts.storeId)},"events":[${parts.join(',')}]}`;

  async function push(body: string): Promise<PushOutcome> {
    inFlight = new AbortController();
    try {
      const res = await fetch(pushUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.storeKey}` },
        body,
        signal: AbortSignal.any([inFlight.signal, AbortSignal.timeout(timeoutMs)]),
      });
      const text = await res.text();
      if (res.status === 200) {
        const parsed = SyncPushResponse.safeParse(safeJson(text));
        if (!parsed.success) return { kind: 'retry', error: 'central answered without ackedThrough', slow: false };
        return { kind: 'acked', ackedThrough: parsed.data.ackedThrough };
      }
      if (res.status === 413) return { kind: 'too_large' };
      const error = `central answered ${res.status}: ${errorMessage(text)}`;
      // 5xx and 429 are the server's trouble and pass; 4xx say this hub is refused (bad key,
      // wrong store, malformed event) and will not pass by themselves: retried slowly.
      if (res.status >= 500 || res.status === 429) return { kind: 'retry', error, slow: false };
      return { kind: 'refused', error };
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      return { kind: 'retry', error: timedOut ? `no answer within ${timeoutMs} ms` : `central unreachable: ${describe(err)}`, slow: timedOut };
    } finally {
      inFlight = null;
    }
  }

  function fail(error: string): void {
    online = false;
    failures++;
    if (error !== lastError) {
      lastError = error;
      q.recordError(error);
      log?.warn({ error, failures }, 'sync push failed');
    }
  }

  async function cycle(): Promise<void> {
    const acked = q.state().acked_through;
    const backlog = q.lastSeq() - acked;
    if (backlog <= 0) {
      catchUpFrom = null;
      // Nothing to send: an empty push now and then confirms central is reachable,
      // the key is good, and central still holds what the cursor says.
      if (online && Date.now() - lastContactAt < heartbeatMs) {
        publisher.publish();
        await sleep(pollMs, true);
        return;
      }
    } else if (catchUpFrom === null && backlog >= catchUpThreshold) {
      catchUpFrom = acked;
      log?.info({ backlog }, 'sync catching up');
    }
    const read = backlog > 0 ? await readBatch(acked, batch.size(backlog)) : { body: batchBody([]), last: acked, count: 0 };
    if (stopped) return;
    const outcome = await push(read.body);
    if (stopped) return;
    switch (outcome.kind) {
      case 'acked': {
        // Central holds 1..ackedThrough. Never past what this hub has written; and if
        // central holds less than the cursor says (its database restored from a
        // backup), the cursor goes back so the missing events are sent again.
        const lastSeq = q.lastSeq();
        if (outcome.ackedThrough > lastSeq) {
          log?.warn({ central: outcome.ackedThrough, lastSeq }, 'central holds more events than this hub has written (hub database restored?)');
        }
        const next = Math.min(outcome.ackedThrough, lastSeq);
        if (next < acked) log?.warn({ central: next, cursor: acked }, 'central holds less than it acknowledged before; resending from its cursor');
        q.ack(next, new Date().toISOString());
        online = true;
        failures = 0;
        lastContactAt = Date.now();
        if (lastError !== null) log?.info({ ackedThrough: next }, 'sync back online');
        lastError = null;
        if (read.count > 0 && next === acked) {
          fail(`central did not advance past ${next} after receiving ${acked + 1}..${read.last}`);
          publisher.publish();
          await sleep(backoffDelay(failures, backoff.baseMs, backoff.capMs, random), false);
          return;
        }
        batch.succeeded(lastSeq - next);
        publisher.publish();
        if (read.count === 0) await sleep(pollMs, true);
        return;
      }
      case 'too_large':
        if (read.count <= 1) {
          fail('central refuses even a single event as too large');
          publisher.publish();
          await sleep(backoff.capMs, false);
        } else {
          batch.shrink(read.count);
        }
        return;
      case 'retry':
        if (outcome.slow) batch.shrink(read.count);
        fail(outcome.error);
        publisher.publish();
        await sleep(backoffDelay(failures, backoff.baseMs, backoff.capMs, random), false);
        return;
      case 'refused':
        fail(outcome.error);
        publisher.publish();
        await sleep(backoff.capMs, false);
        return;
    }
  }

  const running = (async () => {
    while (!stopped) {
      try {
        await cycle();
      } catch (err) {
        // A SQLite error (busy, closed) must not end the uploader; it retries later.
        fail(`uploader error: ${describe(err)}`);
        await sleep(backoffDelay(failures, backoff.baseMs, backoff.capMs, random), false);
      }
    }
  })();

  log?.info({ centralUrl: opts.centralUrl, storeId: opts.storeId }, 'sync uploader started');

  return {
    status,
    kick() {
      if (stopped) return;
      publisher.publish();
      if (wake && wakeable) wake();
    },
    async stop() {
      stopped = true;
      inFlight?.abort();
      wake?.();
      await running;
      publisher.stop();
    },
  };
}

/**
 * Calls `onStatus` when the status differs from the last one sent: transitions of
 * `online` / `catchingUp` at once, progress at most every `intervalMs`.
 */
function statusPublisher(read: () => SyncStatus, onStatus: ((s: SyncStatus) => void) | undefined, intervalMs: number) {
  let last: SyncStatus | null = null;
  let lastAt = 0;
  let trailing: NodeJS.Timeout | null = null;
  const emit = () => {
    if (!onStatus) return;
    const s = read();
    if (last && JSON.stringify(last) === JSON.stringify(s)) return;
    const transition = !last || last.online !== s.online || last.catchingUp !== s.catchingUp || (last.pending > 0) !== (s.pending > 0);
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
    stop() {
      if (trailing) clearTimeout(trailing);
      trailing = null;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorMessage(text: string): string {
  const body = safeJson(text) as { error?: { message?: unknown } } | undefined;
  return typeof body?.error?.message === 'string' ? body.error.message : text.slice(0, 200);
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
