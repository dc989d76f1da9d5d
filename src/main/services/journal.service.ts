import { createHash } from 'node:crypto';
import { DomainError } from '../../core/errors.js';
import type { JournalEntry, JournalKind, JournalVerification } from '../../shared/readings.js';
import type { JournalRow } from '../db/journal.queries.js';
import type { StoreDb } from '../db/store-db.js';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * sha256(prev_hash ‖ {"body":<body>,"createdAt":…,"kind":…,"refId":…,"seq":…}), hex, where
 * <body> is the stored body text itself, byte for byte: any byte changed in a stored row
 * (or a row removed, inserted or moved) breaks the chain from there on.
 */
export function entryHash(prevHash: string, e: { seq: number; kind: string; refId: string; createdAt: string; bodyText: string }): string {
  const envelope = `{"body":${e.bodyText},"createdAt":${JSON.stringify(e.createdAt)},"kind":${JSON.stringify(e.kind)},"refId":${JSON.stringify(e.refId)},"seq":${e.seq}}`;
  return createHash('sha256').update(prevHash).update(envelope).digest('hex');
}

/**
 * Walks the chain from the first entry and reports the first link that does not hold:
 * a gap or reordering in `seq` (a deleted or inserted row), a `prev_hash` that is not the
 * previous row's hash, or a hash that does not match the row's content (an edited row).
 */
export function verifyJournal(rows: Iterable<JournalRow>): JournalVerification {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  const broken = (seq: number, reason: string): JournalVerification => ({ ok: false, entries, firstBroken: { seq, reason } });
  for (const r of rows) {
    if (r.seq !== expectedSeq) return broken(r.seq, `expected entry ${expectedSeq} here, found ${r.seq}: an entry is missing or out of place`);
    if (r.prev_hash !== prev) return broken(r.seq, 'prev_hash is not the hash of the entry before it');
    const hash = entryHash(prev, { seq: r.seq, kind: r.kind, refId: r.ref_id, createdAt: r.created_at, bodyText: r.body });
    if (hash !== r.hash) return broken(r.seq, 'the content does not match its hash: the entry was changed');
    prev = r.hash;
    expectedSeq += 1;
    entries += 1;
  }
  return { ok: true, entries, firstBroken: null };
}

export function toJournalEntry(r: JournalRow): JournalEntry {
  let body: unknown;
  try {
    body = JSON.parse(r.body);
  } catch {
    body = r.body; // a damaged row is shown as it is; the verifier reports it
  }
  return { seq: r.seq, kind: r.kind, refId: r.ref_id, createdAt: r.created_at, body, prevHash: r.prev_hash, hash: r.hash };
}

/**
 * The e-journal: an append-only, exportable record of every receipt, void, reprint,
 * refund and X/Z-reading. Entries are appended inside the same SQLite transaction as
 * what they record, so there is never a receipt without its journal line or the reverse.
 */
export class JournalService {
  constructor(private readonly store: StoreDb) {}

  /** Appends one entry; only inside `store.write`. Returns it with its hash. */
  append(kind: JournalKind, refId: string, body: unknown): JournalEntry {
    if (!this.store.db.inTransaction) throw new Error('journal entries are only appended inside a store write');
    const q = this.store.q.journal;
    const last = q.last();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const createdAt = this.store.now();
    const text = JSON.stringify(body);
    const hash = entryHash(prevHash, { seq, kind, refId, createdAt, bodyText: text });
    q.insert({ seq, kind, ref_id: refId, created_at: createdAt, body: text, prev_hash: prevHash, hash });
    return { seq, kind, refId, createdAt, body, prevHash, hash };
  }

  list(f: { after: number; limit: number; kind?: JournalKind | undefined }): { entries: JournalEntry[]; lastSeq: number } {
    const entries = this.store.q.journal.after(f).map(toJournalEntry);
    return { entries, lastSeq: this.store.q.journal.last()?.seq ?? 0 };
  }

  /** One JSON object per line, with hashes: what an outside verifier needs. */
  *exportJsonl(after = 0): Generator<string> {
    for (const r of this.store.q.journal.iterate()) if (r.seq > after) yield `${JSON.stringify(toJournalEntry(r))}\n`;
  }

  forRef(refId: string): JournalEntry[] {
    return this.store.q.journal.ofRef(refId).map(toJournalEntry);
  }

  head(): { seq: number; hash: string } | null {
    return this.store.q.journal.last() ?? null;
  }

  verify(): JournalVerification {
    return verifyJournal(this.store.q.journal.iterate());
  }

  get(seq: number): JournalEntry {
    const r = this.store.q.journal.get(seq);
    if (!r) throw new DomainError('not_found', 'No such journal entry.');
    return toJournalEntry(r);
  }
}
