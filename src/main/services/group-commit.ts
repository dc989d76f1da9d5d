import type { StoreDb } from '../db/store-db.js';

interface Job<T> {
  run: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Longest a request waits for companions before its batch commits (≤ 5 ms). 0 = next event-loop turn. */
  windowMs?: number;
  /** A batch this large commits at once. */
  maxBatch?: number;
}

/**
 * Group commit: concurrent business writes gathered for a few milliseconds into one
 * SQLite transaction (one fsync for the batch). Each job runs in its own savepoint, so
 * a failing one is rolled back alone — its OR number is not burnt — and the others
 * still commit; each caller gets its own answer only after the batch is durable.
 */
export class GroupCommitter {
  private queue: Job<unknown>[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private readonly windowMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly store: StoreDb,
    opts: GroupCommitOptions = {},
  ) {
    this.windowMs = Math.min(opts.windowMs ?? 0, 5);
    this.maxBatch = opts.maxBatch ?? 512;
  }

  submit<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve, reject } as Job<unknown>);
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = this.windowMs > 0 ? setTimeout(() => this.flush(), this.windowMs) : setImmediate(() => this.flush());
  }

  /** Commits everything queued now. */
  flush(): void {
    if (this.timer) {
      if (this.windowMs > 0) clearTimeout(this.timer as NodeJS.Timeout);
      else clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.store.write(() => {
        for (const job of batch) {
          try {
            outcomes.push({ ok: true, value: this.store.write(job.run) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing in the batch is durable.
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }

  /** Commits what is queued; for shutdown. */
  drain(): void {
    this.flush();
  }
}
