import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StoreEvent } from '../../shared/events.js';
import { deriveProjections, type Projectable, type ProjectionRows } from '../projections.js';
import { toInt } from './pool.js';

// Events go in with COPY: the fastest way into a Postgres table, several times cheaper per
// row than a multi-row INSERT (no per-statement planning, one parse of each payload).
// COPY has no ON CONFLICT, so the seqs of the batch's span already held are looked up
// first; should another push insert one of them in between, the primary key refuses it,
// the push rolls back and runs again (see pushEvents).
const COPY_EVENTS = 'COPY store_events (store_id, seq, type, occurred_at, payload) FROM STDIN';
const HELD_IN_SPAN = 'SELECT seq FROM store_events WHERE store_id = $1 AND seq BETWEEN $2 AND $3';

// The first of the batch's held seqs whose stored event differs from the one pushed:
// both sides hashed by the same function (migration 0002), so "differs" is exactly
// "type, time or payload differ", however the JSON was laid out.
const FIRST_CONFLICT = `
SELECT b.seq FROM json_to_recordset($2::json) AS b(seq bigint, type text, occurred_at timestamptz, payload jsonb)
  JOIN store_events e ON e.store_id = $1 AND e.seq = b.seq
 WHERE e.content_hash <> store_event_hash(b.type, b.occurred_at, b.payload)
 ORDER BY b.seq LIMIT 1`;

/**
 * How far past a store's cursor a push may reach. The uploader keeps at most two
 * batches of at most 5,000 events in flight, so a batch can honestly start up to
 * 10,000 past the cursor (the second arriving first); twice that leaves room. Beyond
 * it, a seq is not a hub catching up but a broken or foreign log (seq 1,000,000 while
 * central holds 200), and storing it would leave a gap no push could ever close.
 */
export const SEQ_WINDOW = 20_000;

/** A push central refuses whole (409): nothing of the batch is stored. */
export class PushRefused extends Error {
  constructor(
    readonly code: 'seq_conflict' | 'seq_out_of_window',
    message: string,
    readonly details: { seq: number; ackedThrough: number; window?: number },
  ) {
    super(message);
    this.name = 'PushRefused';
  }
}

const UPSERT_SETTLEMENTS = `
INSERT INTO settlements (store_id, settlement_id, or_number, customer_id, amount, tender_method, tender_reference,
  change_amount, credit_amount, credit_used, status, cashier_id, created_at, business_date, voided_at, void_reason, last_seq)
SELECT $1, r.settlement_id, r.or_number, r.customer_id, r.amount, r.tender_method, r.tender_reference,
  r.change_amount, r.credit_amount, r.credit_used, r.status, r.cashier_id, r.created_at,
  (r.created_at AT TIME ZONE $2)::date, r.voided_at, r.void_reason, r.last_seq
  FROM json_to_recordset($3::json) AS r(settlement_id text, or_number text, customer_id text, amount bigint,
    tender_method text, tender_reference text, change_amount bigint, credit_amount bigint, credit_used bigint,
    status text, cashier_id text, created_at timestamptz, voided_at timestamptz, void_reason text, last_seq bigint)
ON CONFLICT (store_id, settlement_id) DO UPDATE SET
  or_number = EXCLUDED.or_number, customer_id = EXCLUDED.customer_id, amount = EXCLUDED.amount,
  tender_method = EXCLUDED.tender_method, tender_reference = EXCLUDED.tender_reference,
  change_amount = EXCLUDED.change_amount, credit_amount = EXCLUDED.credit_amount, credit_used = EXCLUDED.credit_used,
  status = EXCLUDED.status, cashier_id = EXCLUDED.cashier_id, created_at = EXCLUDED.created_at,
  business_date = EXCLUDED.business_date, voided_at = EXCLUDED.voided_at, void_reason = EXCLUDED.void_reason,
  last_seq = EXCLUDED.last_seq
WHERE settlements.last_seq < EXCLUDED.last_seq`;

const UPSERT_TRANSACTIONS = `
INSERT INTO transactions (store_id, transaction_id, customer_id, created_by, total_amount, paid_amount,
  balance_amount, payment_status, due_date, created_at, updated_at, last_seq)
SELECT $1, r.transaction_id, r.customer_id, r.created_by, r.total_amount, r.paid_amount,
  r.balance_amount, r.payment_status, r.due_date, r.created_at, r.updated_at, r.last_seq
  FROM json_to_recordset($2::json) AS r(transaction_id text, customer_id text, created_by text, total_amount bigint,
    paid_amount bigint, balance_amount bigint, payment_status text, due_date date, created_at timestamptz,
    updated_at timestamptz, last_seq bigint)
ON CONFLICT (store_id, transaction_id) DO UPDATE SET
  customer_id = EXCLUDED.customer_id, created_by = EXCLUDED.created_by, total_amount = EXCLUDED.total_amount,
  paid_amount = EXCLUDED.paid_amount, balance_amount = EXCLUDED.balance_amount,
  payment_status = EXCLUDED.payment_status, due_date = EXCLUDED.due_date, created_at = EXCLUDED.created_at,
  updated_at = EXCLUDED.updated_at, last_seq = EXCLUDED.last_seq
WHERE transactions.last_seq < EXCLUDED.last_seq`;

const ADD_COLLECTIONS = `
INSERT INTO daily_collections (business_date, store_id, tender_method, posted_count, posted_amount, voided_count, voided_amount)
SELECT (r.created_at AT TIME ZONE $2)::date, $1, r.tender_method,
  count(*) FILTER (WHERE NOT r.voided), coalesce(sum(r.amount) FILTER (WHERE NOT r.voided), 0),
  count(*) FILTER (WHERE r.voided), coalesce(sum(r.amount) FILTER (WHERE r.voided), 0)
  FROM json_to_recordset($3::json) AS r(created_at timestamptz, tender_method text, amount bigint, voided boolean)
 GROUP BY 1, 3
 ORDER BY 1, 3
ON CONFLICT (business_date, store_id, tender_method) DO UPDATE SET
  posted_count = daily_collections.posted_count + EXCLUDED.posted_count,
  posted_amount = daily_collections.posted_amount + EXCLUDED.posted_amount,
  voided_count = daily_collections.voided_count + EXCLUDED.voided_count,
  voided_amount = daily_collections.voided_amount + EXCLUDED.voided_amount`;

// First seq >= $2 (known to be held) whose successor is not held: the end of the
// contiguous run. Walks the primary key from $2 and stops at the first gap, so the
// cost is the length of the run it advances over, not the size of the log.
const RUN_END = `
SELECT e.seq FROM store_events e
 WHERE e.store_id = $1 AND e.seq >= $2
   AND NOT EXISTS (SELECT 1 FROM store_events n WHERE n.store_id = $1 AND n.seq = e.seq + 1)
 ORDER BY e.seq LIMIT 1`;

export interface PushResult {
  ackedThrough: number;
  inserted: number;
}

// A push that lost a race with another push of the same store: one of its events was
// inserted by the other in between (23505 on store_events), or their row locks crossed
// (40P01). Rolled back whole and run again, when the other push's rows are visible. Each
// loss means another push got through, so retrying makes progress; the bound is a
// safety valve, not an expected outcome (the hub retries a 500 later anyway).
const RACE_CODES = new Set(['23505', '40P01']);
const RACE_ATTEMPTS = 20;

/**
 * Holds a batch of one store's events exactly once and advances its cursor, in one PG
 * transaction. Events already held are skipped, and projections are derived only from the
 * rows this push added. Two pushes of one store (the uploader's pipelined batches, a retry
 * racing its original, two central instances) insert and project side by side; only the
 * cursor is serialized, on the store's cursor row, taken last and held only for the
 * walk to the end of the contiguous run and the commit. What needs no database (the COPY
 * text, the projection rows) is prepared before the transaction, for the usual case that
 * every event is new.
 *
 * Side by side is safe because every step is: the primary key refuses an event held
 * twice (the loser rolls back and runs again); projection rows are written in key
 * order, table by table, so two pushes touching the same rows wait for each other
 * instead of deadlocking, and snapshots keep the highest seq whoever commits first;
 * collections only add. The cursor walk sees committed rows and its own, so whichever
 * push takes the cursor row last carries it past both.
 */
export async function pushEvents(
  pool: Pool,
  store: { storeId: string; timezone: string },
  events: readonly StoreEvent[],
  projectables: readonly Projectable[],
): Promise<PushResult> {
  const prepared = prepareCopy(store.storeId, events);
  const allNew = serializeProjections(deriveProjections(projectables));
  for (let attempt = 1; ; attempt++) {
    try {
      return await pushOnce(pool, store, events, projectables, prepared, allNew);
    } catch (err) {
      if (attempt >= RACE_ATTEMPTS || !RACE_CODES.has((err as { code?: string }).code ?? '')) throw err;
    }
  }
}

async function pushOnce(
  pool: Pool,
  store: { storeId: string; timezone: string },
  events: readonly StoreEvent[],
  projectables: readonly Projectable[],
  prepared: PreparedCopy,
  allNew: SerializedProjections,
): Promise<PushResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Unlocked: the cursor only moves forward, so everything at or below it is held.
    const { rows } = await client.query<{ acked: string }>({
      name: 'read_cursor',
      text: 'SELECT acked_through AS acked FROM store_cursors WHERE store_id = $1',
      values: [store.storeId],
    });
    if (!rows[0]) throw new Error(`store ${store.storeId} has no cursor row`);
    const seen = toInt(rows[0].acked);
    // Read unlocked, the cursor may be a moment behind; that only makes this stricter.
    const highest = events.reduce((m, e) => Math.max(m, e.seq), 0);
    if (highest > seen + SEQ_WINDOW) {
      throw new PushRefused('seq_out_of_window', `seq ${highest} is more than ${SEQ_WINDOW} past the ${seen} events central holds; nothing was stored`, {
        seq: highest,
        ackedThrough: seen,
        window: SEQ_WINDOW,
      });
    }
    const fresh = events.filter((e) => e.seq > seen);
    let inserted = 0;
    // Every seq of the batch that central already holds, at or below the cursor too: a
    // repeat must be the same event, or the batch is refused before anything is stored.
    const held = events.length > 0 ? await heldInSpan(client, store.storeId, events) : new Set<number>();
    if (held.size > 0) await refuseConflicts(client, store.storeId, seen, events.filter((e) => held.has(e.seq)));
    if (fresh.length > 0) {
      const isNew = (e: StoreEvent) => e.seq > seen && !held.has(e.seq);
      const added = events.filter(isNew);
      inserted = added.length;
      if (inserted > 0) {
        const everything = inserted === events.length;
        const chunks = everything ? prepared.chunks : chunked(prepared.lines.filter((_, i) => isNew(events[i]!)));
        await pipeline(Readable.from(chunks), client.query(copyFrom(COPY_EVENTS)));
        const seqs = new Set(added.map((e) => e.seq));
        const projections = everything ? allNew : serializeProjections(deriveProjections(projectables.filter((p) => seqs.has(p.seq))));
        await applyProjections(client, store, projections);
      }
    }
    const locked = await client.query<{ acked: string }>({
      name: 'lock_cursor',
      text: 'SELECT acked_through AS acked FROM store_cursors WHERE store_id = $1 FOR UPDATE',
      values: [store.storeId],
    });
    const cursor = toInt(locked.rows[0]!.acked);
    const ackedThrough = await advanceCursor(client, store.storeId, cursor, events);
    await client.query({
      name: 'set_cursor',
      text: 'UPDATE store_cursors SET acked_through = $2, last_push_at = now() WHERE store_id = $1',
      values: [store.storeId, ackedThrough],
    });
    await client.query('COMMIT');
    return { ackedThrough, inserted };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

interface PreparedCopy {
  /** One COPY line per event, in the batch's order. */
  lines: string[];
  /** All of them, joined into pieces for the socket. */
  chunks: string[];
}

function prepareCopy(storeId: string, events: readonly StoreEvent[]): PreparedCopy {
  const storeField = copyText(storeId);
  const lines = events.map(
    (e) => `${storeField}\t${e.seq}\t${copyText(e.type)}\t${copyText(e.occurredAt)}\t${copyText(JSON.stringify(e.payload))}\n`,
  );
  return { lines, chunks: chunked(lines) };
}

/**
 * Throws `seq_conflict` when one of `repeated` (events of the batch whose seq is held)
 * differs from the event held at its seq. Under pushes side by side this sees every
 * committed row; an event another push has inserted but not committed is not seen here,
 * but then this push's COPY meets it on the primary key (23505), and the rerun, which
 * sees it committed, comes back here.
 */
async function refuseConflicts(client: PoolClient, storeId: string, ackedThrough: number, repeated: readonly StoreEvent[]): Promise<void> {
  const rows = JSON.stringify(repeated.map((e) => ({ seq: e.seq, type: e.type, occurred_at: e.occurredAt, payload: e.payload })));
  const { rows: conflicts } = await client.query<{ seq: string }>({ name: 'first_conflict', text: FIRST_CONFLICT, values: [storeId, rows] });
  if (!conflicts[0]) return;
  const seq = toInt(conflicts[0].seq);
  throw new PushRefused('seq_conflict', `central holds a different event at seq ${seq}; nothing of this batch was stored`, { seq, ackedThrough });
}

/** Seqs of the batch's span already held (events past an earlier gap, a repeated push). */
async function heldInSpan(client: PoolClient, storeId: string, fresh: readonly StoreEvent[]): Promise<Set<number>> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of fresh) {
    if (e.seq < lo) lo = e.seq;
    if (e.seq > hi) hi = e.seq;
  }
  const { rows } = await client.query<{ seq: string }>({ name: 'held_in_span', text: HELD_IN_SPAN, values: [storeId, lo, hi] });
  return new Set(rows.map((r) => toInt(r.seq)));
}

/** COPY lines joined into pieces of about 1 MiB for the socket, not one string of the whole batch. */
function chunked(lines: readonly string[]): string[] {
  const chunks: string[] = [];
  let from = 0;
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    size += lines[i]!.length;
    if (size >= 1 << 20 || i === lines.length - 1) {
      chunks.push(lines.slice(from, i + 1).join(''));
      from = i + 1;
      size = 0;
    }
  }
  return chunks;
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Each projection's rows as the one JSON parameter its statement expands (null: none). */
interface SerializedProjections {
  settlements: string | null;
  transactions: string | null;
  collections: string | null;
}

function serializeProjections(rows: ProjectionRows): SerializedProjections {
  const json = (xs: readonly unknown[]) => (xs.length > 0 ? JSON.stringify(xs) : null);
  return { settlements: json(rows.settlements), transactions: json(rows.transactions), collections: json(rows.collections) };
}

async function applyProjections(client: PoolClient, store: { storeId: string; timezone: string }, p: SerializedProjections): Promise<void> {
  if (p.settlements) await client.query({ name: 'upsert_settlements', text: UPSERT_SETTLEMENTS, values: [store.storeId, store.timezone, p.settlements] });
  if (p.transactions) await client.query({ name: 'upsert_transactions', text: UPSERT_TRANSACTIONS, values: [store.storeId, p.transactions] });
  if (p.collections) await client.query({ name: 'add_collections', text: ADD_COLLECTIONS, values: [store.storeId, store.timezone, p.collections] });
}

/**
 * The highest contiguous seq held after this batch. Every seq of the batch is now held
 * (inserted, or already there), so the run from cursor+1 through the batch is known
 * without a query; only its continuation past the batch (events held beyond an
 * earlier gap, or committed by another push meanwhile) needs the index walk.
 */
async function advanceCursor(client: PoolClient, storeId: string, cursor: number, batch: readonly StoreEvent[]): Promise<number> {
  const seqs = new Set(batch.map((e) => e.seq));
  let runEnd = cursor;
  while (seqs.has(runEnd + 1)) runEnd++;
  let from = runEnd;
  if (runEnd === cursor) {
    const { rowCount } = await client.query({
      name: 'has_seq',
      text: 'SELECT 1 FROM store_events WHERE store_id = $1 AND seq = $2',
      values: [storeId, cursor + 1],
    });
    if (rowCount !== 1) return cursor;
    from = cursor + 1;
  }
  const { rows } = await client.query<{ seq: string }>({ name: 'run_end', text: RUN_END, values: [storeId, from] });
  return toInt(rows[0]?.seq ?? from);
}
