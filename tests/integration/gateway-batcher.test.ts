import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeEvents, type IncomingEvent } from '../../src/central/db/gateway.queries.js';
import { migrateCentral } from '../../src/central/db/migrate.js';
import { createPool } from '../../src/central/db/pool.js';
import { EventBatcher, type BatcherHooks } from '../../src/central/gateway/batcher.js';
import type { GatewayEvent } from '../../src/shared/gateway.js';
import { createTestDatabase, type TestDatabase } from './support/sync-pg.js';

// The webhook group commit against real Postgres, with the XADD recorded instead of
// sent: what a batch streams (only what its own transaction inserted and accepted, in
// arrival order, once) when another instance's transaction holds the same event id,
// commits it, or rolls it back; and that a 2xx (the promise resolving) comes only after
// the batch's COMMIT.

let db: TestDatabase;
let pool: pg.Pool;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  db = await createTestDatabase('kahera_gwbatch');
  // Central's own pool (its idle clients' errors are handled): the database is dropped
  // WITH (FORCE) at the end, which ends any connection still open.
  pool = createPool(db.url, 6);
  await migrateCentral(pool);
  await pool.query(`INSERT INTO stores (store_id, name, key_hash) VALUES ('B1', 'Batch store', '\\x01')`);
}, 30_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

let n = 0;
async function intent(amount = 1000): Promise<string> {
  const g = `pi_batch_${++n}`;
  await pool.query(
    `INSERT INTO gateway_intents (store_id, intent_id, gateway_intent_id, amount, currency, method, status, expires_at)
     VALUES ('B1', $1, $2, $3, 'PHP', 'qrph', 'awaiting_payment', now() + interval '1 hour')`,
    [`hub_${g}`, g, amount],
  );
  return g;
}

function paid(gatewayIntentId: string, amount = 1000, eventId = `evt_batch_${++n}`): IncomingEvent {
  const payload = { data: { id: eventId, type: 'event', attributes: { type: 'payment.paid', created_at: 1_700_000_000 } } };
  return {
    eventId,
    type: 'payment.paid',
    gatewayIntentId,
    status: 'succeeded',
    amount,
    occurredAt: new Date(1_700_000_000_000),
    paidAt: null,
    failureReason: null,
    payloadJson: JSON.stringify(payload),
  };
}

function recorder() {
  const appended: string[] = [];
  const marked: string[] = [];
  const hooks: BatcherHooks = {
    append: (_storeId: string, event: GatewayEvent) => {
      appended.push(event.id);
      return Promise.resolve(`0-${appended.length}`);
    },
    streamed: (eventId: string) => void marked.push(eventId),
  };
  return { appended, marked, hooks };
}

async function rows(ids: string[]): Promise<number> {
  const { rows: r } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM gateway_events WHERE event_id = ANY($1)', [ids]);
  return Number(r[0]!.n);
}

/** Another instance's transaction that has inserted `events` and not yet committed. */
async function openTransaction(events: IncomingEvent[]) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await storeEvents(client, events);
  return {
    commit: async () => (await client.query('COMMIT'), client.release()),
    rollback: async () => (await client.query('ROLLBACK'), client.release()),
  };
}

/** Resolves once some backend waits on a lock (the batch is blocked behind the open transaction). */
async function someoneWaitsOnALock(): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    const { rows: r } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (Number(r[0]!.n) > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

describe('webhook group commit', () => {
  it('a batch streams each event it inserted once, in arrival order; duplicates in the batch are answered as replays', async () => {
    const { appended, marked, hooks } = recorder();
    const batcher = new EventBatcher(pool, log, hooks);
    const events = await Promise.all([1, 2, 3, 4, 5].map(async () => paid(await intent())));
    // Arrival order differs from event-id order on purpose.
    const arrival = [events[3]!, events[0]!, events[4]!, events[1]!, events[2]!];
    const answers = await Promise.all([...arrival, arrival[0]!, arrival[2]!].map((e) => batcher.store(e)));
    expect(answers.filter((a) => a.inserted)).toHaveLength(5);
    expect(answers.slice(5).every((a) => !a.inserted)).toBe(true);
    expect(appended).toEqual(arrival.map((e) => e.eventId));
    expect(marked.sort()).toEqual(arrival.map((e) => e.eventId).sort());
    expect(await rows(events.map((e) => e.eventId))).toBe(5);
  });

  it('an event another instance holds uncommitted: the batch waits; when it commits, the batch does not stream it again, and streams the rest', async () => {
    const { appended, hooks } = recorder();
    const batcher = new EventBatcher(pool, log, hooks);
    const held = paid(await intent());
    const other = paid(await intent());
    const tx = await openTransaction([held]);
    let answered = false;
    const both = Promise.all([batcher.store(held), batcher.store(other)]).then((r) => ((answered = true), r));
    expect(await someoneWaitsOnALock()).toBe(true);
    expect(answered).toBe(false);
    expect(appended).toEqual([]);
    await tx.commit();
    const [a, b] = await both;
    expect(a).toMatchObject({ inserted: false, disposition: 'accepted' });
    expect(b).toMatchObject({ inserted: true, disposition: 'accepted' });
    expect(appended).toEqual([other.eventId]);
    expect(await rows([held.eventId, other.eventId])).toBe(2);
  });

  it('an event another instance holds and then rolls back: this batch inserts it and streams it', async () => {
    const { appended, hooks } = recorder();
    const batcher = new EventBatcher(pool, log, hooks);
    const held = paid(await intent());
    const tx = await openTransaction([held]);
    const answer = batcher.store(held);
    expect(await someoneWaitsOnALock()).toBe(true);
    await tx.rollback();
    expect(await answer).toMatchObject({ inserted: true, disposition: 'accepted' });
    expect(appended).toEqual([held.eventId]);
    expect(await rows([held.eventId])).toBe(1);
  });

  it('a refused amount and an ignored type are stored, never streamed; each answer comes after its COMMIT (visible to another session)', async () => {
    const { appended, hooks } = recorder();
    const batcher = new EventBatcher(pool, log, hooks);
    const good = paid(await intent(1000));
    const wrong = paid(await intent(1000), 999);
    const ignored: IncomingEvent = { ...paid(await intent()), type: 'source.chargeable', status: null };
    const answers = await Promise.all([good, wrong, ignored].map((e) => batcher.store(e).then(async (stored) => ({ stored, visible: await rows([e.eventId]) }))));
    expect(answers.map((a) => a.stored.disposition)).toEqual(['accepted', 'rejected', 'ignored']);
    expect(answers.map((a) => a.visible)).toEqual([1, 1, 1]);
    expect(appended).toEqual([good.eventId]);
  });

  it('Redis failing the XADD: answered (stored durably), not marked, so the outbox sweep streams it later', async () => {
    const marked: string[] = [];
    const batcher = new EventBatcher(pool, log, { append: () => Promise.resolve(null), streamed: (id) => void marked.push(id) });
    const e = paid(await intent());
    expect(await batcher.store(e)).toMatchObject({ inserted: true, disposition: 'accepted' });
    expect(marked).toEqual([]);
    const { rows: r } = await pool.query<{ streamed_at: Date | null }>('SELECT streamed_at FROM gateway_events WHERE event_id = $1', [e.eventId]);
    expect(r[0]!.streamed_at).toBeNull();
  });
});
