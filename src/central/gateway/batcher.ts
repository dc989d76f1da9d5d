/**
 * Group commit for webhook events. Each stored event must be durable before its 200,
 * and a commit costs an fsync (several ms here); webhooks arriving together share one:
 * what arrived while the previous batch was committing goes in the next statement,
 * all of it in one multi-row insert, sorted by event id (two instances holding the
 * same ids then lock them in the same order). A batch that fails as a whole (a deadlock with another
 * instance, a bad row) is retried one event per transaction, so one event's trouble is
 * never another's.
 */
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { storeEvent, storeEvents, type IncomingEvent, type StoredEvent } from '../db/gateway.queries.js';

interface Waiting {
  event: IncomingEvent;
  resolve(stored: StoredEvent): void;
  reject(err: unknown): void;
}

export class EventBatcher {
  private queue: Waiting[] = [];
  private inflight = 0;

  constructor(
    private readonly pool: Pool,
    private readonly log: Logger,
    private readonly maxBatch = 200,
    private readonly parallel = 2,
  ) {}

  store(event: IncomingEvent): Promise<StoredEvent> {
    return new Promise<StoredEvent>((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (this.inflight < this.parallel) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.queue.length === 0 || this.inflight >= this.parallel) return;
    const batch = this.queue.splice(0, this.maxBatch).sort((x, y) => (x.event.eventId < y.event.eventId ? -1 : x.event.eventId > y.event.eventId ? 1 : 0));
    this.inflight += 1;
    this.commit(batch)
      .catch(() => this.oneByOne(batch))
      .finally(() => {
        this.inflight -= 1;
        this.flush();
      });
  }

  private async commit(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) {
      const w = batch[0]!;
      w.resolve(await storeEvent(this.pool, w.event));
      return;
    }
    // The gateway retrying while its first try is still here: one row, every waiter answered.
    const byId = new Map<string, IncomingEvent>();
    for (const w of batch) if (!byId.has(w.event.eventId)) byId.set(w.event.eventId, w.event);
    let stored: Map<string, StoredEvent>;
    try {
      stored = await storeEvents(this.pool, [...byId.values()]);
    } catch (err) {
      this.log.warn({ err, n: batch.length }, 'webhook batch failed; storing its events one by one');
      throw err;
    }
    const seen = new Set<string>();
    for (const w of batch) {
      const s = stored.get(w.event.eventId);
      if (!s) {
        w.resolve(await storeEvent(this.pool, w.event));
      } else if (seen.has(w.event.eventId)) {
        // Only the first waiter streams it; the others answer 200 as for a replay.
        w.resolve({ ...s, inserted: false });
      } else {
        seen.add(w.event.eventId);
        w.resolve(s);
      }
    }
  }

  private async oneByOne(batch: Waiting[]): Promise<void> {
    for (const w of batch) {
      try {
        w.resolve(await storeEvent(this.pool, w.event));
      } catch (err) {
        w.reject(err);
      }
    }
  }
}
