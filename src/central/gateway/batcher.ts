/**
 * Group commit for webhook events. Each stored event must be durable before its 200,
 * and a commit costs an fsync (several ms here); webhooks arriving together share one:
 * what arrived while the previous batch was committing goes in the next transaction,
 * one statement per event, sorted by event id (two instances holding the same ids then
 * lock them in the same order). A batch that fails as a whole (a deadlock with another
 * instance, a bad row) is retried one event per transaction, so one event's trouble is
 * never another's.
 */
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { storeEvent, type IncomingEvent, type StoredEvent } from '../db/gateway.queries.js';

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
    const client = await this.pool.connect();
    const results: StoredEvent[] = [];
    try {
      await client.query('BEGIN');
      for (const w of batch) results.push(await storeEvent(client, w.event));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      this.log.warn({ err, n: batch.length }, 'webhook batch failed; storing its events one by one');
      throw err;
    } finally {
      client.release();
    }
    batch.forEach((w, i) => w.resolve(results[i]!));
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
