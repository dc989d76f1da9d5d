import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cash, idemKey, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';
import { Terminal } from './support/hub-terminal.js';

// Settling through the HTTP API: retries, races between cashiers, previews, receipts,
// the customer ledger and never-stale reads.

let h: TestHub;
let sales: Staff;
let cashiers: Staff[];
let admin: Terminal;

beforeAll(async () => {
  h = await startTestHub();
  sales = await h.staff('sales', 'sales-1');
  cashiers = [];
  for (let i = 0; i < 4; i++) cashiers.push(await h.staff('cashier', `cashier-${i}`));
  admin = await Terminal.connect(h.url, h.admin.token);
});

afterAll(async () => {
  admin?.close();
  await h?.close();
});

describe('Idempotency-Key on POST /settlements', () => {
  it('a retried request returns the first answer and never issues a second OR, even when the retries race', async () => {
    const c = await h.customer(sales.token);
    const t = await h.transaction(sales.token, c, 1000_00);
    const orBefore = h.hub.store.q.registers.series('reg_c1', 'or')!.last_number;
    const key = idemKey();
    const body = cash(c, 250_00);
    const answers = await Promise.all(Array.from({ length: 6 }, () => h.settle(cashiers[0]!.token, body, key)));
    const later = await h.settle(cashiers[0]!.token, body, key);
    for (const a of [...answers, later]) {
      expect(a.status).toBe(201);
      expect(a.body).toEqual(answers[0]!.body);
    }
    expect([...answers, later].filter((a) => a.headers.get('idempotent-replayed') === 'false')).toHaveLength(1);
    expect(h.hub.store.q.registers.series('reg_c1', 'or')!.last_number).toBe(orBefore + 1);
    const now = await h.api('GET', `/api/v1/transactions/${t.id}`, { token: sales.token });
    expect(now.body.transaction.paid_amount).toBe(250_00);
    await admin.sync();
    expect(admin.updates.filter((u) => u.transactionId === t.id && u.payment_status === 'partial')).toHaveLength(1);
  });

  it('the same key from another cashier is that cashier’s own request', async () => {
    const c = await h.customer(sales.token);
    await h.transaction(sales.token, c, 100_00);
    const key = idemKey();
    const a = await h.settle(cashiers[0]!.token, cash(c, 10_00), key);
    const b = await h.settle(cashiers[1]!.token, cash(c, 10_00), key);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.settlement.or_number).not.toBe(b.body.settlement.or_number);
  });
});

describe('concurrent settlements on one transaction', () => {
  it('never overpay: the late ones see the new balance (409 or 422), paid = what was answered 201', async () => {
    const c = await h.customer(sales.token);
    const t = await h.transaction(sales.token, c, 1000_00);
    const manual = (amount: number) => ({ ...cash(c, amount), allocation: { strategy: 'manual', lines: [{ transactionId: t.id, amount }] } });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.settle(cashiers[i % cashiers.length]!.token, i % 2 ? manual(300_00) : cash(c, 300_00))),
    );
    const ok = answers.filter((a) => a.status === 201);
    expect(ok).toHaveLength(3);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect([409, 422]).toContain(a.status);
      expect(['balance_changed', 'overpayment', 'invalid_allocation']).toContain(a.body.error.code);
    }
    const after = await h.api('GET', `/api/v1/transactions/${t.id}`, { token: h.admin.token });
    expect(after.body.transaction).toMatchObject({ paid_amount: 900_00, balance_amount: 100_00, payment_status: 'partial' });
    // Each success saw the balance left by the one before it.
    const balances = ok.map((a) => a.body.transactions[0].balance_amount).sort((x: number, y: number) => y - x);
    expect(balances).toEqual([700_00, 400_00, 100_00]);
  });
});

describe('preview, void, reprint', () => {
  it('a preview computes the allocation the post makes and writes nothing', async () => {
    const c = await h.customer(sales.token);
    const t1 = await h.transaction(sales.token, c, 300_00);
    const t2 = await h.transaction(sales.token, c, 500_00);
    const before = h.hub.store.lastSeq();
    const body = cash(c, 600_00, { tender: { method: 'cash', tendered: 1000_00 } });
    const p = await h.api('POST', '/api/v1/settlements/preview', { token: cashiers[0]!.token, body });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ allocations: [{ transactionId: t1.id, amount: 300_00 }, { transactionId: t2.id, amount: 300_00 }], change: 400_00, creditAmount: 0 });
    expect(h.hub.store.lastSeq()).toBe(before);
    const s = await h.settle(cashiers[0]!.token, body);
    expect(s.body.settlement.allocations).toEqual(p.body.allocations);
    expect(s.body.settlement.change).toBe(400_00);
  });

  it('an admin void reopens the transaction and keeps the OR; a reprint is counted', async () => {
    const c = await h.customer(sales.token);
    const t = await h.transaction(sales.token, c, 100_00);
    const s = await h.settle(cashiers[2]!.token, cash(c, 100_00));
    const id = s.body.settlement.id;
    const r1 = await h.api('POST', `/api/v1/settlements/${id}/reprint`, { token: cashiers[2]!.token });
    const r2 = await h.api('POST', `/api/v1/settlements/${id}/reprint`, { token: h.admin.token });
    expect([r1.body.settlement.reprintCount, r2.body.settlement.reprintCount]).toEqual([1, 2]);
    expect((await h.api('POST', `/api/v1/settlements/${id}/reprint`, { token: cashiers[3]!.token })).status).toBe(403);
    const v = await h.api('POST', `/api/v1/settlements/${id}/void`, { token: h.admin.token, body: { reason: 'customer changed mind' } });
    expect(v.status).toBe(200);
    expect(v.body.settlement).toMatchObject({ id, or_number: s.body.settlement.or_number, status: 'void', voidReason: 'customer changed mind' });
    expect(v.body.transactions).toEqual([expect.objectContaining({ id: t.id, payment_status: 'unpaid', paid_amount: 0 })]);
    const got = await h.api('GET', `/api/v1/settlements/${id}`, { token: cashiers[2]!.token });
    expect(got.body.settlement.status).toBe('void');
  });
});

describe('never stale reads', () => {
  it('GET /transactions/:id has an ETag; If-None-Match gives 304 until the transaction changes', async () => {
    const c = await h.customer(sales.token);
    const t = await h.transaction(sales.token, c, 100_00);
    const first = await h.api('GET', `/api/v1/transactions/${t.id}`, { token: sales.token });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const same = await h.api('GET', `/api/v1/transactions/${t.id}`, { token: sales.token, headers: { 'if-none-match': inm } });
      expect([inm, same.status, same.body]).toEqual([inm, 304, null]);
      expect(same.headers.get('etag')).toBe(etag);
    }
    await h.settle(cashiers[0]!.token, cash(c, 40_00));
    const changed = await h.api('GET', `/api/v1/transactions/${t.id}`, { token: sales.token, headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.body.transaction.paid_amount).toBe(40_00);
    expect(changed.headers.get('etag')).not.toBe(etag);
    // Someone else's If-None-Match does not open a door: out of scope is still 403.
    const other = await h.staff('sales', 'sales-2');
    expect((await h.api('GET', `/api/v1/transactions/${t.id}`, { token: other.token, headers: { 'if-none-match': '*' } })).status).toBe(403);
  });

  it('GET /health reports the store’s current seq and offline sync state', async () => {
    const r = await h.api('GET', '/api/v1/health');
    expect(r.body).toEqual({
      status: 'ok',
      storeId: 'STORE01',
      version: expect.any(String),
      seq: h.hub.store.lastSeq(),
      sync: expect.objectContaining({ online: false, pending: h.hub.store.lastSeq(), lastSyncedAt: null }),
      gateway: { configured: false, online: false, lastError: null, lastEventAt: null },
    });
  });
});

describe('customers and their ledger', () => {
  it('searches and reads customers; pages the ledger with totals and type filter', async () => {
    const c = await h.customer(sales.token, 'Ledger Test Trading');
    for (let i = 0; i < 5; i++) await h.transaction(sales.token, c, 100_00 + i);
    await h.settle(cashiers[1]!.token, cash(c, 150_00));
    const search = await h.api('GET', '/api/v1/customers?q=Ledger%20Test', { token: cashiers[1]!.token });
    expect(search.body.items.map((x: Json) => x.id)).toEqual([c]);
    expect((await h.api('GET', `/api/v1/customers/${c}`, { token: sales.token })).body.customer.name).toBe('Ledger Test Trading');

    const page1 = await h.api('GET', `/api/v1/customers/${c}/ledger?limit=4`, { token: cashiers[1]!.token });
    expect(page1.body.pagination).toEqual({ total: 7, limit: 4, offset: 0, hasMore: true });
    const page2 = await h.api('GET', `/api/v1/customers/${c}/ledger?limit=4&offset=4`, { token: h.admin.token });
    expect(page2.body.pagination).toEqual({ total: 7, limit: 4, offset: 4, hasMore: false });
    const all = [...page1.body.entries, ...page2.body.entries];
    expect(new Set(all.map((e: Json) => e.id)).size).toBe(7);
    // Newest first, each entry chaining from the one before it.
    for (let i = 0; i + 1 < all.length; i++) expect(all[i].balanceBefore).toBe(all[i + 1].balanceAfter);
    expect(all[0].balanceAfter).toBe(5 * 100_00 + 10 - 150_00);
    const payments = await h.api('GET', `/api/v1/customers/${c}/ledger?type=payment`, { token: h.admin.token });
    expect(payments.body.entries.every((e: Json) => e.type === 'payment' && e.or_number)).toBe(true);
    expect(payments.body.pagination.total).toBe(2);
  });
});
