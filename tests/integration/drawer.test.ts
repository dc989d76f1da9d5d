import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cash, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';

// The cash drawer and the settle endpoint's Idempotency-Key over real HTTP: what a
// cashier and an admin notice at the counter.

let h: TestHub;
let sales: Staff;
let cashier: Staff;

beforeAll(async () => {
  h = await startTestHub();
  sales = await h.staff('sales', 'drawer-sales');
  cashier = await h.staff('cashier', 'drawer-cashier');
});
afterAll(async () => h?.close());

const errorOf = (r: Json) => r.body?.error?.code as string;

describe('Idempotency-Key on POST /settlements', () => {
  it('accepts any 1–255 printable ASCII characters, spaces and punctuation included', async () => {
    const c = await h.customer(sales.token);
    await h.transaction(sales.token, c, 100_00);
    for (const key of ['k', '7', 'a b', '{"x":1}', '~!@#$%^&*()', 'x'.repeat(255), `uuid ${crypto.randomUUID()}`]) {
      const r = await h.settle(cashier.token, cash(c, 1_00), key);
      expect([key, r.status]).toEqual([key, 201]);
      const again = await h.settle(cashier.token, cash(c, 1_00), key);
      expect([key, again.status, again.headers.get('idempotent-replayed')]).toEqual([key, 201, 'true']);
      expect(again.body.settlement.or_number).toBe(r.body.settlement.or_number);
    }
  });

  it('refuses a missing, empty, too long or non-printable key with a 400 that says so, and issues no OR', async () => {
    const c = await h.customer(sales.token);
    await h.transaction(sales.token, c, 100_00);
    const before = h.hub.store.q.orSeries.peek()!.last_number;
    const message = 'Idempotency-Key header must be 1–255 characters';
    for (const headers of [{ 'idempotency-key': '' }, { 'idempotency-key': 'x'.repeat(256) }, { 'idempotency-key': 'tab\there' }, { 'idempotency-key': 'caf\u00e9' }]) {
      const r = await h.api('POST', '/api/v1/settlements', { token: cashier.token, body: cash(c, 1_00), headers });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('bad_request');
      expect(r.body.error.message).toContain(message);
      expect(r.body.error.message).not.toMatch(/too small|too big|body/i);
    }
    const none = await h.api('POST', '/api/v1/settlements', { token: cashier.token, body: cash(c, 1_00) });
    expect([none.status, errorOf(none)]).toEqual([400, 'bad_request']);
    expect(none.body.error.message).toContain('Idempotency-Key');
    expect(h.hub.store.q.orSeries.peek()!.last_number).toBe(before);
  });
});
