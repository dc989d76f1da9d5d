import type { Db } from '../db/connection.js';
import { eventQueries } from '../db/events.queries.js';

export interface SyncStateRow {
  acked_through: number;
  last_synced_at: string | null;
  last_error: string | null;
}

/**
 * The outbox as the uploader sees it: the event log (read through the events query
 * module) and the upstream cursor in `sync_state`. Reads only, plus two one-row
 * writes that never wait on the network: the uploader holds no SQLite lock while a
 * push is in flight.
 */
export function outboxQueries(db: Db) {
  const events = eventQueries(db);
  const state = db.prepare<[], SyncStateRow>('SELECT acked_through, last_synced_at, last_error FROM sync_state WHERE id = 1');
  const ack = db.prepare<[number, string]>('UPDATE sync_state SET acked_through = ?, last_synced_at = ?, last_error = NULL WHERE id = 1');
  const fail = db.prepare<[string]>('UPDATE sync_state SET last_error = ? WHERE id = 1');
  return {
    state: (): SyncStateRow => state.get() ?? { acked_through: 0, last_synced_at: null, last_error: null },
    lastSeq: (): number => events.lastSeq(),
    /** Up to `limit` events after `seq`, payload as the stored JSON text (sent as is). */
    after: (seq: number, limit: number) => events.after(seq, limit),
    /** Moves the cursor to what central answered it holds. */
    ack: (ackedThrough: number, at: string): void => void ack.run(ackedThrough, at),
    recordError: (message: string): void => void fail.run(message.slice(0, 500)),
  };
}
export type OutboxQueries = ReturnType<typeof outboxQueries>;
