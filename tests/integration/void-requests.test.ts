import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import { cash, feed, startTestHub, type Staff, type TestHub } from './support/hub-harness.js';

// A cashier asks for the void of a receipt it took; an admin approves (the receipt is
// voided then, OR kept) or rejects with a note. Through the real hub.

let h: TestHub;
let sales: Staff;
let cashier: Staff;
let other: Staff;

beforeAll(async () => {
  h = await startTestHub();
  sales = await h.staff('sales', 'vr-sales');
  cashier = await h.staff('cashier', 'vr-cashier');
  other = await h.staff('cashier', 'vr-other');
});

afterAll(async () => {
  await h?.close();
});

/** A 500.00 transaction, settled in full by `by`: returns the settlement and the transaction id. */
async function receipt(by: Staff = cashier) {
  const c = await h.customer(sales.token);
  const t = await h.transaction(sales.token, c, 500_00);
  const r = await h.settle(by.token, cash(c, 500_00));
  expect(r.status).toBe(201);
  return { settlement: r.body.settlement, transactionId: t.id as string, customerId: c };
}

function countRequests(): number {
  return (h.hub.store.db.prepare('SELECT count(*) AS n FROM void_requests').get() as { n: number }).n;
}

describe('cashier void requests', () => {
  it('request → approve voids the settlement: OR kept, status void, transactions reverted, ledger audit OK', async () => {
    const { settlement, transactionId } = await receipt();
    const created = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, {
      token: cashier.token,
      body: { reason: 'Wrong customer' },
    });
    expect(created.status).toBe(201);
    expect(created.body.request).toMatchObject({
      settlementId: settlement.id,
      orNumber: settlement.or_number,
      requestedBy: cashier.id,
      reason: 'Wrong customer',
      status: 'pending',
      decidedBy: null,
    });
    const rid = created.body.request.id;

    // Admin sees it among the pending; the cashier sees its own; another cashier does not.
    const pending = await h.api('GET', '/api/v1/void-requests?status=pending', { token: h.admin.token });
    expect(pending.body.items.map((r: { id: string }) => r.id)).toContain(rid);
    const own = await h.api('GET', '/api/v1/void-requests', { token: cashier.token });
    expect(own.body.items.map((r: { id: string }) => r.id)).toContain(rid);
    const others = await h.api('GET', '/api/v1/void-requests', { token: other.token });
    expect(others.body.items.map((r: { id: string }) => r.id)).not.toContain(rid);

    const approved = await h.api('POST', `/api/v1/void-requests/${rid}/approve`, { token: h.admin.token });
    expect(approved.status).toBe(200);
    expect(approved.body.request).toMatchObject({ id: rid, status: 'approved', decidedBy: h.admin.id });
    expect(approved.body.settlement).toMatchObject({ id: settlement.id, or_number: settlement.or_number, status: 'void', voidReason: 'Wrong customer' });
    expect(approved.body.transactions[0]).toMatchObject({ id: transactionId, paid_amount: 0, payment_status: 'unpaid' });

    const s = await h.api('GET', `/api/v1/settlements/${settlement.id}`, { token: h.admin.token });
    expect(s.body.settlement).toMatchObject({ or_number: settlement.or_number, status: 'void' });
    const t = await h.api('GET', `/api/v1/transactions/${transactionId}`, { token: h.admin.token });
    expect(t.body.transaction).toMatchObject({ paid_amount: 0, balance_amount: 500_00, payment_status: 'unpaid' });
    // The void was done by the cashier who asked, with the admin's approval on the request.
    const row = h.hub.store.q.settlements.get(settlement.id)!;
    expect(row.voided_by).toBe(cashier.id);
    expect(auditStore(h.hub.store.db)).toMatchObject({ ok: true, problems: [] });

    // Approving again is a conflict, and nothing changes.
    const again = await h.api('POST', `/api/v1/void-requests/${rid}/approve`, { token: h.admin.token });
    expect(again.status).toBe(409);

    // The requesting cashier's /events shows both its request events; another cashier's does not.
    const mine = await feed(h.api, cashier.token);
    const types = mine.events.filter((e: { payload: { request?: { id: string } } }) => e.payload.request?.id === rid).map((e: { type: string }) => e.type);
    expect(types).toEqual(['void_request.created', 'void_request.decided']);
    const theirs = await feed(h.api, other.token);
    expect(theirs.events.filter((e: { type: string }) => e.type.startsWith('void_request.'))).toEqual([]);
  });

  it('reject records who and why and leaves the settlement posted', async () => {
    const { settlement, transactionId } = await receipt();
    const created = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, { token: cashier.token, body: { reason: 'Typo' } });
    expect(created.status).toBe(201);
    const rid = created.body.request.id;
    const noNote = await h.api('POST', `/api/v1/void-requests/${rid}/reject`, { token: h.admin.token, body: { note: '  ' } });
    expect(noNote.status).toBe(400);
    const rejected = await h.api('POST', `/api/v1/void-requests/${rid}/reject`, { token: h.admin.token, body: { note: 'Receipt is correct' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.request).toMatchObject({ status: 'rejected', decidedBy: h.admin.id, decisionNote: 'Receipt is correct' });
    const s = await h.api('GET', `/api/v1/settlements/${settlement.id}`, { token: cashier.token });
    expect(s.body.settlement.status).toBe('posted');
    const t = await h.api('GET', `/api/v1/transactions/${transactionId}`, { token: h.admin.token });
    expect(t.body.transaction).toMatchObject({ paid_amount: 500_00, payment_status: 'paid' });
    const own = await h.api('GET', '/api/v1/void-requests?status=rejected', { token: cashier.token });
    expect(own.body.items.find((r: { id: string }) => r.id === rid)).toMatchObject({ decisionNote: 'Receipt is correct' });
    // Once rejected, the cashier may ask again.
    const retry = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, { token: cashier.token, body: { reason: 'Customer disputes' } });
    expect(retry.status).toBe(201);
    expect(auditStore(h.hub.store.db).ok).toBe(true);
  });

  it('refuses: another cashier’s receipt (403), sales (403), a second pending request (409), approve by non-admin (403)', async () => {
    const { settlement } = await receipt();
    const foreign = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, { token: other.token, body: { reason: 'Mine now' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('forbidden');
    const bySales = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, { token: sales.token, body: { reason: 'x' } });
    expect(bySales.status).toBe(403);

    const first = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, { token: cashier.token, body: { reason: 'One' } });
    expect(first.status).toBe(201);
    const dup = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, { token: cashier.token, body: { reason: 'Two' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');

    const rid = first.body.request.id;
    for (const who of [cashier, other, sales]) {
      const a = await h.api('POST', `/api/v1/void-requests/${rid}/approve`, { token: who.token });
      expect(a.status).toBe(403);
      const r = await h.api('POST', `/api/v1/void-requests/${rid}/reject`, { token: who.token, body: { note: 'no' } });
      expect(r.status).toBe(403);
    }
    const salesList = await h.api('GET', '/api/v1/void-requests', { token: sales.token });
    expect(salesList.status).toBe(403);
    const s = await h.api('GET', `/api/v1/settlements/${settlement.id}`, { token: h.admin.token });
    expect(s.body.settlement.status).toBe('posted');
    const still = await h.api('GET', '/api/v1/void-requests?status=pending', { token: h.admin.token });
    expect(still.body.items.find((r: { id: string }) => r.id === rid)).toMatchObject({ status: 'pending' });
  });

  it('an admin voiding the receipt directly answers the waiting request, instead of leaving it stuck', async () => {
    const { settlement } = await receipt();
    const r = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, { token: cashier.token, body: { reason: 'wrong tender' } });
    expect(r.status).toBe(201);
    const v = await h.api('POST', `/api/v1/settlements/${settlement.id}/void`, { token: h.admin.token, body: { reason: 'done at the desk' } });
    expect(v.status).toBe(200);
    const after = await h.api('GET', `/api/v1/void-requests/${r.body.request.id}`, { token: cashier.token });
    expect(after.body.request).toMatchObject({ status: 'approved', decidedBy: h.admin.id, decisionNote: 'Voided directly by an admin.' });
    const again = await h.api('POST', `/api/v1/void-requests/${r.body.request.id}/approve`, { token: h.admin.token });
    expect(again.status).toBe(409);
  });

  it('a void receipt cannot be requested (409 already_void); unknown ids are 404', async () => {
    const { settlement } = await receipt();
    const v = await h.api('POST', `/api/v1/settlements/${settlement.id}/void`, { token: h.admin.token, body: { reason: 'Admin void' } });
    expect(v.status).toBe(200);
    const r = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, { token: cashier.token, body: { reason: 'late' } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('already_void');
    const missing = await h.api('POST', '/api/v1/settlements/stl_nope/void-requests', { token: cashier.token, body: { reason: 'x' } });
    expect(missing.status).toBe(404);
    const noReq = await h.api('POST', '/api/v1/void-requests/vrq_nope/approve', { token: h.admin.token });
    expect(noReq.status).toBe(404);
  });

  it('bad input → 400 validation_failed with nothing written', async () => {
    const { settlement } = await receipt();
    const before = countRequests();
    const seqBefore = h.hub.store.lastSeq();
    const bodies: unknown[] = [{}, { reason: '' }, { reason: '   ' }, { reason: 42 }, { reason: 'x'.repeat(501) }, null, []];
    for (const body of bodies) {
      const r = await h.api('POST', `/api/v1/settlements/${settlement.id}/void-requests`, { token: cashier.token, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
    const badId = await h.api('POST', '/api/v1/settlements/bad%20id!/void-requests', { token: cashier.token, body: { reason: 'ok' } });
    expect(badId.status).toBe(400);
    const badStatus = await h.api('GET', '/api/v1/void-requests?status=maybe', { token: h.admin.token });
    expect(badStatus.status).toBe(400);
    expect(countRequests()).toBe(before);
    expect(h.hub.store.lastSeq()).toBe(seqBefore);
  });
});
