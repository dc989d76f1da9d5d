import { createHash } from 'node:crypto';
import { DomainError } from '../../core/errors.js';
import type { JournalEntry, JournalKind, JournalVerification } from '../../shared/readings.js';
import type { JournalRow } from '../db/journal.queries.js';
import type { Store } from './store.js';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no whitespace, so the same entry always
 * hashes the same (key order of a JS object is not part of what was recorded).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('non-finite number in journal entry');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256(prev_hash ‖ canonical JSON of {seq, kind, refId, createdAt, body}), hex. */
export function entryHash(prevHash: string, e: { seq: number; kind: string; refId: string; createdAt: string; body: unknown }): string {
  const canonical = canonicalJson({ seq: e.seq, kind: e.kind, refId: e.refId, createdAt: e.createdAt, body: e.body });
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
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
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      return broken(r.seq, 'the body is not valid JSON');
    }
    const hash = entryHash(prev, { seq: r.seq, kind: r.kind, refId: r.ref_id, createdAt: r.created_at, body });
    if (hash !== r.hash) return broken(r.seq, 'the content does not match its hash: the entry was changed');
    prev = r.hash;
    expectedSeq += 1;
    entries += 1;
  }
  return { ok: true, entries, firstBroken: null };
}

export function toJournalEntry(r: JournalRow): JournalEntry {
  return { seq: r.seq, kind: r.kind, refId: r.ref_id, createdAt: r.created_at, body: JSON.parse(r.body) as unknown, prevHash: r.prev_hash, hash: r.hash };
}

/**
 * The e-journal: an append-only, exportable record of every receipt, void, reprint,
 * refund and X/Z-reading. Entries are appended inside the same SQLite transaction as
 * what they record, so there is never a receipt without its journal line or the reverse.
 */
export class JournalService {
  constructor(private readonly store: Store) {}

  /** Appends one entry; only inside `store.write`. Returns it with its hash. */
  append(kind: JournalKind, refId: string, body: unknown): JournalEntry {
    if (!this.store.db.inTransaction) throw new Error('journal entries are only appended inside a store write');
    const q = this.store.q.journal;
    const last = q.last();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const createdAt = this.store.now();
    const text = canonicalJson(body);
    // Hash what will be read back: the parsed canonical text, not the live object.
    const stored = JSON.parse(text) as unknown;
    const hash = entryHash(prevHash, { seq, kind, refId, createdAt, body: stored });
    q.insert({ seq, kind, ref_id: refId, created_at: createdAt, body: text, prev_hash: prevHash, hash });
    return { seq, kind, refId, createdAt, body: stored, prevHash, hash };
  }

  list(f: { after: number; limit: number; kind?: JournalKind | undefined }): { entries: JournalEntry[]; lastSeq: number } {
    const entries = this.store.q.journal.after(f).map(toJournalEntry);
    return { entries, lastSeq: this.store.q.journal.last()?.seq ?? 0 };
  }

  /** One JSON object per line, with hashes: what an outside verifier needs. */
  *exportJsonl(after = 0): Generator<string> {
    for (const r of this.store.q.journal.iterate()) if (r.seq > after) yield `${canonicalJson(toJournalEntry(r))}\n`;
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
