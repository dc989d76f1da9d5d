import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Statement } from 'better-sqlite3';
import { defaultOrPrefix, invoicePrefix } from '../../core/or-number.js';
import { FIRST_REGISTER_ID } from './registers.queries.js';
import type { StoreEvent } from '../../shared/events.js';
import { BackgroundCheckpointer } from './checkpointer.js';
import { openDatabase, type Db } from './connection.js';
import { defaultStoreMigrationsDir, loadMigrations, migrate } from './migrate.js';
import { createQueries, type Queries } from './queries.js';

export interface StoreDbOptions {
  /** SQLite file; its folder is created if missing. */
  file: string;
  /** Store id (first open records it; later opens keep the recorded one). */
  storeId?: string;
  /** OR prefix (first open records it; default `OR-<STOREID>`). */
  orPrefix?: string;
  now?: () => Date;
  migrationsDir?: string;
  /**
   * WAL checkpoints on a worker thread instead of inside the writer's commits (the hub
   * turns this on; default off). See checkpointer.ts.
   */
  backgroundCheckpoint?: boolean;
}

export type EventListener = (events: StoreEvent[]) => void;

/**
 * The store's ledger connection and nothing else: opens and migrates the SQLite file,
 * owns the one connection and its prepared queries, runs each business write as one
 * SQLite transaction (`write`), appends to the event log / outbox inside it (`append`),
 * and hands committed events to listeners. The services that use it are built in one
 * place, services/index.ts.
 */
export class StoreDb {
  readonly db: Db;
  readonly q: Queries;
  readonly storeId: string;
  private readonly listeners = new Set<EventListener>();
  private pending: StoreEvent[] = [];
  private readonly clock: () => Date;
  private checkpointer: BackgroundCheckpointer | null = null;
  private readonly tx: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Statement>;

  constructor(opts: StoreDbOptions) {
    mkdirSync(dirname(opts.file), { recursive: true });
    this.clock = opts.now ?? (() => new Date());
    this.db = openDatabase(opts.file);
    try {
      migrate(this.db, loadMigrations(opts.migrationsDir ?? defaultStoreMigrationsDir()));
    } catch (e) {
      this.db.close();
      throw e;
    }
    if (opts.backgroundCheckpoint) {
      // The writer checkpoints only as a backstop (about 40 MiB of WAL) if the worker lags.
      this.db.pragma('wal_autocheckpoint = 10000');
      this.checkpointer = new BackgroundCheckpointer(opts.file);
    }
    this.q = createQueries(this.db);
    this.tx = {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT kahera_write'),
      release: this.db.prepare('RELEASE kahera_write'),
      rollbackTo: this.db.prepare('ROLLBACK TO kahera_write'),
    };
    this.storeId = this.db
      .transaction(() => {
        const recorded = this.q.settings.get('store_id');
        const id = recorded ?? (opts.storeId ?? 'STORE01').toUpperCase();
        if (!recorded) this.q.settings.set('store_id', id);
        const orPrefix = opts.orPrefix ?? defaultOrPrefix(id);
        this.q.registers.initSeries(FIRST_REGISTER_ID, 'or', orPrefix);
        // INSERT OR IGNORE: an existing store keeps its series (migration 0010 made C1's SI series).
        this.q.registers.initSeries(FIRST_REGISTER_ID, 'si', invoicePrefix(this.q.registers.series(FIRST_REGISTER_ID, 'or')!.prefix));
        return id;
      })
      .immediate();
  }

  now(): string {
    return this.clock().toISOString();
  }

  /**
   * Runs `fn` as one SQLite write transaction (BEGIN IMMEDIATE, so writers in other
   * processes queue on the busy timeout instead of failing mid-way). Called inside
   * another `write`, it becomes a savepoint: its failure undoes only its own work.
   * Events appended inside are delivered to listeners only after the outermost commit.
   */
  write<T>(fn: () => T): T {
    const db = this.db;
    const tx = this.tx;
    const nested = db.inTransaction;
    const mark = this.pending.length;
    // What better-sqlite3's db.transaction(fn) does, with statements prepared once: wrapping
    // a new function per call (every settlement, every savepoint of a group commit) costs more
    // than the SAVEPOINT itself.
    (nested ? tx.savepoint : tx.begin).run();
    let result: T;
    try {
      result = fn();
      if (result && typeof (result as { then?: unknown }).then === 'function') {
        throw new TypeError('Transaction function cannot return a promise');
      }
      (nested ? tx.release : tx.commit).run();
    } catch (e) {
      // SQLite may already have rolled the whole transaction back (e.g. SQLITE_FULL).
      if (db.inTransaction) {
        if (nested) {
          tx.rollbackTo.run();
          tx.release.run();
        } else {
          tx.rollback.run();
        }
      }
      this.pending.length = mark;
      throw e;
    }
    if (!nested) this.flushEvents();
    return result;
  }

  /**
   * Appends an event to the event log / outbox; only valid inside `write`. Pass
   * `payloadJson` when the payload's JSON is already in hand (it must equal
   * JSON.stringify(payload)): the hot settle path serialises once.
   */
  append(type: string, payload: unknown, payloadJson?: string): StoreEvent {
    if (!this.db.inTransaction) throw new Error('events are only appended inside a store write');
    const occurredAt = this.now();
    const seq =
      payloadJson === undefined ? this.q.events.append(type, occurredAt, payload) : this.q.events.appendSerialized(type, occurredAt, payloadJson);
    const event: StoreEvent = { seq, type, occurredAt, payload };
    this.pending.push(event);
    return event;
  }

  /** Listen for committed events, in seq order. Returns an unsubscribe function. */
  onEvents(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private flushEvents(): void {
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    for (const l of this.listeners) {
      try {
        l(events);
      } catch {
        // A listener (e.g. a socket broadcast) must never undo or block a committed write.
      }
    }
  }

  eventsAfter(seq: number, limit: number): StoreEvent[] {
    return this.q.events.after(seq, limit).map((r) => ({
      seq: r.seq,
      type: r.type,
      occurredAt: r.occurred_at,
      payload: JSON.parse(r.payload) as unknown,
    }));
  }

  lastSeq(): number {
    return this.q.events.lastSeq();
  }

  close(): void {
    if (this.checkpointer) {
      void this.checkpointer.stop();
      this.checkpointer = null;
    }
    if (this.db.open) this.db.close();
  }
}

