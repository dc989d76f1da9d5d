import Database from 'better-sqlite3';
import { nativeBindingOption, type Db } from '../db/connection.js';
import { eventQueries } from '../db/events.queries.js';

export interface SyncStateRow {
  acked_through: number;
  last_synced_at: string | null;
  last_error: string | null;
}

/** The outbox as the uploader and `/health` read it: the event log and the upstream cursor. */
export function outboxQueries(db: Db) {
  const events = eventQueries(db);
  const state = db.prepare<[], SyncStateRow>('SELECT acked_through, last_synced_at, last_error FROM sync_state WHERE id = 1');
  return {
    state: (): SyncStateRow => state.get() ?? { acked_through: 0, last_synced_at: null, last_error: null },
    lastSeq: (): number => events.lastSeq(),
    /** Up to `limit` events after `seq`, payload as the stored JSON text (sent as is). */
    after: (seq: number, limit: number) => events.after(seq, limit),
  };
}
export type OutboxQueries = ReturnType<typeof outboxQueries>;

/**
 * The uploader's only writes: the cursor and the last error, one row. They go through a
 * connection of their own with `synchronous = NORMAL`, so an acknowledgement costs the
 * hub's event loop no fsync (a till settlement would otherwise wait behind several per
 * second during a catch-up). Losing the last cursor move to a power cut is harmless:
 * the hub resends from the older cursor and central, holding each seq once, ignores it.
 * The ledger's own connection keeps `synchronous = FULL`.
 */
export function cursorWrites(db: Db) {
  const own = !db.memory;
  const writer = own ? new Database(db.name, { timeout: 10_000, ...nativeBindingOption() }) : db;
  if (own) writer.pragma('synchronous = NORMAL');
  const ack = writer.prepare<[number, string]>('UPDATE sync_state SET acked_through = ?, last_synced_at = ?, last_error = NULL WHERE id = 1');
  const fail = writer.prepare<[string]>('UPDATE sync_state SET last_error = ? WHERE id = 1');
  return {
    /** Moves the cursor to what central answered it holds. */
    ack: (ackedThrough: number, at: string): void => void ack.run(ackedThrough, at),
    recordError: (message: string): void => void fail.run(message.slice(0, 500)),
    close: (): void => {
      if (own && writer.open) writer.close();
    },
  };
}
