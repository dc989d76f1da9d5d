import type { Db } from './connection.js';

export interface EventRow {
  seq: number;
  type: string;
  occurred_at: string;
  payload: string;
}

export function eventQueries(db: Db) {
  // seq is INTEGER PRIMARY KEY: SQLite assigns max(seq)+1, and since rows are never
  // deleted (trigger) and a rolled-back transaction takes its row with it, seq is gapless.
  const append = db.prepare<[string, string, string], { seq: number }>(
    'INSERT INTO events (type, occurred_at, payload) VALUES (?, ?, ?) RETURNING seq',
  );
  const after = db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  const last = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM events');
  return {
    append: (type: string, occurredAt: string, payload: unknown): number =>
      append.get(type, occurredAt, JSON.stringify(payload))!.seq,
    /** The same with the payload already serialised (`payloadJson` must be JSON.stringify(payload)). */
    appendSerialized: (type: string, occurredAt: string, payloadJson: string): number => append.get(type, occurredAt, payloadJson)!.seq,
    after: (seq: number, limit: number) => after.all(seq, limit),
    lastSeq: (): number => last.get()?.seq ?? 0,
  };
}
export type EventQueries = ReturnType<typeof eventQueries>;
