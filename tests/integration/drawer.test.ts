import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import { cash, feed, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';
import { Terminal } from './support/hub-terminal.js';

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

let n = 0;
/** A new cashier with its own open shift holding `float` centavos. */
async function cashierWithShift(float: number): Promise<Staff & { shiftId: string }> {
  n += 1;
  const username = `till-${n}`;
  const r = await h.api('POST', '/api/v1/staff', { token: h.admin.token, body: { username, password: `${username}-password`, role: 'cashier', displayName: `Till ${n}` } });
  expect(r.status).toBe(201);
  const who = await h.login(username, `${username}-password`);
  expect((await h.api('POST', '/api/v1/registers', { token: h.admin.token, body: { code: `T${n}`, name: `Till ${n}` } })).status).toBe(201);
  const open = await h.api('POST', '/api/v1/shifts', { token: who.token, body: { counter: `T${n}`, openingFloat: float } });
  expect(open.status).toBe(201);
  return { ...who, shiftId: open.body.shift.id };
}

const drawer = (who: Staff, shiftId: string, kind: 'paid_in' | 'paid_out', amount: number, reason = 'ice') =>
  h.api('POST', `/api/v1/shifts/${shiftId}/drawer`, { token: who.token, body: { kind, amount, reason } });
const askPaidOut = (who: Staff, shiftId: string, amount: number, reason = 'supplier COD') =>
  h.api('POST', `/api/v1/shifts/${shiftId}/paid-out-requests`, { token: who.token, body: { amount, reason } });
const expectedCash = async (shiftId: string): Promise<number> =>
  (await h.api('GET', `/api/v1/shifts/${shiftId}`, { token: h.admin.token })).body.drawer.expectedCash;
const setLimit = async (paidOutApprovalLimit: number) => {
  const current = (await h.api('GET', '/api/v1/backoffice/settings', { token: h.admin.token })).body.settings;
  const r = await h.api('PUT', '/api/v1/backoffice/settings', { token: h.admin.token, body: { ...current, paidOutApprovalLimit } });
  expect(r.status).toBe(200);
  return r;
};

describe('the drawer never goes below zero', () => {
  it('a paid-out of one centavo more than the drawer holds is refused (422) and changes nothing; the close then balances', async () => {
    const till = await cashierWithShift(50_00);
    const c = await h.customer(sales.token);
    await h.transaction(sales.token, c, 30_00);
    expect((await h.settle(till.token, cash(c, 30_00))).status).toBe(201);
    const over = await drawer(till, till.shiftId, 'paid_out', 80_01);
    expect(over.status).toBe(422);
    expect(over.body).toEqual({ error: { code: 'insufficient_cash', message: expect.any(String) } });
    // The close is a blind count: the refusal does not tell the cashier what the drawer holds.
    expect(over.body.error.message).not.toContain('80.00');
    expect((await h.api('GET', `/api/v1/shifts/${till.shiftId}/drawer`, { token: till.token })).body.movements).toEqual([]);
    expect((await drawer(till, till.shiftId, 'paid_out', 80_00)).status).toBe(201);
    expect(await expectedCash(till.shiftId)).toBe(0);
    const close = await h.api('POST', `/api/v1/shifts/${till.shiftId}/close`, { token: till.token, body: { countedCash: 0 } });
    expect(close.body).toMatchObject({ expectedCash: 0, countedCash: 0, overShort: 0 });
  });

  it('paid-outs sent at the same moment never take the drawer below zero together', async () => {
    const till = await cashierWithShift(500_00);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => drawer(till, till.shiftId, 'paid_out', 150_00, `race ${i}`)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 422, 422, 422, 422, 422]);
    expect(await expectedCash(till.shiftId)).toBe(50_00);
  });

  it('an admin is told the figure; a paid-in makes room again', async () => {
    const till = await cashierWithShift(10_00);
    const r = await drawer(h.admin, till.shiftId, 'paid_out', 10_01);
    expect([r.status, errorOf(r), r.body.error.details]).toEqual([422, 'insufficient_cash', { expectedCash: 10_00 }]);
    expect(r.body.error.message).toContain('₱10.00');
    expect((await drawer(till, till.shiftId, 'paid_in', 5_00)).status).toBe(201);
    expect((await drawer(h.admin, till.shiftId, 'paid_out', 15_00)).status).toBe(201);
    expect(await expectedCash(till.shiftId)).toBe(0);
  });

  it('a cash refund cannot take more out of a drawer than it holds', async () => {
    const till = await cashierWithShift(0);
    const c = await h.customer(sales.token);
    await h.transaction(sales.token, c, 100_00);
    const s = await h.settle(till.token, cash(c, 100_00));
    expect((await drawer(till, till.shiftId, 'paid_out', 60_00)).status).toBe(201);
    const refund = (amount: number) =>
      h.api('POST', `/api/v1/settlements/${s.body.settlement.id}/refunds`, { token: h.admin.token, body: { amount, method: 'cash', reason: 'returned', shiftId: till.shiftId } });
    const r = await refund(40_01);
    expect([r.status, errorOf(r)]).toEqual([422, 'insufficient_cash']);
    expect((await refund(40_00)).status).toBe(201);
    expect(await expectedCash(till.shiftId)).toBe(0);
  });

  it('a cash receipt paid out since cannot be voided in its open shift (422, still valid); a paid-in makes room; a GCash one never was in the drawer', async () => {
    const till = await cashierWithShift(0);
    const c = await h.customer(sales.token);
    await h.transaction(sales.token, c, 300_00);
    const s = await h.settle(till.token, cash(c, 100_00));
    const g = await h.settle(till.token, { customerId: c, amount: 50_00, tender: { method: 'gcash', reference: 'GC-123456' }, allocation: { strategy: 'oldest_first' } });
    expect([s.status, g.status]).toEqual([201, 201]);
    expect((await drawer(till, till.shiftId, 'paid_out', 30_00)).status).toBe(201);
    const voidIt = (id: string) => h.api('POST', `/api/v1/settlements/${id}/void`, { token: h.admin.token, body: { reason: 'wrong customer' } });
    const refused = await voidIt(s.body.settlement.id);
    expect([refused.status, errorOf(refused)]).toEqual([422, 'insufficient_cash']);
    expect(refused.body.error.message).toMatch(/₱70\.00.*₱100\.00 would take it below zero/);
    expect((await h.api('GET', `/api/v1/settlements/${s.body.settlement.id}`, { token: h.admin.token })).body.settlement.status).toBe('posted');
    expect(await expectedCash(till.shiftId)).toBe(70_00);
    // The GCash receipt's money never was in the drawer: its void does not touch it.
    expect((await voidIt(g.body.settlement.id)).status).toBe(200);
    expect((await drawer(till, till.shiftId, 'paid_in', 30_00)).status).toBe(201);
    expect((await voidIt(s.body.settlement.id)).status).toBe(200);
    expect(await expectedCash(till.shiftId)).toBe(0);
  });
});

describe('paid-outs above the store limit need an admin (the void-request flow)', () => {
  it('the limit is a store setting every terminal reads; it is validated and kept when a client omits it', async () => {
    const shown = (await h.api('GET', '/api/v1/backoffice/settings', { token: cashier.token })).body.settings;
    expect(shown.paidOutApprovalLimit).toBe(1_000_00);
    for (const bad of [-1, 10.5, '100']) {
      const r = await h.api('PUT', '/api/v1/backoffice/settings', { token: h.admin.token, body: { ...shown, paidOutApprovalLimit: bad } });
      expect([r.status, errorOf(r)]).toEqual([400, 'validation_failed']);
    }
    await setLimit(700_00);
    const { paidOutApprovalLimit: _, ...older } = shown;
    expect((await h.api('PUT', '/api/v1/backoffice/settings', { token: h.admin.token, body: older })).status).toBe(200);
    expect((await h.api('GET', '/api/v1/backoffice/settings', { token: cashier.token })).body.settings.paidOutApprovalLimit).toBe(700_00);
    await setLimit(1_000_00);
  });

  it('over the limit: 422 approval_required; the request waits; the admin approves and the paid-out is recorded with both names', async () => {
    const till = await cashierWithShift(5_000_00);
    const other = await cashierWithShift(5_000_00);
    const admin = await Terminal.connect(h.url, h.admin.token);
    const cashierTerm = await Terminal.connect(h.url, till.token);
    const notices: Record<string, Json[]> = { admin: [], cashier: [] };
    admin.socket.on('paid_out_request_created', (m: Json) => notices.admin!.push(m));
    cashierTerm.socket.on('paid_out_request_decided', (m: Json) => notices.cashier!.push(m));
    try {
      expect((await drawer(till, till.shiftId, 'paid_out', 1_000_00)).status).toBe(201); // at the limit: no approval
      const direct = await drawer(till, till.shiftId, 'paid_out', 1_000_01);
      expect([direct.status, errorOf(direct), direct.body.error.details]).toEqual([422, 'approval_required', { limit: 1_000_00 }]);

      const asked = await askPaidOut(till, till.shiftId, 1_500_00, 'supplier COD: bond paper');
      expect(asked.status).toBe(201);
      const req = asked.body.request;
      expect(req).toMatchObject({ shiftId: till.shiftId, counter: expect.any(String), amount: 1_500_00, requestedBy: till.id, status: 'pending', decidedBy: null, movementId: null });
      expect(await expectedCash(till.shiftId)).toBe(4_000_00); // nothing leaves the drawer while it waits
      const second = await askPaidOut(till, till.shiftId, 1_200_00);
      expect([second.status, errorOf(second)]).toEqual([409, 'conflict']);

      // Scope: admins and the cashier who asked; no one else.
      const pending = (await h.api('GET', '/api/v1/paid-out-requests?status=pending', { token: h.admin.token })).body.items;
      expect(pending.map((r: Json) => r.id)).toContain(req.id);
      expect((await h.api('GET', '/api/v1/paid-out-requests', { token: till.token })).body.items.map((r: Json) => r.id)).toEqual([req.id]);
      expect((await h.api('GET', '/api/v1/paid-out-requests', { token: other.token })).body.items).toEqual([]);
      expect((await h.api('GET', `/api/v1/paid-out-requests/${req.id}`, { token: other.token })).status).toBe(404);
      expect((await askPaidOut(other, till.shiftId, 1_500_00)).status).toBe(404);
      expect((await h.api('POST', `/api/v1/paid-out-requests/${req.id}/approve`, { token: till.token })).status).toBe(403);
      expect((await askPaidOut(h.admin, till.shiftId, 1_500_00)).status).toBe(403);

      const approved = await h.api('POST', `/api/v1/paid-out-requests/${req.id}/approve`, { token: h.admin.token });
      expect(approved.status).toBe(200);
      expect(approved.body.request).toMatchObject({ id: req.id, status: 'approved', decidedBy: h.admin.id, movementId: approved.body.movement.id });
      expect(approved.body.movement).toMatchObject({ kind: 'paid_out', amount: 1_500_00, actorId: till.id, approvedBy: h.admin.id, reason: 'supplier COD: bond paper' });
      expect(await expectedCash(till.shiftId)).toBe(2_500_00);
      const again = await h.api('POST', `/api/v1/paid-out-requests/${req.id}/approve`, { token: h.admin.token });
      expect([again.status, errorOf(again)]).toEqual([409, 'conflict']);
      expect(await expectedCash(till.shiftId)).toBe(2_500_00);

      // Audited: the ask, the decision and the movement are events, in order, in the cashier's own feed too.
      const types = (await feed(h.api, till.token)).events.filter((e: Json) => JSON.stringify(e.payload).includes(till.shiftId)).map((e: Json) => e.type);
      expect(types.slice(-3)).toEqual(['paid_out_request.created', 'drawer.moved', 'paid_out_request.decided']);
      expect((await feed(h.api, other.token)).events.some((e: Json) => e.type.startsWith('paid_out_request'))).toBe(false);
      await expect.poll(() => notices.admin!.map((m) => m.request.id)).toContain(req.id);
      await expect.poll(() => notices.cashier!.map((m) => m.request.status)).toContain('approved');
    } finally {
      admin.close();
      cashierTerm.close();
    }
  });

  it('approval checks the drawer again: a paid-out that no longer fits is refused (422) and the request still waits; a rejection carries its note', async () => {
    const till = await cashierWithShift(2_000_00);
    const over = await askPaidOut(till, till.shiftId, 2_000_01);
    expect([over.status, errorOf(over)]).toEqual([422, 'insufficient_cash']);
    const req = (await askPaidOut(till, till.shiftId, 1_500_00)).body.request;
    expect((await drawer(till, till.shiftId, 'paid_out', 900_00)).status).toBe(201);
    const approve = await h.api('POST', `/api/v1/paid-out-requests/${req.id}/approve`, { token: h.admin.token });
    expect([approve.status, errorOf(approve), approve.body.error.details]).toEqual([422, 'insufficient_cash', { expectedCash: 1_100_00 }]);
    expect((await h.api('GET', `/api/v1/paid-out-requests/${req.id}`, { token: till.token })).body.request.status).toBe('pending');
    expect(await expectedCash(till.shiftId)).toBe(1_100_00);
    const bad = await h.api('POST', `/api/v1/paid-out-requests/${req.id}/reject`, { token: h.admin.token, body: { note: '' } });
    expect([bad.status, errorOf(bad)]).toEqual([400, 'validation_failed']);
    const rejected = await h.api('POST', `/api/v1/paid-out-requests/${req.id}/reject`, { token: h.admin.token, body: { note: 'Pay the supplier by bank transfer.' } });
    expect(rejected.body.request).toMatchObject({ status: 'rejected', decisionNote: 'Pay the supplier by bank transfer.', decidedBy: h.admin.id, movementId: null });
    expect((await h.api('GET', `/api/v1/paid-out-requests/${req.id}`, { token: till.token })).body.request.decisionNote).toBe('Pay the supplier by bank transfer.');
    expect((await askPaidOut(till, till.shiftId, 1_000_00)).status).toBe(201); // the shift may ask again
  });

  it('closing the shift cancels a request still waiting; a closed shift can neither ask nor be paid out', async () => {
    const till = await cashierWithShift(3_000_00);
    const req = (await askPaidOut(till, till.shiftId, 2_000_00)).body.request;
    const close = await h.api('POST', `/api/v1/shifts/${till.shiftId}/close`, { token: till.token, body: { countedCash: 3_000_00 } });
    expect(close.body).toMatchObject({ expectedCash: 3_000_00, overShort: 0 });
    expect((await h.api('GET', `/api/v1/paid-out-requests/${req.id}`, { token: till.token })).body.request).toMatchObject({ status: 'cancelled', decisionNote: expect.any(String) });
    const approve = await h.api('POST', `/api/v1/paid-out-requests/${req.id}/approve`, { token: h.admin.token });
    expect([approve.status, errorOf(approve)]).toEqual([409, 'conflict']);
    expect([(await askPaidOut(till, till.shiftId, 2_000_00)).status, (await drawer(h.admin, till.shiftId, 'paid_out', 1_00)).status]).toEqual([409, 409]);
    expect(auditStore(h.hub.store.db).problems).toEqual([]);
  });
});

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
    const before = h.hub.store.q.registers.series('reg_c1', 'or')!.last_number;
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
    expect(h.hub.store.q.registers.series('reg_c1', 'or')!.last_number).toBe(before);
  });
});
