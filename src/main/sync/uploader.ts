import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../db/connection.js';
import { cursorWrites, outboxQueries } from './outbox.queries.js';
import { AdaptiveBatch, backoffDelay } from './policy.js';
import { describe, pushBatch, type PushOutcome } from './push.js';
import { conflictError, conflictSeqOf, outboxPosition, statusPublisher, type SyncStatus } from './status.js';

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
  /** Called when the status changes (transitions at once, progress at most every `statusIntervalMs`). */
  onStatus?: (status: SyncStatus) => void;
  /** Events per push: from `min` (near-empty outbox) doubling up to `max` on a backlog. Default 100..5000. */
  batch?: { min: number; max: number };
  /** Pushes in flight at once during a catch-up. Default 2. */
  pipeline?: number;
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

type Failure = Exclude<PushOutcome, { kind: 'acked' }>;

interface InFlight {
  from: number;
  last: number;
  count: number;
  /** No earlier push was still in flight when this one was sent. */
  sole: boolean;
  outcome: Promise<PushOutcome>;
}

/** Events read from the outbox as a request body. */
interface Batch {
  body: Blob;
  last: number;
  count: number;
}

// Rows per synchronous SQLite read: a batch of thousands is read in slices with the
// event loop free in between, so a settlement at the till never waits behind it.
const READ_SLICE = 250;

/**
 * Pushes the outbox (the `events` table) to central from the cursor in `sync_state`,
 * and moves the cursor only to the `ackedThrough` central answers. Central holds each
 * (store, seq) once, so a push lost, cut, timed out or repeated after a crash is simply
 * sent again: nothing is lost and nothing counts twice. The cursor is in SQLite, so a
 * restarted hub resumes where central's last answer left it.
 *
 * During a catch-up a few pushes are kept in flight, so the hub reads and central parses
 * the next batch while Postgres stores the previous one; central serializes a store's
 * pushes on its cursor row, and answers may come back in any order.
 */
export function startUploader(opts: UploaderOptions): Uploader {
  const q = outboxQueries(opts.db);
  const cursor = cursorWrites(opts.db);
  const pushUrl = new URL('/api/v1/sync/push', opts.centralUrl).toString();
  const batch = new AdaptiveBatch(opts.batch ?? { min: 100, max: 5000 });
  const depth = Math.max(1, opts.pipeline ?? 2);
  const maxBatchBytes = opts.maxBatchBytes ?? 4 * 1024 * 1024;
  const backoff = opts.backoff ?? { baseMs: 500, capMs: 30_000 };
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  const pollMs = opts.pollMs ?? 2000;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const catchUpThreshold = opts.catchUpThreshold ?? 500;
  const random = opts.random ?? Math.random;
  const log = opts.logger;

  let stopped = false;
  let online = false;
  let lastError: string | null = q.state().last_error;
  let nextRetryAt: string | null = null;
  // A conflict found by an earlier run still holds: resuming blindly would either stay
  // refused or, worse, look as if this store's log were the one head office keeps.
  let conflictSeq: number | null = conflictSeqOf(lastError);
  let catchUpFrom: number | null = null;
  let failures = 0;
  let lastContactAt = 0;
  const controllers = new Set<AbortController>();
  let wake: (() => void) | null = null;
  let release: () => void = () => undefined;
  let wakeable = false;

  const status = (): SyncStatus => {
    const position = outboxPosition(q);
    const from = catchUpFrom ?? 0;
    const catchingUp = catchUpFrom !== null && position.pending > 0;
    const done = (position.ackedThrough - from) / (position.lastSeq - from);
    return {
      ...position,
      online,
      configured: true,
      catchingUp,
      progress: position.pending === 0 ? 1 : catchingUp ? Math.min(1, Math.max(0, done)) : 0,
      lastError,
      nextRetryAt,
      conflictSeq,
    };
  };
  const publisher = statusPublisher(status, opts.onStatus, opts.statusIntervalMs ?? 250);

  /**
   * Waits out a failure: logs why and for how long (the admin's indicator shows the same
   * two things), then sleeps; `nextRetryAt` is set for exactly that wait.
   */
  async function retryLater(reason: string, delayMs: number): Promise<void> {
    nextRetryAt = new Date(Date.now() + delayMs).toISOString();
    log?.info({ reason, delayMs, nextRetryAt, failures }, 'sync backing off');
    publisher.publish();
    try {
      await sleep(delayMs, false);
    } finally {
      nextRetryAt = null;
    }
  }

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

  const head = `{"storeId":${JSON.stringify(opts.storeId)},"events":[`;
  const emptyBody = `${head}]}`;

  /**
   * Up to `count` events after `after`, as a request body. Read and encoded a slice at a
   * time with the event loop free in between: the body is a Blob of slices, so no
   * megabyte-sized string is joined or encoded in one go while the till waits.
   */
  async function readBatch(after: number, count: number): Promise<Batch> {
    const slices: Blob[] = [];
    let sent = 0;
    let bytes = 0;
    let last = after;
    let full = false;
    while (!full && sent < count && !stopped) {
      const want = Math.min(READ_SLICE, count - sent);
      const rows = q.after(last, want);
      const parts: string[] = [];
      for (const r of rows) {
        // The payload column holds JSON text written by the store: sent as is, not re-parsed.
        const part = `{"seq":${r.seq},"type":${JSON.stringify(r.type)},"occurredAt":${JSON.stringify(r.occurred_at)},"payload":${r.payload}}`;
        if (sent + parts.length > 0 && bytes + part.length > maxBatchBytes) {
          full = true;
          break;
        }
        parts.push(part);
        bytes += part.length;
        last = r.seq;
      }
      if (parts.length > 0) slices.push(new Blob([sent > 0 ? ',' : '', parts.join(',')]));
      sent += parts.length;
      if (rows.length < want) break;
      if (!full && sent < count) await yieldToEventLoop();
    }
    return { body: new Blob([head, ...slices, ']}'], { type: 'application/json' }), last, count: sent };
  }

  function send(body: Blob | string): Promise<PushOutcome> {
    const controller = new AbortController();
    controllers.add(controller);
    return pushBatch(pushUrl, opts.storeKey, body, timeoutMs, controller.signal).finally(() => controllers.delete(controller));
  }

  /**
   * Moves the cursor to central's answer and returns it. Never past what this hub has
   * written. Below the cursor: from a push sent alone, central holds less than it
   * acknowledged before (its database restored from a backup), so the cursor goes back
   * and the missing events are sent again; from a pipelined push, the answer was simply
   * overtaken by a later one, and is ignored.
   */
  function applyAck(ackedThrough: number, sole: boolean): number {
    const current = q.state().acked_through;
    const lastSeq = q.lastSeq();
    if (ackedThrough > lastSeq) {
      log?.warn({ central: ackedThrough, lastSeq }, 'central holds more events than this hub has written (hub database restored?)');
    }
    let next = Math.min(ackedThrough, lastSeq);
    if (next < current) {
      if (sole) log?.warn({ central: next, cursor: current }, 'central holds less than it acknowledged before; resending from its cursor');
      else next = current;
    }
    cursor.ack(next, new Date().toISOString());
    online = true;
    failures = 0;
    lastContactAt = Date.now();
    if (lastError !== null) log?.info({ ackedThrough: next }, 'sync back online');
    lastError = null;
    return next;
  }

  /** A failed push: every one is logged; the stored last error is written only when it changes. */
  function fail(error: string): void {
    online = false;
    failures++;
    log?.warn({ error, failures }, 'sync push failed');
    if (error !== lastError) {
      lastError = error;
      cursor.recordError(error);
    }
    publisher.publish();
  }

  /**
   * Central holds other events at `seq`: stop uploading, and remember it on disk so a
   * restarted hub stays stopped. Whatever is sent after this would be refused again, or
   * would mix two histories of this store's seqs.
   */
  function halt(seq: number, error: string): void {
    online = false;
    conflictSeq = seq;
    lastError = conflictError(seq, error);
    cursor.recordError(lastError);
    log?.warn({ seq, error }, 'sync stopped: head office holds different events from this seq (store restored from a backup?)');
    publisher.publish();
  }

  async function handleFailure(outcome: Failure, count: number): Promise<void> {
    switch (outcome.kind) {
      case 'too_large':
        if (count > 1) {
          log?.info({ events: count }, 'central refused the batch as too large; sending smaller ones');
          return batch.shrink(count);
        }
        fail('central refuses even a single event as too large');
        return retryLater('central refuses even a single event as too large', backoff.capMs);
      case 'retry':
        if (outcome.timedOut) batch.shrink(count);
        fail(outcome.error);
        return retryLater(outcome.error, backoffDelay(failures, backoff.baseMs, backoff.capMs, random));
      case 'refused':
        // A bad key or a refused event does not pass by itself: retried slowly.
        fail(outcome.error);
        return retryLater(outcome.error, backoff.capMs);
      case 'conflict':
        return halt(outcome.seq, outcome.error);
      case 'out_of_window': {
        // Central holds less than this hub's cursor says (its database restored from an
        // older backup): resend from where central is.
        const current = q.state().acked_through;
        if (outcome.ackedThrough < current) {
          log?.warn({ central: outcome.ackedThrough, cursor: current }, 'central holds less than it acknowledged before; resending from its cursor');
          cursor.ack(outcome.ackedThrough, new Date().toISOString());
          return;
        }
        fail(outcome.error);
        return retryLater(outcome.error, backoff.capMs);
      }
    }
  }

  /** Halted on a conflict: nothing more is sent until the uploader is stopped. */
  const halted = new Promise<void>((resolve) => (release = resolve));

  /** Nothing to send: an empty push now and then confirms central, the key and the cursor. */
  async function idle(): Promise<void> {
    catchUpFrom = null;
    if (online && Date.now() - lastContactAt < heartbeatMs) {
      publisher.publish();
      return sleep(pollMs, true);
    }
    const outcome = await send(emptyBody);
    if (stopped) return;
    if (outcome.kind !== 'acked') return handleFailure(outcome, 0);
    applyAck(outcome.ackedThrough, true);
    publisher.publish();
    return sleep(pollMs, true);
  }

  async function cycle(): Promise<void> {
    const acked = q.state().acked_through;
    const backlog = q.lastSeq() - acked;
    if (backlog <= 0) return idle();
    if (catchUpFrom === null && backlog >= catchUpThreshold) {
      catchUpFrom = acked;
      log?.info({ backlog }, 'sync catching up');
    }
    const window: InFlight[] = [];
    let nextFrom = acked;
    // The batch after a full window, read while the window's pushes are out: when one is
    // answered, the next goes at once instead of waiting for the outbox to be read.
    let ahead: { from: number; read: Promise<Batch> } | null = null;
    const read = (from: number, waiting: number): Promise<Batch> => {
      const early = ahead?.from === from ? ahead.read : null;
      ahead = null;
      return early ?? readBatch(from, batch.size(waiting));
    };
    const fill = async () => {
      while (!stopped && window.length < depth) {
        const waiting = q.lastSeq() - nextFrom;
        if (waiting <= 0) return;
        const next = await read(nextFrom, waiting);
        if (next.count === 0 || stopped) return;
        window.push({ from: nextFrom, last: next.last, count: next.count, sole: window.length === 0, outcome: send(next.body) });
        nextFrom = next.last;
      }
      const waiting = q.lastSeq() - nextFrom;
      if (stopped || waiting <= 0 || ahead) return;
      ahead = { from: nextFrom, read: readBatch(nextFrom, batch.size(waiting)) };
      // Its failure surfaces where it is used; one never used (the cycle ended) is dropped.
      ahead.read.catch(() => undefined);
    };

    await fill();
    while (window.length > 0 && !stopped) {
      const item = window.shift()!;
      const outcome = await item.outcome;
      if (stopped) break;
      if (outcome.kind !== 'acked') {
        // Whatever else was in flight still tells where central is.
        for (const rest of window) {
          const o = await rest.outcome;
          if (o.kind === 'acked' && !stopped) applyAck(o.ackedThrough, false);
        }
        return handleFailure(outcome, item.count);
      }
      const held = applyAck(outcome.ackedThrough, item.sole);
      if (held < item.last) {
        // Central went back (restored): start again from its cursor. Otherwise it took the
        // batch without holding it, which retrying at once would only repeat.
        for (const rest of window) await rest.outcome;
        if (held < item.from) return;
        const error = `central did not advance past ${held} after receiving ${item.from + 1}..${item.last}`;
        fail(error);
        return retryLater(error, backoffDelay(failures, backoff.baseMs, backoff.capMs, random));
      }
      batch.succeeded(q.lastSeq() - held);
      publisher.publish();
      await fill();
    }
    for (const rest of window) await rest.outcome;
  }

  const running = (async () => {
    while (!stopped) {
      if (conflictSeq !== null) {
        publisher.publish();
        await halted;
        continue;
      }
      try {
        await cycle();
      } catch (err) {
        // A SQLite error (busy, closed) must not end the uploader; it retries later.
        const error = `uploader error: ${describe(err)}`;
        fail(error);
        await retryLater(error, backoffDelay(failures, backoff.baseMs, backoff.capMs, random));
      }
    }
  })();

  log?.info({ centralUrl: opts.centralUrl, storeId: opts.storeId }, 'sync uploader started');
  if (conflictSeq !== null) {
    log?.warn({ seq: conflictSeq, error: lastError }, 'sync stays stopped: head office holds different events from this seq (store restored from a backup?)');
  }

  return {
    status,
    kick() {
      if (stopped) return;
      publisher.publish();
      if (wake && wakeable) wake();
    },
    async stop() {
      stopped = true;
      for (const c of controllers) c.abort();
      wake?.();
      release();
      await running;
      publisher.stop();
      cursor.close();
    },
  };
}
