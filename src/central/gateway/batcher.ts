/**
 * Group commit for webhook events, with the XADD overlapping the commit.
 *
 * Each stored event must be durable before its 200, and a commit costs an fsync (several
 * ms here); webhooks arriving together share one: what arrived while the previous batch
 * was committing goes in the next statement, all of it in one multi-row insert, sorted
 * by event id (two instances holding the same ids then lock them in the same order).
 *
 * One batch is one transaction: BEGIN, the insert statement (which decides each event:
 * accepted / rejected / ignored, and whether this transaction inserted it — a concurrent
 * insert of the same id by another instance waits on its row lock, so `inserted` is
 * exact), then COMMIT is sent and, while Postgres writes and fsyncs it, the newly
 * inserted accepted events are XADDed, in arrival order. A request is answered once its
 * batch's COMMIT has returned: a 2xx still means stored durably. If the commit fails
 * after the XADD (the process dies, Postgres goes away) the webhook got no 2xx, the
 * gateway sends it again, it is stored then, and the XADD — idempotent per event id —
 * answers the entry it already has: the hub sees it once. The hub settling a payment a
 * few ms before central's record of it is durable is the price of one fsync less on the
 * way to the cashier; the money is real (the webhook's signature was verified).
 *
 * A batch that fails as a whole (a deadlock with another instance, a bad row) is retried
 * one event per transaction, so one event's trouble is never another's.
 */
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { GatewayEvent } from '../../shared/gateway.js';
import { storeEvent, storeEvents, type IncomingEvent, type StoredEvent } from '../db/gateway.queries.js';

interface Waiting {
  event: IncomingEvent;
  /** Arrival order: XADDs go out in it. */
  seq: number;
  resolve(stored: StoredEvent): void;
  reject(err: unknown): void;
}

export interface BatcherHooks {
  /** XADD one accepted event; answers its entry id, or null when Redis failed (the outbox sweep retries). Never throws. */
  append(storeId: string, event: GatewayEvent): Promise<string | null>;
  /** After the commit: the event is on its stream (the outbox mark). */
  streamed(eventId: string, entryId: string): void;
  /** Test hook: runs once COMMIT has been sent and before any XADD (a crash there). */
  afterStore?: (() => void) | undefined;
}

export class EventBatcher {
  private queue: Waiting[] = [];
  private inflight = 0;
  private seq = 0;

  constructor(
    private readonly pool: Pool,
    private readonly log: Logger,
    private readonly hooks: BatcherHooks,
    private readonly maxBatch = 200,
    private readonly parallel = 2,
  ) {}

  store(event: IncomingEvent): Promise<StoredEvent> {
    return new Promise<StoredEvent>((resolve, reject) => {
      this.queue.push({ event, seq: this.seq++, resolve, reject });
      if (this.inflight < this.parallel) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.queue.length === 0 || this.inflight >= this.parallel) return;
    const batch = this.queue.splice(0, this.maxBatch).sort((x, y) => (x.event.eventId < y.event.eventId ? -1 : x.event.eventId > y.event.eventId ? 1 : 0));
    this.inflight += 1;
    this.commit(batch)
      .catch((err: unknown) => {
        this.log.warn({ err, n: batch.length }, 'webhook batch failed; storing its events one by one');
        return this.oneByOne(batch);
      })
      .finally(() => {
        this.inflight -= 1;
        this.flush();
      });
  }

  /** One transaction for the batch; every waiter is answered after its COMMIT returned. */
  private async commit(batch: Waiting[]): Promise<void> {
    const client = await this.pool.connect();
    let answers: { w: Waiting; stored: StoredEvent }[];
    try {
      await client.query('BEGIN');
      answers = await this.decide(client, batch);
    } catch (err) {
      await client.query('ROLLBACK').then(
        () => client.release(),
        () => client.release(true),
      );
      throw err;
    }
    const committing = client.query('COMMIT');
    const appended = this.appendFresh(answers);
    try {
      await committing;
      client.release();
    } catch (err) {
      // Committed or not, nobody was answered: the batch is retried one event per
      // transaction (a row already there answers as a replay; a repeated XADD answers
      // the entry it had), else each webhook gets its 5xx and the gateway sends it again.
      client.release(true);
      await appended;
      throw err;
    }
    this.markAndAnswer(answers, await appended);
  }

  /** Each waiter's stored event, from one statement (ids deduplicated) plus, for ids a concurrent transaction held, one each. */
  private async decide(client: PoolClient, batch: Waiting[]): Promise<{ w: Waiting; stored: StoredEvent }[]> {
    if (batch.length === 1) return [{ w: batch[0]!, stored: await storeEvent(client, batch[0]!.event) }];
    // The gateway retrying while its first try is still here: one row, every waiter answered.
    const byId = new Map<string, IncomingEvent>();
    for (const w of batch) if (!byId.has(w.event.eventId)) byId.set(w.event.eventId, w.event);
    const stored = await storeEvents(client, [...byId.values()]);
    const seen = new Set<string>();
    const out: { w: Waiting; stored: StoredEvent }[] = [];
    for (const w of batch) {
      let s = stored.get(w.event.eventId);
      if (!s) {
        s = await storeEvent(client, w.event);
        stored.set(w.event.eventId, s);
      }
      // Only the first waiter streams it; the others answer 200 as for a replay.
      out.push({ w, stored: seen.has(w.event.eventId) ? { ...s, inserted: false } : s });
      seen.add(w.event.eventId);
    }
    return out;
  }

  /** XADDs, in arrival order, what this transaction inserted and accepted. Runs while COMMIT is on its way. */
  private appendFresh(answers: { w: Waiting; stored: StoredEvent }[]): Promise<(string | null)[]> {
    const fresh = answers.map((a, i) => ({ a, i })).filter(({ a }) => a.stored.inserted && a.stored.event && a.stored.storeId);
    if (fresh.length === 0) return Promise.resolve(answers.map(() => null));
    this.hooks.afterStore?.();
    fresh.sort((x, y) => x.a.w.seq - y.a.w.seq);
    const entries: Promise<string | null>[] = answers.map(() => Promise.resolve(null));
    // Called in arrival order: the auto-pipelined connection sends them in this order.
    for (const { a, i } of fresh) entries[i] = this.hooks.append(a.stored.storeId!, a.stored.event!);
    return Promise.all(entries);
  }

  private markAndAnswer(answers: { w: Waiting; stored: StoredEvent }[], entries: (string | null)[]): void {
    answers.forEach((a, i) => {
      const entryId = entries[i];
      if (entryId && a.stored.event) this.hooks.streamed(a.stored.event.id, entryId);
      a.w.resolve(a.stored);
    });
  }

  /** The fallback: each event in its own transaction, XADDed after its commit. */
  private async oneByOne(batch: Waiting[]): Promise<void> {
    for (const w of batch) {
      try {
        const stored = await storeEvent(this.pool, w.event);
        if (stored.inserted && stored.event && stored.storeId) {
          this.hooks.afterStore?.();
          const entryId = await this.hooks.append(stored.storeId, stored.event);
          if (entryId) this.hooks.streamed(stored.event.id, entryId);
        }
        w.resolve(stored);
      } catch (err) {
        w.reject(err);
      }
    }
  }
}
