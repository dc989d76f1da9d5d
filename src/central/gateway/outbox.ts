/**
 * "Stored in Postgres" → "on the store's stream", made crash-safe. The webhook route
 * XADDs right after its insert; the row's `streamed_at` is set afterwards in small
 * batches. A process killed in between leaves rows with `streamed_at` NULL, which every
 * instance sweeps on start and then periodically. XADD is idempotent per event id
 * (stream.ts), so a sweep racing the route, or two instances sweeping, add it once.
 */
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { GatewayEvent } from '../../shared/gateway.js';
import { markStreamed, unstreamedEvents } from '../db/gateway.queries.js';
import type { GatewayStreams } from './stream.js';

export class GatewayOutbox {
  private marks: { eventId: string; entryId: string }[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly streams: GatewayStreams,
    private readonly log: Logger,
    private readonly onStreamed: (storeId: string, event: GatewayEvent) => void,
  ) {}

  /** XADD now; the Postgres mark follows within a few ms. Redis down: the sweep retries. */
  async stream(storeId: string, event: GatewayEvent): Promise<boolean> {
    const entryId = await this.append(storeId, event);
    if (entryId) this.mark(event.id, entryId);
    return entryId !== null;
  }

  /** Only the XADD (idempotent per event id): the webhook batch sends it while its COMMIT is under way. Never throws. */
  async append(storeId: string, event: GatewayEvent): Promise<string | null> {
    try {
      const entryId = await this.streams.append(storeId, event);
      this.onStreamed(storeId, event);
      return entryId;
    } catch (err) {
      this.log.error({ err, storeId, eventId: event.id }, 'gateway event stored but not yet on its stream; the sweep will retry');
      return null;
    }
  }

  /** Queues the `streamed_at` mark of a committed row (batched, within a few ms). */
  mark(eventId: string, entryId: string): void {
    this.marks.push({ eventId, entryId });
    this.flushTimer ??= setTimeout(() => void this.flush(), 5);
  }

  flush(): Promise<void> {
    this.flushTimer = null;
    const batch = this.marks;
    this.marks = [];
    this.flushing = this.flushing.then(() =>
      markStreamed(this.pool, batch).catch((err: unknown) => {
        // Unmarked rows are swept again and XADD answers the same entry: nothing lost, nothing doubled.
        this.log.warn({ err, n: batch.length }, 'could not mark gateway events as streamed');
      }),
    );
    return this.flushing;
  }

  /** Streams what an earlier process left unstreamed. `olderThanMs` skips rows another instance is handling right now. */
  async sweep(olderThanMs: number): Promise<number> {
    let total = 0;
    for (let round = 0; round < 100; round++) {
      const rows = await unstreamedEvents(this.pool, olderThanMs, 500);
      for (const r of rows) if (await this.stream(r.storeId, r.event)) total += 1;
      await this.flush();
      if (rows.length < 500) break;
    }
    if (total > 0) this.log.info({ n: total }, 'gateway events streamed by the outbox sweep');
    return total;
  }

  startSweeping(everyMs: number): void {
    const tick = () => {
      if (this.closed) return;
      this.sweep(everyMs).then(
        () => undefined,
        (err: unknown) => this.log.warn({ err }, 'gateway outbox sweep failed'),
      );
    };
    this.sweepTimer = setInterval(tick, everyMs);
    this.sweepTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.flush();
  }
}
