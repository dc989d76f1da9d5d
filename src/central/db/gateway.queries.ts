import type { ClientBase, Pool } from 'pg';
import type { GatewayEvent, GatewayEventStatus, GatewayIntentStatus } from '../../shared/gateway.js';
import { toInt } from './pool.js';

export interface IntentRow {
  storeId: string;
  intentId: string;
  gatewayIntentId: string;
  amount: number;
  currency: string;
  method: string;
  status: Exclude<GatewayIntentStatus, 'cancelled'>;
  qrPayload: string | null;
  expiresAt: Date;
  paidAt: Date | null;
  failureReason: string | null;
}

const INTENT_COLUMNS = `store_id AS "storeId", intent_id AS "intentId", gateway_intent_id AS "gatewayIntentId", amount, currency, method,
  status, qr_payload AS "qrPayload", expires_at AS "expiresAt", paid_at AS "paidAt", failure_reason AS "failureReason"`;

function intentRow(r: IntentRow & { amount: string | number }): IntentRow {
  return { ...r, amount: toInt(r.amount) };
}

export async function findIntent(pool: Pool, storeId: string, intentId: string): Promise<IntentRow | null> {
  const { rows } = await pool.query({
    name: 'gw_find_intent',
    text: `SELECT ${INTENT_COLUMNS} FROM gateway_intents WHERE store_id = $1 AND intent_id = $2`,
    values: [storeId, intentId],
  });
  return rows[0] ? intentRow(rows[0]) : null;
}

/** Inserts the mapping; if the hub's id is already there (a retried create), answers the row that was kept. */
export async function insertIntent(pool: Pool, row: Omit<IntentRow, 'paidAt' | 'failureReason'>): Promise<IntentRow> {
  const { rows } = await pool.query({
    text: `INSERT INTO gateway_intents (store_id, intent_id, gateway_intent_id, amount, currency, method, status, qr_payload, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (store_id, intent_id) DO NOTHING
           RETURNING ${INTENT_COLUMNS}`,
    values: [row.storeId, row.intentId, row.gatewayIntentId, row.amount, row.currency, row.method, row.status, row.qrPayload, row.expiresAt],
  });
  if (rows[0]) return intentRow(rows[0]);
  const kept = await findIntent(pool, row.storeId, row.intentId);
  if (!kept) throw new Error('gateway intent vanished after a conflicting insert');
  return kept;
}

/**
 * Moves an intent to what the gateway said. A final state never goes back to waiting,
 * and only money arriving (succeeded) may replace failed or expired: a customer who
 * retries after a decline has paid, and that must reach the hub.
 */
export async function updateIntentStatus(pool: Pool, storeId: string, intentId: string, status: GatewayIntentStatus, paidAt: Date | null, failureReason: string | null): Promise<void> {
  if (status === 'awaiting_payment' || status === 'cancelled') return;
  await pool.query({
    name: 'gw_update_intent',
    text: `UPDATE gateway_intents SET status = $3, paid_at = COALESCE($4, paid_at), failure_reason = $5, updated_at = now()
           WHERE store_id = $1 AND intent_id = $2 AND (status = 'awaiting_payment' OR ($3 = 'succeeded' AND status <> 'succeeded'))`,
    values: [storeId, intentId, status, paidAt, failureReason],
  });
}

export interface IncomingEvent {
  eventId: string;
  type: string;
  gatewayIntentId: string | null;
  /** null: a type central does not act on (stored as ignored). */
  status: GatewayEventStatus | null;
  amount: number | null;
  occurredAt: Date;
  paidAt: Date | null;
  failureReason: string | null;
  /** The webhook's body exactly as received (valid JSON: it was parsed): stored as is, never re-serialised. */
  payloadJson: string;
}

export interface StoredEvent {
  /** False when the event id was already stored: nothing was changed. */
  inserted: boolean;
  disposition: 'accepted' | 'rejected' | 'ignored';
  rejectReason: string | null;
  storeId: string | null;
  event: GatewayEvent | null;
}

/**
 * Stores one gateway event in ONE statement: looks up the intent, decides what the
 * event is (accepted / rejected for an unknown intent or a different amount / ignored),
 * inserts it unless its id is already stored, and moves the intent — so a crash leaves
 * either all of it or none, and two instances receiving the same event store it once.
 */
export async function storeEvent(pool: Pool | ClientBase, e: IncomingEvent): Promise<StoredEvent> {
  // The same id arriving at two instances at once: the loser's ON CONFLICT waits for the
  // winner, but its snapshot predates the winner's row; a second statement sees it.
  for (let attempt = 0; attempt < 2; attempt++) {
    const stored = await storeEventOnce(pool, e);
    if (stored) return stored;
  }
  throw new Error(`gateway event ${e.eventId} neither inserted nor found`);
}

async function storeEventOnce(pool: Pool | ClientBase, e: IncomingEvent): Promise<StoredEvent | null> {
  const { rows } = await pool.query<{
    inserted: boolean;
    disposition: StoredEvent['disposition'];
    reject_reason: string | null;
    store_id: string | null;
    intent_id: string | null;
    status: GatewayEventStatus | null;
    amount: string | null;
    occurred_at: Date;
  }>({
    name: 'gw_store_event',
    text: `WITH intent AS (
             SELECT store_id, intent_id, amount FROM gateway_intents WHERE gateway_intent_id = $3
           ), decided AS (
             SELECT i.store_id, i.intent_id,
               CASE WHEN $4::text IS NULL THEN 'ignored'
                    WHEN i.intent_id IS NULL THEN 'rejected'
                    WHEN $5::bigint IS DISTINCT FROM i.amount THEN 'rejected'
                    ELSE 'accepted' END AS disposition,
               CASE WHEN $4::text IS NULL THEN NULL
                    WHEN i.intent_id IS NULL THEN 'unknown_intent'
                    WHEN $5::bigint IS DISTINCT FROM i.amount THEN 'amount_mismatch: intent ' || i.amount || ', event ' || coalesce($5::text, 'none')
                    ELSE NULL END AS reject_reason
             FROM (SELECT 1) AS one LEFT JOIN intent i ON true
           ), ins AS (
             INSERT INTO gateway_events (event_id, type, store_id, intent_id, gateway_intent_id, status, amount, occurred_at, disposition, reject_reason, payload)
             SELECT $1, $2, d.store_id, d.intent_id, $3, $4, $5, $6, d.disposition, d.reject_reason, $7 FROM decided d
             ON CONFLICT (event_id) DO NOTHING
             RETURNING store_id, intent_id, status, amount, occurred_at, disposition, reject_reason
           ), moved AS (
             UPDATE gateway_intents g
                SET status = ins.status, paid_at = COALESCE($8, g.paid_at), failure_reason = $9, updated_at = now()
               FROM ins
              WHERE ins.disposition = 'accepted' AND g.store_id = ins.store_id AND g.intent_id = ins.intent_id
                AND (g.status = 'awaiting_payment' OR (ins.status = 'succeeded' AND g.status <> 'succeeded'))
             RETURNING g.intent_id
           )
           SELECT true AS inserted, ins.*, (SELECT count(*) FROM moved) AS moved FROM ins
           UNION ALL
           SELECT false, e.store_id, e.intent_id, e.status, e.amount, e.occurred_at, e.disposition, e.reject_reason, 0
             FROM gateway_events e WHERE e.event_id = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
    values: [e.eventId, e.type, e.gatewayIntentId, e.status, e.amount, e.occurredAt, e.payloadJson, e.paidAt, e.failureReason],
  });
  const r = rows[0];
  if (!r) return null;
  const event: GatewayEvent | null =
    r.disposition === 'accepted' && r.intent_id && r.status && r.amount !== null
      ? { id: e.eventId, type: e.type, paymentIntentId: r.intent_id, status: r.status, amount: toInt(r.amount), occurredAt: r.occurred_at.toISOString() }
      : null;
  return { inserted: r.inserted, disposition: r.disposition, rejectReason: r.reject_reason, storeId: r.store_id, event };
}

/** Marks events as appended to their store's stream (the outbox is done with them). */
export async function markStreamed(pool: Pool, items: { eventId: string; entryId: string }[]): Promise<void> {
  if (items.length === 0) return;
  await pool.query({
    name: 'gw_mark_streamed',
    text: `UPDATE gateway_events e SET streamed_at = now(), stream_entry_id = v.entry_id
             FROM (SELECT unnest($1::text[]) AS event_id, unnest($2::text[]) AS entry_id) v
            WHERE e.event_id = v.event_id AND e.streamed_at IS NULL`,
    values: [items.map((i) => i.eventId), items.map((i) => i.entryId)],
  });
}

/** Accepted events not yet on a stream, oldest first: what a crash between insert and XADD left. */
export async function unstreamedEvents(pool: Pool, olderThanMs: number, limit: number): Promise<{ storeId: string; event: GatewayEvent }[]> {
  const { rows } = await pool.query<{ event_id: string; type: string; store_id: string; intent_id: string; status: GatewayEventStatus; amount: string; occurred_at: Date }>({
    name: 'gw_unstreamed',
    text: `SELECT event_id, type, store_id, intent_id, status, amount, occurred_at FROM gateway_events
            WHERE disposition = 'accepted' AND streamed_at IS NULL AND received_at <= now() - make_interval(secs => $1::double precision / 1000)
            ORDER BY received_at, event_id LIMIT $2`,
    values: [olderThanMs, limit],
  });
  return rows.map((r) => ({
    storeId: r.store_id,
    event: { id: r.event_id, type: r.type, paymentIntentId: r.intent_id, status: r.status, amount: toInt(r.amount), occurredAt: r.occurred_at.toISOString() },
  }));
}

/** Takes an event out of delivery for good: its store's hub refused it too often. */
export async function deadLetterEvent(pool: Pool, eventId: string, reason: string): Promise<void> {
  await pool.query({
    name: 'gw_dead_letter',
    text: `UPDATE gateway_events SET dead_lettered_at = now(), dead_letter_reason = $2 WHERE event_id = $1 AND dead_lettered_at IS NULL`,
    values: [eventId, reason],
  });
}

/** How many events are dead-lettered, over all stores (central's health). */
export async function deadLetteredCount(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>({ name: 'gw_dead_count', text: `SELECT count(*) AS n FROM gateway_events WHERE dead_lettered_at IS NOT NULL` });
  return toInt(rows[0]?.n);
}

export interface HeadOfficeStoreRow {
  storeId: string;
  name: string;
  ackedThrough: number;
  lastPushAt: string | null;
  lastEventAt: string | null;
  todayCount: number;
  todayAmount: number;
  pendingCount: number;
  pendingAmount: number;
  deadLettered: number;
}

/**
 * One row per store for the head-office page: the sync cursor and when the newest event
 * it holds happened (the store's last event by seq: a primary-key lookup), today's net
 * collections in the store's own calendar, and gateway intents still waiting.
 */
export async function headOfficeStores(pool: Pool): Promise<HeadOfficeStoreRow[]> {
  const { rows } = await pool.query<{
    store_id: string;
    name: string;
    acked: string | null;
    last_push_at: Date | null;
    last_event_at: Date | null;
    today_count: string | null;
    today_amount: string | null;
    pending_count: string;
    pending_amount: string;
    dead_lettered: string;
  }>(
    `SELECT s.store_id, s.name, c.acked_through AS acked, c.last_push_at,
            (SELECT e.occurred_at FROM store_events e WHERE e.store_id = s.store_id ORDER BY e.seq DESC LIMIT 1) AS last_event_at,
            d.today_count, d.today_amount,
            (SELECT count(*) FROM gateway_intents g WHERE g.store_id = s.store_id AND g.status = 'awaiting_payment' AND g.expires_at > now()) AS pending_count,
            (SELECT coalesce(sum(g.amount), 0) FROM gateway_intents g WHERE g.store_id = s.store_id AND g.status = 'awaiting_payment' AND g.expires_at > now()) AS pending_amount,
            (SELECT count(*) FROM gateway_events e WHERE e.store_id = s.store_id AND e.dead_lettered_at IS NOT NULL) AS dead_lettered
       FROM stores s
       LEFT JOIN store_cursors c USING (store_id)
       LEFT JOIN LATERAL (
         SELECT sum(dc.posted_count - dc.voided_count) AS today_count, sum(dc.posted_amount - dc.voided_amount) AS today_amount
           FROM daily_collections dc
          WHERE dc.store_id = s.store_id AND dc.business_date = (now() AT TIME ZONE s.timezone)::date
       ) d ON true
      ORDER BY s.store_id
      LIMIT 1000`,
  );
  return rows.map((r) => ({
    storeId: r.store_id,
    name: r.name,
    ackedThrough: toInt(r.acked),
    lastPushAt: r.last_push_at?.toISOString() ?? null,
    lastEventAt: r.last_event_at?.toISOString() ?? null,
    todayCount: toInt(r.today_count),
    todayAmount: toInt(r.today_amount),
    pendingCount: toInt(r.pending_count),
    pendingAmount: toInt(r.pending_amount),
    deadLettered: toInt(r.dead_lettered),
  }));
}

/**
 * `storeEvent` for many events in ONE statement (one round trip, one commit): what the
 * group commit of webhooks sends. Ids must be distinct. Events whose stored row this
 * statement's snapshot could not see (inserted by a concurrent transaction meanwhile)
 * are missing from the answer; the caller stores those one by one.
 */
export async function storeEvents(pool: Pool | ClientBase, events: IncomingEvent[]): Promise<Map<string, StoredEvent>> {
  const col = <T>(f: (e: IncomingEvent) => T) => events.map(f);
  const { rows } = await pool.query<{
    inserted: boolean;
    event_id: string;
    type: string;
    disposition: StoredEvent['disposition'];
    reject_reason: string | null;
    store_id: string | null;
    intent_id: string | null;
    status: GatewayEventStatus | null;
    amount: string | null;
    occurred_at: Date;
  }>({
    name: 'gw_store_events',
    text: `WITH input AS (
             -- The bodies arrive as ONE JSON array of the raw webhook bodies (no per-element
             -- array-literal escaping); element n belongs to row n of the columns.
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $8::timestamptz[], $9::text[]) WITH ORDINALITY
               AS t(event_id, type, gateway_intent_id, status, amount, occurred_at, paid_at, failure_reason, n)
               JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS p(payload, n) USING (n)
           ), decided AS (
             SELECT t.*, i.store_id, i.intent_id,
               CASE WHEN t.status IS NULL THEN 'ignored'
                    WHEN i.intent_id IS NULL THEN 'rejected'
                    WHEN t.amount IS DISTINCT FROM i.amount THEN 'rejected'
                    ELSE 'accepted' END AS disposition,
               CASE WHEN t.status IS NULL THEN NULL
                    WHEN i.intent_id IS NULL THEN 'unknown_intent'
                    WHEN t.amount IS DISTINCT FROM i.amount THEN 'amount_mismatch: intent ' || i.amount || ', event ' || coalesce(t.amount::text, 'none')
                    ELSE NULL END AS reject_reason
             FROM input t LEFT JOIN gateway_intents i ON i.gateway_intent_id = t.gateway_intent_id
           ), ins AS (
             INSERT INTO gateway_events (event_id, type, store_id, intent_id, gateway_intent_id, status, amount, occurred_at, disposition, reject_reason, payload)
             SELECT event_id, type, store_id, intent_id, gateway_intent_id, status, amount, occurred_at, disposition, reject_reason, payload
               FROM decided ORDER BY event_id
             ON CONFLICT (event_id) DO NOTHING
             RETURNING event_id, type, store_id, intent_id, status, amount, occurred_at, disposition, reject_reason
           ), moving AS (
             -- One change per intent: if a batch holds two verdicts for it, money arriving wins.
             SELECT DISTINCT ON (ins.store_id, ins.intent_id) ins.store_id, ins.intent_id, ins.status, d.paid_at, d.failure_reason
               FROM ins JOIN decided d USING (event_id)
              WHERE ins.disposition = 'accepted'
              ORDER BY ins.store_id, ins.intent_id, (ins.status = 'succeeded') DESC
           ), moved AS (
             UPDATE gateway_intents g
                SET status = m.status, paid_at = COALESCE(m.paid_at, g.paid_at), failure_reason = m.failure_reason, updated_at = now()
               FROM moving m
              WHERE g.store_id = m.store_id AND g.intent_id = m.intent_id
                AND (g.status = 'awaiting_payment' OR (m.status = 'succeeded' AND g.status <> 'succeeded'))
             RETURNING g.intent_id
           )
           SELECT true AS inserted, ins.* FROM ins
           UNION ALL
           SELECT false, e.event_id, e.type, e.store_id, e.intent_id, e.status, e.amount, e.occurred_at, e.disposition, e.reject_reason
             FROM gateway_events e JOIN input t USING (event_id)
            WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.event_id = e.event_id)`,
    values: [
      col((e) => e.eventId),
      col((e) => e.type),
      col((e) => e.gatewayIntentId),
      col((e) => e.status),
      col((e) => e.amount),
      col((e) => e.occurredAt),
      `[${events.map((e) => e.payloadJson).join(',')}]`,
      col((e) => e.paidAt),
      col((e) => e.failureReason),
    ],
  });
  const out = new Map<string, StoredEvent>();
  for (const r of rows) {
    const event: GatewayEvent | null =
      r.disposition === 'accepted' && r.intent_id && r.status && r.amount !== null
        ? { id: r.event_id, type: r.type, paymentIntentId: r.intent_id, status: r.status, amount: toInt(r.amount), occurredAt: r.occurred_at.toISOString() }
        : null;
    out.set(r.event_id, { inserted: r.inserted, disposition: r.disposition, rejectReason: r.reject_reason, storeId: r.store_id, event });
  }
  return out;
}
