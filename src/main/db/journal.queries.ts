import type { JournalKind } from '../../shared/readings.js';
import type { Db } from './connection.js';

export interface JournalRow {
  seq: number;
  kind: JournalKind;
  ref_id: string;
  created_at: string;
  body: string;
  prev_hash: string;
  hash: string;
}

/** The e-journal: append-only (triggers), each row chained to the previous by its hash. */
export function journalQueries(db: Db) {
  const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO journal (seq, kind, ref_id, created_at, body, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const after = db.prepare(
    `SELECT * FROM journal WHERE seq > @after AND (@kind IS NULL OR kind = @kind) ORDER BY seq LIMIT @limit`,
  );
  const ofRef = db.prepare<[string], JournalRow>('SELECT * FROM journal WHERE ref_id = ? ORDER BY seq');
  const bySeq = db.prepare<[number], JournalRow>('SELECT * FROM journal WHERE seq = ?');
  const all = db.prepare<[], JournalRow>('SELECT * FROM journal ORDER BY seq');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM journal');
  return {
    last: () => last.get(),
    insert: (r: JournalRow) => insert.run(r.seq, r.kind, r.ref_id, r.created_at, r.body, r.prev_hash, r.hash),
    after: (f: { after: number; kind?: JournalKind | undefined; limit: number }) =>
      after.all({ after: f.after, kind: f.kind ?? null, limit: f.limit }) as JournalRow[],
    ofRef: (refId: string) => ofRef.all(refId),
    get: (seq: number) => bySeq.get(seq),
    /** Every row in order, streamed (the verifier walks the whole chain). */
    iterate: (): IterableIterator<JournalRow> => all.iterate(),
    count: () => count.get()?.n ?? 0,
  };
}
export type JournalQueries = ReturnType<typeof journalQueries>;
