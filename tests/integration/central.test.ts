import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrateCentral } from '../../src/central/db/migrate.js';
import { SEQ_WINDOW } from '../../src/central/db/sync.queries.js';
import { startCentral, type CentralHandle } from '../../src/central/server.js';
import type { CollectionsResponse, StoreSummary } from '../../src/shared/central-projections.js';
import { call } from './support/sync-http.js';
import { createTestDatabase, type TestDatabase } from './support/sync-pg.js';
import { createPool } from '../../src/central/db/pool.js';

const ADMIN_TOKEN = 'head-office-token-for-tests';

let db: TestDatabase;
let central: CentralHandle;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  central = await startCentral({ databaseUrl: db.url, port: 0, adminToken: ADMIN_TOKEN, maxBodyBytes: 256 * 1024 });
  pool = createPool(db.url, 2);
});

afterAll(async () => {
  await pool?.end();
  await central?.close();
  await db?.drop();
});

async function register(storeId: string): Promise<string> {
  const res = await call<{ storeId: string; key: string }>(central.url, 'POST', '/api/v1/stores', { token: ADMIN_TOKEN, body: { storeId, name: `Store ${storeId}` } });
  expect(res.status).toBe(201);
  return res.body.key;
}

const at = (n: number) => new Date(Date.UTC(2026, 2, 2, 1, 0, n)).toISOString();
const note = (seq: number) => ({ seq, type: 'note.added', occurredAt: at(seq), payload: { n: seq } });

function txn(id: string, total: number, paid: number, seq: number) {
  return {
    id,
    customerId: 'cus_1',
    createdBy: 'usr_sales',
    lines: [{ description: 'x', quantity: 1, unitPrice: total, amount: total }],
    total_amount: total,
    paid_amount: paid,
    balance_amount: total - paid,
    payment_status: paid === 0 ? 'unpaid' : paid === total ? 'paid' : 'partial',
    dueDate: null,
    createdAt: at(0),
    updatedAt: at(seq),
  };
}

function settlementEvent(seq: number, o: { id: string; amount: number; method: string; status: 'posted' | 'void'; createdAt: string; txnId: string; txnTotal: number }) {
  const paid = o.status === 'posted' ? o.amount : 0;
  return {
    seq,
    type: o.status === 'posted' ? 'settlement.posted' : 'settlement.voided',
    occurredAt: at(seq),
    payload: {
      settlement: {
        id: o.id,
        or_number: `OR-T-${o.id}`,
        customerId: 'cus_1',
        amount: o.amount,
        tender: { method: o.method, reference: null, tendered: null },
        change: 0,
        creditAmount: 0,
        creditUsed: 0,
        allocations: [{ transactionId: o.txnId, amount: o.amount }],
        status: o.status,
        cashierId: 'usr_cashier',
        createdAt: o.createdAt,
        voidedAt: o.status === 'void' ? at(seq) : null,
        voidReason: o.status === 'void' ? 'wrong tender' : null,
        reprintCount: 0,
      },
      transactions: [txn(o.txnId, o.txnTotal, paid, seq)],
      actorId: 'usr_cashier',
    },
  };
}

const push = (key: string, storeId: string, events: unknown[]) =>
  call<{ ackedThrough: number; error?: { code: string; message: string; details?: unknown } }>(central.url, 'POST', '/api/v1/sync/push', { token: key, body: { storeId, events } });

async function heldSeqs(storeId: string): Promise<number[]> {
  const { rows } = await pool.query<{ seq: string }>('SELECT seq FROM store_events WHERE store_id = $1 ORDER BY seq', [storeId]);
  return rows.map((r) => Number(r.seq));
}

describe('central: stores and keys', () => {
  it('answers health with the database checked', async () => {
    expect(await call(central.url, 'GET', '/api/v1/health')).toEqual({ status: 200, body: { status: 'ok', db: 'ok', gateway: { deadLettered: 0 } } });
  });

  it('registers a store only for head office, shows the key once and keeps only its SHA-256', async () => {
    expect((await call(central.url, 'POST', '/api/v1/stores', { body: { storeId: 'K1', name: 'x' } })).status).toBe(401);
    expect((await call(central.url, 'POST', '/api/v1/stores', { token: 'nope', body: { storeId: 'K1', name: 'x' } })).status).toBe(401);
    const bad = await call<{ error: { code: string } }>(central.url, 'POST', '/api/v1/stores', { token: ADMIN_TOKEN, body: { storeId: 'bad id!', name: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');

    const key = await register('K1');
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    const { rows } = await pool.query<{ key_hash: Buffer }>('SELECT key_hash FROM stores WHERE store_id = $1', ['K1']);
    expect(rows[0]!.key_hash.equals(createHash('sha256').update(key).digest())).toBe(true);
    const everything = JSON.stringify((await pool.query('SELECT * FROM stores')).rows);
    expect(everything).not.toContain(key);

    const again = await call<{ error: { code: string } }>(central.url, 'POST', '/api/v1/stores', { token: ADMIN_TOKEN, body: { storeId: 'K1', name: 'again' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('refuses a wrong key with 401 and another store\'s id with 403, for push and cursor', async () => {
    const a = await register('AUTH_A');
    await register('AUTH_B');
    expect((await call(central.url, 'POST', '/api/v1/sync/push', { body: { storeId: 'AUTH_A', events: [] } })).status).toBe(401);
    expect((await push('not-a-key', 'AUTH_A', [note(1)])).status).toBe(401);
    const other = await push(a, 'AUTH_B', [note(1)]);
    expect(other.status).toBe(403);
    expect(other.body.error?.code).toBe('forbidden');
    expect(await heldSeqs('AUTH_B')).toEqual([]);

    expect((await call(central.url, 'GET', '/api/v1/stores/AUTH_A/cursor', { token: a })).status).toBe(200);
    expect((await call(central.url, 'GET', '/api/v1/stores/AUTH_B/cursor', { token: a })).status).toBe(403);
    expect((await call(central.url, 'GET', '/api/v1/stores/AUTH_A/cursor', { token: 'wrong' })).status).toBe(401);
    // Store keys do not open head-office reads.
    expect((await call(central.url, 'GET', '/api/v1/stores/AUTH_A/summary', { token: a })).status).toBe(401);
    expect((await call(central.url, 'GET', '/api/v1/collections', { token: a })).status).toBe(401);
  });
});

describe('central: push', () => {
  it('validates the batch and stores nothing from a bad one', async () => {
    const key = await register('VAL');
    const cases: [unknown, number, string][] = [
      [{ storeId: 'VAL', events: [{ seq: 0, type: 'x', occurredAt: at(0), payload: {} }] }, 400, 'validation_failed'],
      [{ storeId: 'VAL', events: [{ seq: 1, type: 'x', occurredAt: 'yesterday', payload: {} }] }, 400, 'validation_failed'],
      [{ storeId: 'VAL', events: [note(1), note(1)] }, 400, 'validation_failed'],
      [{ storeId: 'VAL' }, 400, 'validation_failed'],
      [{ storeId: 'VAL', events: [note(1), { seq: 2, type: 'settlement.posted', occurredAt: at(2), payload: { settlement: { id: 'stl_1' } } }] }, 422, 'invalid_payload'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call<{ error: { code: string } }>(central.url, 'POST', '/api/v1/sync/push', { token: key, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    const notJson = await call<{ error: { code: string } }>(central.url, 'POST', '/api/v1/sync/push', { token: key, rawBody: '{"storeId":' });
    expect(notJson.status).toBe(400);
    expect(await heldSeqs('VAL')).toEqual([]);
  });

  it('refuses a body over the size limit with 413 and stores nothing', async () => {
    const key = await register('BIG');
    const events = Array.from({ length: 300 }, (_, i) => ({ ...note(i + 1), payload: { pad: 'x'.repeat(1000) } }));
    const res = await push(key, 'BIG', events);
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('payload_too_large');
    expect(await heldSeqs('BIG')).toEqual([]);
    // The connection stays usable: the next, smaller batch goes through.
    expect((await push(key, 'BIG', events.slice(0, 10))).body.ackedThrough).toBe(10);
  });

  it('holds each seq once: a repeated batch changes nothing and answers the same ackedThrough', async () => {
    const key = await register('ONCE');
    const batch = Array.from({ length: 10 }, (_, i) => note(i + 1));
    expect((await push(key, 'ONCE', batch)).body).toEqual({ ackedThrough: 10 });
    expect((await push(key, 'ONCE', batch)).body).toEqual({ ackedThrough: 10 });
    // Overlapping: 6..15 adds only 11..15.
    expect((await push(key, 'ONCE', Array.from({ length: 10 }, (_, i) => note(i + 6)))).body).toEqual({ ackedThrough: 15 });
    expect(await heldSeqs('ONCE')).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // An empty push is a cursor read.
    expect((await push(key, 'ONCE', [])).body).toEqual({ ackedThrough: 15 });
    expect((await call(central.url, 'GET', '/api/v1/stores/ONCE/cursor', { token: key })).body).toEqual({ ackedThrough: 15 });
  });

  it('stores a batch beyond a gap but keeps the cursor below the gap until it is filled', async () => {
    const key = await register('GAP');
    expect((await push(key, 'GAP', [note(1), note(2), note(3)])).body.ackedThrough).toBe(3);
    expect((await push(key, 'GAP', [note(7), note(8), note(10)])).body.ackedThrough).toBe(3);
    expect(await heldSeqs('GAP')).toEqual([1, 2, 3, 7, 8, 10]);
    expect((await push(key, 'GAP', [note(4), note(5)])).body.ackedThrough).toBe(5);
    // Filling 6 joins the run 7..8 held earlier; 9 is still missing.
    expect((await push(key, 'GAP', [note(6)])).body.ackedThrough).toBe(8);
    expect((await push(key, 'GAP', [note(9)])).body.ackedThrough).toBe(10);
    const { rows } = await pool.query<{ acked_through: string }>('SELECT acked_through FROM store_cursors WHERE store_id = $1', ['GAP']);
    expect(Number(rows[0]!.acked_through)).toBe(10);
  });
});

describe('central: a hub that went back in time', () => {
  it('refuses with 409 seq_conflict a batch whose event differs from the one held at its seq, and stores nothing of it', async () => {
    const key = await register('BACK');
    expect((await push(key, 'BACK', Array.from({ length: 10 }, (_, i) => note(i + 1)))).body).toEqual({ ackedThrough: 10 });
    // 5..12: 5, 6 repeat what is held, 7 is another event under the same seq, 11, 12 are new.
    const restored = [5, 6, 7, 8, 9, 10, 11, 12].map((seq) => (seq === 7 ? { ...note(7), payload: { n: 7, restored: true } } : note(seq)));
    const r = await push(key, 'BACK', restored);
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'seq_conflict', details: { seq: 7, ackedThrough: 10 } });
    expect(r.body.error?.message).toMatch(/seq 7/);
    expect(await heldSeqs('BACK')).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect((await push(key, 'BACK', [])).body).toEqual({ ackedThrough: 10 });
    // Below the cursor too, and for each part of an event: type, time, payload.
    expect((await push(key, 'BACK', [{ ...note(3), type: 'note.changed' }])).body.error).toMatchObject({ code: 'seq_conflict', details: { seq: 3 } });
    expect((await push(key, 'BACK', [{ ...note(2), occurredAt: at(59) }])).body.error).toMatchObject({ code: 'seq_conflict', details: { seq: 2 } });
    // The first conflicting seq of the batch is the one named.
    const two = await push(key, 'BACK', [{ ...note(9), payload: { n: 0 } }, { ...note(4), payload: { n: 0 } }]);
    expect(two.body.error).toMatchObject({ code: 'seq_conflict', details: { seq: 4 } });
    // The same event sent again, its JSON laid out differently, is a plain repeat.
    const same = await push(key, 'BACK', [{ payload: { n: 3 }, occurredAt: at(3), type: 'note.added', seq: 3 }, note(11)]);
    expect(same.status).toBe(200);
    expect(same.body).toEqual({ ackedThrough: 11 });
  });

  it('refuses with 409 seq_out_of_window a batch reaching far past the cursor, and stores nothing of it', async () => {
    const key = await register('FAR');
    expect((await push(key, 'FAR', Array.from({ length: 200 }, (_, i) => note(i + 1)))).body).toEqual({ ackedThrough: 200 });
    const far = await push(key, 'FAR', [note(201), note(1_000_000)]);
    expect(far.status).toBe(409);
    expect(far.body.error).toMatchObject({ code: 'seq_out_of_window', details: { seq: 1_000_000, ackedThrough: 200, window: SEQ_WINDOW } });
    expect(await heldSeqs('FAR')).toHaveLength(200);
    // The edge of the window is still taken (held beyond a gap); one past it is not.
    expect((await push(key, 'FAR', [note(200 + SEQ_WINDOW + 1)])).body.error?.code).toBe('seq_out_of_window');
    expect((await push(key, 'FAR', [note(200 + SEQ_WINDOW)])).body).toEqual({ ackedThrough: 200 });
    expect((await heldSeqs('FAR')).at(-1)).toBe(200 + SEQ_WINDOW);
  });

  it('refuses the second of two side-by-side pushes that bring different events under the same seqs', async () => {
    const key = await register('TWICE');
    const holder = await pool.connect();
    const lockWaits = async () => {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return Number(rows[0]!.n);
    };
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM store_cursors WHERE store_id = $1 FOR UPDATE', ['TWICE']);
      // 1..5 inserted and waiting for the cursor; the other history's 3..8 does not see
      // them yet, and its COPY waits on the uncommitted row 3.
      const first = push(key, 'TWICE', [1, 2, 3, 4, 5].map(note));
      await expect.poll(lockWaits, { timeout: 10_000 }).toBe(1);
      const other = push(key, 'TWICE', [3, 4, 5, 6, 7, 8].map((seq) => ({ ...note(seq), payload: { n: seq, other: true } })));
      await expect.poll(lockWaits, { timeout: 10_000 }).toBe(2);
      await holder.query('COMMIT');
      expect((await first).body).toEqual({ ackedThrough: 5 });
      const refused = await other;
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'seq_conflict', details: { seq: 3 } });
    } finally {
      holder.release();
    }
    expect(await heldSeqs('TWICE')).toEqual([1, 2, 3, 4, 5]);
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM store_events WHERE store_id = 'TWICE' AND payload ? 'other'`);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe('central: projections', () => {
  it('derives settlements, transactions and collections once, and reverses a void', async () => {
    const key = await register('PRJ');
    const day1 = '2026-03-02T03:00:00.000Z'; // 11:00 in Manila
    const lateDay1 = '2026-03-02T15:30:00.000Z'; // 23:30 in Manila: still 2 March there
    const nextDay = '2026-03-02T16:30:00.000Z'; // 00:30 on 3 March in Manila
    const events = [
      settlementEvent(1, { id: 'S1', amount: 10_000, method: 'cash', status: 'posted', createdAt: day1, txnId: 'T1', txnTotal: 10_000 }),
      settlementEvent(2, { id: 'S2', amount: 2_500, method: 'gcash', status: 'posted', createdAt: lateDay1, txnId: 'T2', txnTotal: 5_000 }),
      settlementEvent(3, { id: 'S3', amount: 7_000, method: 'cash', status: 'posted', createdAt: nextDay, txnId: 'T3', txnTotal: 7_000 }),
      settlementEvent(4, { id: 'S1', amount: 10_000, method: 'cash', status: 'void', createdAt: day1, txnId: 'T1', txnTotal: 10_000 }),
    ];
    // S3 first, beyond a gap; then all four, of which S3 is already held: it is skipped,
    // not inserted or projected twice.
    expect((await push(key, 'PRJ', [events[2]!])).body.ackedThrough).toBe(0);
    expect((await push(key, 'PRJ', events)).body.ackedThrough).toBe(4);
    // Re-pushing everything (a retry after a lost answer) must not count anything twice.
    expect((await push(key, 'PRJ', events)).body.ackedThrough).toBe(4);

    const summary = await call<StoreSummary>(central.url, 'GET', '/api/v1/stores/PRJ/summary', { token: ADMIN_TOKEN });
    expect(summary.status).toBe(200);
    expect(summary.body.settlements).toEqual({ postedCount: 2, postedAmount: 9_500, voidCount: 1, voidAmount: 10_000 });
    expect(summary.body.transactions).toEqual({ count: 3, voidCount: 0, totalAmount: 22_000, paidAmount: 9_500, balanceAmount: 12_500 });

    const col = await call<CollectionsResponse>(central.url, 'GET', '/api/v1/collections?storeId=PRJ', { token: ADMIN_TOKEN });
    expect(col.body.items).toEqual([
      { businessDate: '2026-03-02', tenderMethod: 'cash', stores: 1, postedCount: 1, postedAmount: 10_000, voidedCount: 1, voidedAmount: 10_000, netAmount: 0 },
      { businessDate: '2026-03-02', tenderMethod: 'gcash', stores: 1, postedCount: 1, postedAmount: 2_500, voidedCount: 0, voidedAmount: 0, netAmount: 2_500 },
      { businessDate: '2026-03-03', tenderMethod: 'cash', stores: 1, postedCount: 1, postedAmount: 7_000, voidedCount: 0, voidedAmount: 0, netAmount: 7_000 },
    ]);
    expect(col.body.totals.netAmount).toBe(9_500);

    const list = await call<{ items: { id: string; status: string; businessDate: string }[]; nextCursor: string | null }>(
      central.url, 'GET', '/api/v1/stores/PRJ/settlements?limit=2', { token: ADMIN_TOKEN },
    );
    expect(list.body.items.map((s) => [s.id, s.status, s.businessDate])).toEqual([['S3', 'posted', '2026-03-03'], ['S2', 'posted', '2026-03-02']]);
    const page2 = await call<{ items: { id: string; status: string }[]; nextCursor: string | null }>(
      central.url, 'GET', `/api/v1/stores/PRJ/settlements?limit=2&cursor=${list.body.nextCursor}`, { token: ADMIN_TOKEN },
    );
    expect(page2.body.items.map((s) => [s.id, s.status])).toEqual([['S1', 'void']]);
    expect(page2.body.nextCursor).toBeNull();
    const voided = await call<{ items: { id: string }[] }>(central.url, 'GET', '/api/v1/stores/PRJ/settlements?status=void', { token: ADMIN_TOKEN });
    expect(voided.body.items.map((s) => s.id)).toEqual(['S1']);
    const txns = await call<{ items: { id: string; payment_status: string; paid_amount: number }[] }>(
      central.url, 'GET', '/api/v1/stores/PRJ/transactions?status=unpaid', { token: ADMIN_TOKEN },
    );
    expect(txns.body.items.map((t) => [t.id, t.payment_status, t.paid_amount])).toEqual([['T1', 'unpaid', 0]]);
    expect((await call(central.url, 'GET', '/api/v1/stores/PRJ/settlements?cursor=garbage', { token: ADMIN_TOKEN })).status).toBe(400);
    expect((await call(central.url, 'GET', '/api/v1/stores/NOPE/summary', { token: ADMIN_TOKEN })).status).toBe(404);
    expect((await call(central.url, 'GET', '/api/v1/stores/%E0%A4%A/summary', { token: ADMIN_TOKEN })).status).toBe(400);
  });

  it('stores projected text as sent: quotes, backslashes, commas, braces and the word NULL', async () => {
    const key = await register('TXT');
    const createdAt = '2026-03-06T02:00:00.000Z';
    const awkward = 'He said "no", \\ {then} left\\';
    const posted = settlementEvent(1, { id: 'S"1\\', amount: 1_500, method: 'check', status: 'posted', createdAt, txnId: 'T,{1}', txnTotal: 1_500 });
    posted.payload.settlement.tender.reference = 'NULL' as unknown as null;
    const voided = settlementEvent(2, { id: 'S"1\\', amount: 1_500, method: 'check', status: 'void', createdAt, txnId: 'T,{1}', txnTotal: 1_500 });
    voided.payload.settlement.voidReason = awkward;
    voided.payload.settlement.tender.reference = 'NULL' as unknown as null;
    expect((await push(key, 'TXT', [posted, voided])).body.ackedThrough).toBe(2);
    const { rows } = await pool.query<{ settlement_id: string; tender_reference: string | null; void_reason: string | null; status: string }>(
      'SELECT settlement_id, tender_reference, void_reason, status FROM settlements WHERE store_id = $1',
      ['TXT'],
    );
    expect(rows).toEqual([{ settlement_id: 'S"1\\', tender_reference: 'NULL', void_reason: awkward, status: 'void' }]);
    const t = await pool.query<{ transaction_id: string }>('SELECT transaction_id FROM transactions WHERE store_id = $1', ['TXT']);
    expect(t.rows.map((r) => r.transaction_id)).toEqual(['T,{1}']);
  });

  it('keeps the latest state whatever order events arrive in (a void held beyond a gap)', async () => {
    const key = await register('ORD');
    const createdAt = '2026-03-05T02:00:00.000Z';
    // seq 2 (the void) arrives first, beyond the gap; seq 1 (the posting) later.
    await push(key, 'ORD', [settlementEvent(2, { id: 'S', amount: 4_000, method: 'card', status: 'void', createdAt, txnId: 'T', txnTotal: 4_000 })]);
    expect((await push(key, 'ORD', [settlementEvent(1, { id: 'S', amount: 4_000, method: 'card', status: 'posted', createdAt, txnId: 'T', txnTotal: 4_000 })])).body.ackedThrough).toBe(2);
    const summary = await call<StoreSummary>(central.url, 'GET', '/api/v1/stores/ORD/summary', { token: ADMIN_TOKEN });
    expect(summary.body.settlements).toEqual({ postedCount: 0, postedAmount: 0, voidCount: 1, voidAmount: 4_000 });
    expect(summary.body.transactions.paidAmount).toBe(0);
    const col = await call<CollectionsResponse>(central.url, 'GET', '/api/v1/collections?storeId=ORD', { token: ADMIN_TOKEN });
    expect(col.body.totals).toEqual({ postedCount: 1, postedAmount: 4_000, voidedCount: 1, voidedAmount: 4_000, netAmount: 0 });
  });

  it('keeps two stores apart when they push at the same time, and sums them across stores', async () => {
    const keys = { X1: await register('X1'), X2: await register('X2') };
    const createdAt = '2026-04-01T02:00:00.000Z';
    const batches = (storeId: 'X1' | 'X2', amount: number) =>
      Array.from({ length: 10 }, (_, b) =>
        Array.from({ length: 20 }, (_, i) => {
          const seq = b * 20 + i + 1;
          return settlementEvent(seq, { id: `${storeId}-S${seq}`, amount, method: 'maya', status: 'posted', createdAt, txnId: `${storeId}-T${seq}`, txnTotal: amount });
        }),
      );
    // Both stores use the same seqs 1..200 and push concurrently, batches in any order.
    const all = [...batches('X1', 100), ...batches('X2', 300)].map((events) => ({ events, storeId: events[0]!.payload.settlement.id.slice(0, 2) as 'X1' | 'X2' }));
    all.sort(() => Math.random() - 0.5);
    await Promise.all(all.map((b) => push(keys[b.storeId], b.storeId, b.events)));
    for (const [storeId, amount] of [['X1', 100], ['X2', 300]] as const) {
      const res = await call<{ ackedThrough: number }>(central.url, 'GET', `/api/v1/stores/${storeId}/cursor`, { token: keys[storeId] });
      expect(res.body.ackedThrough).toBe(200);
      const s = await call<StoreSummary>(central.url, 'GET', `/api/v1/stores/${storeId}/summary`, { token: ADMIN_TOKEN });
      expect(s.body.events).toBe(200);
      expect(s.body.settlements.postedAmount).toBe(200 * amount);
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM settlements WHERE store_id = $1 AND settlement_id NOT LIKE $2`, [storeId, `${storeId}-%`]);
      expect(Number(rows[0]!.n)).toBe(0);
    }
    const across = await call<CollectionsResponse>(central.url, 'GET', '/api/v1/collections?from=2026-04-01&to=2026-04-01', { token: ADMIN_TOKEN });
    expect(across.body.items).toEqual([
      { businessDate: '2026-04-01', tenderMethod: 'maya', stores: 2, postedCount: 400, postedAmount: 80_000, voidedCount: 0, voidedAmount: 0, netAmount: 80_000 },
    ]);
  });

  it('carries the cursor past both of two pushes that insert side by side, whichever takes the cursor last', async () => {
    const key = await register('SIDE');
    const createdAt = '2026-05-02T02:00:00.000Z';
    const ev = (seq: number, method: string) =>
      settlementEvent(seq, { id: `S${seq}`, amount: 1_000, method, status: 'posted', createdAt, txnId: `T${seq}`, txnTotal: 1_000 });
    // Hold the store's cursor row, so both pushes insert and project, then wait for it
    // with their rows uncommitted and invisible to each other. (Different tenders: pushes
    // adding to the same collections row wait for each other there instead.)
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM store_cursors WHERE store_id = $1 FOR UPDATE', ['SIDE']);
      const waiting = async () => {
        const { rows } = await pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'`,
        );
        return Number(rows[0]!.n);
      };
      // The later batch queues for the cursor first (row locks are granted in order), so it
      // walks the cursor while the earlier batch's rows are still invisible to it.
      const later = push(key, 'SIDE', [6, 7, 8, 9, 10].map((s) => ev(s, 'gcash')));
      await expect.poll(waiting, { timeout: 10_000 }).toBe(1);
      const earlier = push(key, 'SIDE', [1, 2, 3, 4, 5].map((s) => ev(s, 'cash')));
      await expect.poll(waiting, { timeout: 10_000 }).toBe(2);
      await holder.query('COMMIT');
      // Seq 1 was not yet held when the later batch took the cursor; the earlier batch,
      // taking it last, saw the later one's committed rows and carried it through both.
      expect((await later).body.ackedThrough).toBe(0);
      expect((await earlier).body.ackedThrough).toBe(10);
    } finally {
      holder.release();
    }
    expect(await heldSeqs('SIDE')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const s = await call<StoreSummary>(central.url, 'GET', '/api/v1/stores/SIDE/summary', { token: ADMIN_TOKEN });
    expect(s.body.ackedThrough).toBe(10);
    expect(s.body.settlements).toEqual({ postedCount: 10, postedAmount: 10_000, voidCount: 0, voidAmount: 0 });
    const col = await call<CollectionsResponse>(central.url, 'GET', '/api/v1/collections?storeId=SIDE', { token: ADMIN_TOKEN });
    expect(col.body.items.map((i) => [i.tenderMethod, i.postedCount])).toEqual([['cash', 5], ['gcash', 5]]);
  });

  it('runs a push again when another inserted some of its events meanwhile, and counts them once', async () => {
    const key = await register('AGAIN');
    const createdAt = '2026-05-03T02:00:00.000Z';
    const ev = (seq: number) =>
      settlementEvent(seq, { id: `S${seq}`, amount: 1_000, method: 'cash', status: 'posted', createdAt, txnId: `T${seq}`, txnTotal: 1_000 });
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM store_cursors WHERE store_id = $1 FOR UPDATE', ['AGAIN']);
      const lockWaits = async () => {
        const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        return Number(rows[0]!.n);
      };
      // 1..5 inserted and waiting for the cursor; 3..8 then finds 3 not yet held, and its
      // COPY waits on the first push's uncommitted row 3, to be refused once that commits.
      const first = push(key, 'AGAIN', [1, 2, 3, 4, 5].map(ev));
      await expect.poll(lockWaits, { timeout: 10_000 }).toBe(1);
      const overlapping = push(key, 'AGAIN', [3, 4, 5, 6, 7, 8].map(ev));
      await expect.poll(lockWaits, { timeout: 10_000 }).toBe(2);
      await holder.query('COMMIT');
      expect((await first).body.ackedThrough).toBe(5);
      const again = await overlapping;
      expect(again.status).toBe(200);
      expect(again.body.ackedThrough).toBe(8);
    } finally {
      holder.release();
    }
    expect(await heldSeqs('AGAIN')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const s = await call<StoreSummary>(central.url, 'GET', '/api/v1/stores/AGAIN/summary', { token: ADMIN_TOKEN });
    expect(s.body.settlements).toEqual({ postedCount: 8, postedAmount: 8_000, voidCount: 0, voidAmount: 0 });
    const col = await call<CollectionsResponse>(central.url, 'GET', '/api/v1/collections?storeId=AGAIN', { token: ADMIN_TOKEN });
    expect(col.body.totals.postedCount).toBe(8);
  });

  it('counts each event once when two central instances take racing pushes of the same store', async () => {
    const second = await startCentral({ databaseUrl: db.url, port: 0, adminToken: ADMIN_TOKEN });
    try {
      const key = await register('RACE');
      const createdAt = '2026-05-01T02:00:00.000Z';
      const events = Array.from({ length: 300 }, (_, i) =>
        settlementEvent(i + 1, { id: `S${i + 1}`, amount: 1_000, method: 'check', status: 'posted', createdAt, txnId: `T${i + 1}`, txnTotal: 1_000 }),
      );
      // Overlapping windows, each sent to both instances at once.
      const windows = Array.from({ length: 6 }, (_, w) => events.slice(w * 40, w * 40 + 80));
      const results = await Promise.all(
        windows.flatMap((w) => [central.url, second.url].map((url) => call<{ ackedThrough: number }>(url, 'POST', '/api/v1/sync/push', { token: key, body: { storeId: 'RACE', events: w } }))),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      await push(key, 'RACE', events);
      const s = await call<StoreSummary>(central.url, 'GET', '/api/v1/stores/RACE/summary', { token: ADMIN_TOKEN });
      expect(s.body.ackedThrough).toBe(300);
      expect(s.body.events).toBe(300);
      expect(s.body.settlements).toEqual({ postedCount: 300, postedAmount: 300_000, voidCount: 0, voidAmount: 0 });
      const col = await call<CollectionsResponse>(central.url, 'GET', '/api/v1/collections?storeId=RACE', { token: ADMIN_TOKEN });
      expect(col.body.totals.postedCount).toBe(300);
      expect(col.body.totals.postedAmount).toBe(300_000);
    } finally {
      await second.close();
    }
  });
});

describe('central: migrations', () => {
  it('applies once, and refuses a database newer than the build', async () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(await migrateCentral(pool)).toBe(migrations.length);
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
    expect(Number(rows[0]!.n)).toBe(migrations.length);
    // A build that knows one migration fewer than the database has must not touch it.
    await expect(migrateCentral(pool, migrations.slice(0, -1))).rejects.toThrow(/newer than this build/);
  });

  it('0002 gives every event already held its content hash, the same one a push of that event is compared by', async () => {
    const old = await createTestDatabase('kahera_mig');
    const p = createPool(old.url, 2);
    try {
      const migrations = loadMigrations();
      await migrateCentral(p, migrations.slice(0, 1));
      await p.query(`INSERT INTO stores (store_id, name, key_hash) VALUES ('OLD', 'Old', '\x01')`);
      await p.query(`INSERT INTO store_cursors (store_id, acked_through) VALUES ('OLD', 2)`);
      await p.query(
        `INSERT INTO store_events (store_id, seq, type, occurred_at, payload) VALUES
           ('OLD', 1, 'note.added', '2026-03-02T01:00:01Z', '{"n":1,"a":"x"}'),
           ('OLD', 2, 'note.added', '2026-03-02T01:00:02Z', '{"n":2}')`,
      );
      expect(await migrateCentral(p)).toBe(migrations.length);
      const { rows } = await p.query<{ seq: string; same: boolean }>(
        `SELECT seq, content_hash = store_event_hash(type, occurred_at, payload) AS same FROM store_events ORDER BY seq`,
      );
      expect(rows.map((r) => [Number(r.seq), r.same])).toEqual([[1, true], [2, true]]);
      // Hashed the way an incoming event is: key order and time zone notation do not matter.
      const c = await p.connect();
      try {
        await c.query(`SET TIME ZONE 'Asia/Manila'`);
        const { rows: incoming } = await c.query<{ same: boolean }>(
          `SELECT content_hash = store_event_hash('note.added', '2026-03-02T09:00:01+08:00', '{"a": "x", "n": 1}') AS same FROM store_events WHERE seq = 1`,
        );
        expect(incoming[0]!.same).toBe(true);
      } finally {
        c.release();
      }
      // And still append-only.
      await expect(p.query(`UPDATE store_events SET payload = '{}' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    } finally {
      await p.end();
      await old.drop();
    }
  });
});
