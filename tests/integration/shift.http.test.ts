import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cash, feed, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';

// The shift, reading, journal, receipt and refund endpoints over real HTTP, with the
// validation, role scoping and error shape of protocol.md.

let h: TestHub;
let ana: Staff; // cashier, shift opened here by hand
let ben: Staff; // cashier, never opens a shift until the end
let sales: Staff;
let shiftId: string;
let settlement: Json;
let clock = Date.parse('2026-03-02T01:00:00.000Z'); // 09:00 in Manila

async function newStaff(role: 'cashier' | 'sales', username: string): Promise<Staff> {
  const password = `${username}-password`;
  const r = await h.api('POST', '/api/v1/staff', { token: h.admin.token, body: { username, password, role, displayName: username } });
  expect(r.status).toBe(201);
  return h.login(username, password);
}

beforeAll(async () => {
  h = await startTestHub({ now: () => new Date((clock += 1000)) });
  ana = await newStaff('cashier', 'ana');
  ben = await newStaff('cashier', 'ben');
  sales = await newStaff('sales', 'carlo');
  // A shift opens at a register (protocol.md v1 additions); C1 comes with the store.
  expect((await h.api('POST', '/api/v1/registers', { token: h.admin.token, body: { code: 'C2', name: 'Counter 2' } })).status).toBe(201);
});
afterAll(async () => h.close());

const errorOf = (r: Json) => r.body.error.code as string;

describe('shifts over HTTP', () => {
  it('a cashier with no open shift gets 409 no_open_shift on settle', async () => {
    const c = await h.customer(sales.token);
    await h.transaction(sales.token, c, 500_00);
    const r = await h.settle(ana.token, cash(c, 500_00));
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ error: { code: 'no_open_shift', message: expect.any(String) } });
  });

  it('opens a shift (201), one per cashier and one per counter; only cashiers; bodies validated', async () => {
    const r = await h.api('POST', '/api/v1/shifts', { token: ana.token, body: { counter: 'C1', openingFloat: 2_000_00 } });
    expect(r.status).toBe(201);
    expect(r.body.shift).toMatchObject({ cashierId: ana.id, counter: 'C1', openingFloat: 2_000_00, status: 'open', closedAt: null });
    shiftId = r.body.shift.id;
    expect(errorOf(await h.api('POST', '/api/v1/shifts', { token: ana.token, body: { counter: 'C2', openingFloat: 0 } }))).toBe('conflict');
    const taken = await h.api('POST', '/api/v1/shifts', { token: ben.token, body: { counter: 'c1', openingFloat: 0 } });
    expect([taken.status, errorOf(taken)]).toEqual([409, 'conflict']);
    expect((await h.api('POST', '/api/v1/shifts', { token: h.admin.token, body: { counter: 'X', openingFloat: 0 } })).status).toBe(403);
    expect((await h.api('POST', '/api/v1/shifts', { body: { counter: 'X', openingFloat: 0 } })).status).toBe(401);
    for (const body of [{ counter: 'C9', openingFloat: 10.5 }, { counter: '', openingFloat: 0 }, { counter: 'C9', openingFloat: -1 }, { counter: 'C9' }]) {
      const bad = await h.api('POST', '/api/v1/shifts', { token: ben.token, body });
      expect([bad.status, errorOf(bad)]).toEqual([400, 'validation_failed']);
    }
    expect((await h.api('GET', '/api/v1/shifts/current', { token: ana.token })).body.shift.id).toBe(shiftId);
    expect((await h.api('GET', '/api/v1/shifts/current', { token: ben.token })).body.shift).toBeNull();
  });

  it('settlements are tied to the open shift; paid-in/out recorded; the X-reading is scoped and blind for the cashier', async () => {
    const c = await h.customer(sales.token);
    await h.transaction(sales.token, c, 1_120_00);
    const r = await h.settle(ana.token, cash(c, 1_120_00, { tender: { method: 'cash', tendered: 1_500_00 } }));
    expect(r.status).toBe(201);
    settlement = r.body.settlement;
    expect((await h.api('POST', `/api/v1/shifts/${shiftId}/drawer`, { token: ana.token, body: { kind: 'paid_out', amount: 100_00, reason: 'ice' } })).status).toBe(201);
    expect(errorOf(await h.api('POST', `/api/v1/shifts/${shiftId}/drawer`, { token: ana.token, body: { kind: 'refund', amount: 1, reason: 'x' } }))).toBe('validation_failed');
    expect((await h.api('POST', `/api/v1/shifts/${shiftId}/drawer`, { token: ben.token, body: { kind: 'paid_in', amount: 1, reason: 'x' } })).status).toBe(404);

    const mine = await h.api('GET', `/api/v1/readings/x?shiftId=${shiftId}`, { token: ana.token });
    expect(mine.status).toBe(200);
    // The payment is the sale's SI (paid whole at once): the X shows that invoice and its VAT.
    expect(mine.body).toMatchObject({
      kind: 'x',
      shiftId,
      figures: { receiptCount: 1, collections: 1_120_00, vatableSales: 1_000_00, vatAmount: 120_00, invoices: { count: 1 } },
      drawer: { expectedCash: null },
    });
    const admin = await h.api('GET', `/api/v1/readings/x?shiftId=${shiftId}`, { token: h.admin.token });
    expect(admin.body.drawer).toMatchObject({ openingFloat: 2_000_00, cashCollections: 1_120_00, paidOut: 100_00, expectedCash: 3_020_00 });
    expect((await h.api('GET', `/api/v1/readings/x?shiftId=${shiftId}`, { token: ben.token })).status).toBe(404);
    expect((await h.api('GET', `/api/v1/readings/x?shiftId=${shiftId}`, { token: sales.token })).status).toBe(403);
    expect(errorOf(await h.api('GET', '/api/v1/readings/x', { token: ana.token }))).toBe('validation_failed');
  });

  it('receipts: HTML and PDF for the cashier who took it, not for another; a reprint says so and is journalled', async () => {
    const html = await h.api('GET', `/api/v1/receipts/${settlement.id}?format=html`, { token: ana.token });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.body).toContain(settlement.or_number);
    const pdf = await fetch(`${h.url}/api/v1/receipts/${settlement.id}?format=pdf`, { headers: { authorization: `Bearer ${ana.token}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await h.api('GET', `/api/v1/receipts/${settlement.id}`, { token: ben.token })).status).toBe(403);
    const again = await h.api('POST', `/api/v1/receipts/${settlement.id}/reprint?format=text&width=58`, { token: ana.token });
    expect(again.body).toContain('*** REPRINT ***');
    expect(errorOf(await h.api('GET', `/api/v1/receipts/${settlement.id}?format=docx`, { token: ana.token }))).toBe('validation_failed');
  });

  it('refunds: admin only, never above what was paid; a refunded receipt cannot be voided', async () => {
    const body = { amount: 120_00, method: 'cash', reason: 'one item returned' };
    expect((await h.api('POST', `/api/v1/settlements/${settlement.id}/refunds`, { token: ana.token, body })).status).toBe(403);
    const over = await h.api('POST', `/api/v1/settlements/${settlement.id}/refunds`, { token: h.admin.token, body: { ...body, amount: 2_000_00 } });
    expect([over.status, errorOf(over)]).toEqual([422, 'overpayment']);
    const r = await h.api('POST', `/api/v1/settlements/${settlement.id}/refunds`, { token: h.admin.token, body });
    expect(r.status).toBe(201);
    expect(r.body.refund).toMatchObject({ amount: 120_00, shiftId, allocations: [{ amount: 120_00 }] });
    // A return: the money goes back, the sale is reduced, the customer owes nothing more.
    expect(r.body.transactions[0]).toMatchObject({ paid_amount: 1_120_00, payment_status: 'paid' });
    const ledger = await h.api('GET', `/api/v1/customers/${settlement.customerId}/ledger`, { token: h.admin.token });
    expect(ledger.body.entries.slice(0, 2).map((e: Json) => [e.type, e.amount])).toEqual([['refund', 120_00], ['adjustment', -120_00]]);
    const v = await h.api('POST', `/api/v1/settlements/${settlement.id}/void`, { token: h.admin.token, body: { reason: 'x' } });
    expect([v.status, errorOf(v)]).toEqual([409, 'conflict']);
  });

  it('closing: a blind count shows expected, counted, over/short; not by another cashier; not twice; no sales after', async () => {
    expect((await h.api('POST', `/api/v1/shifts/${shiftId}/close`, { token: ben.token, body: { countedCash: 0 } })).status).toBe(404);
    const r = await h.api('POST', `/api/v1/shifts/${shiftId}/close`, { token: ana.token, body: { countedCash: 2_890_00 } });
    expect(r.status).toBe(200);
    // 2,000 float + 1,120 cash − 120 refund − 100 paid-out = 2,900; counted 2,890: ₱10 short.
    expect(r.body).toMatchObject({ expectedCash: 2_900_00, countedCash: 2_890_00, overShort: -10_00, shift: { status: 'closed', forceClosed: false } });
    expect(errorOf(await h.api('POST', `/api/v1/shifts/${shiftId}/close`, { token: ana.token, body: { countedCash: 1 } }))).toBe('conflict');
    const c = await h.customer(sales.token);
    await h.transaction(sales.token, c, 100_00);
    expect(errorOf(await h.settle(ana.token, cash(c, 100_00)))).toBe('no_open_shift');
  });

  it('an admin force-closes an abandoned shift', async () => {
    const open = await h.api('POST', '/api/v1/shifts', { token: ben.token, body: { counter: 'C2', openingFloat: 500_00 } });
    const r = await h.api('POST', `/api/v1/shifts/${open.body.shift.id}/close`, { token: h.admin.token, body: { countedCash: 500_00, reason: 'Ben went home sick' } });
    expect(r.body).toMatchObject({ overShort: 0, shift: { forceClosed: true, closedBy: h.admin.id, closeReason: 'Ben went home sick' } });
  });

  it('the Z-reading: admin only, 201, a second for the date is 409; listed and printable', async () => {
    const businessDate = '2026-03-02';
    expect((await h.api('POST', '/api/v1/readings/z', { token: ana.token, body: { businessDate } })).status).toBe(403);
    expect(errorOf(await h.api('POST', '/api/v1/readings/z', { token: h.admin.token, body: { businessDate: '2026-3-2' } }))).toBe('validation_failed');
    const z = await h.api('POST', '/api/v1/readings/z', { token: h.admin.token, body: { businessDate } });
    expect(z.status).toBe(201);
    expect(z.body).toMatchObject({ kind: 'z', businessDate, zCounter: 1, figures: { refunds: { count: 1, amount: 120_00 } }, shifts: { closed: 1, overShort: -10_00 } });
    // C1's Z (the only register that traded): Ben's shift at C2 is C2's, whose Z is its own.
    expect(z.body.register.code).toBe('C1');
    const again = await h.api('POST', '/api/v1/readings/z', { token: h.admin.token, body: { businessDate } });
    expect([again.status, errorOf(again)]).toEqual([409, 'conflict']);
    const list = await h.api('GET', '/api/v1/readings?kind=z', { token: h.admin.token });
    expect(list.body.items.map((r: Json) => r.id)).toEqual([z.body.id]);
    expect((await h.api('GET', '/api/v1/readings?kind=z', { token: ana.token })).status).toBe(403);
    const print = await h.api('GET', `/api/v1/readings/${z.body.id}/print?format=html`, { token: h.admin.token });
    expect(print.body).toContain('Z-READING');
  });

  it('the e-journal: admin reads, exports JSON lines and verifies it', async () => {
    const page = await h.api('GET', '/api/v1/journal?limit=500', { token: h.admin.token });
    // Each sale's SI as issued, the payment's document, the readings, the reprint and the refund.
    expect(page.body.entries.map((e: Json) => e.kind)).toEqual(['receipt', 'receipt', 'receipt', 'x_reading', 'x_reading', 'reprint', 'refund', 'receipt', 'z_reading']);
    const lines = (await h.api('GET', '/api/v1/journal?format=jsonl', { token: h.admin.token })).body as string;
    const parsed = lines.trim().split('\n').map((l) => JSON.parse(l));
    expect(parsed[1].prevHash).toBe(parsed[0].hash);
    expect((await h.api('GET', '/api/v1/journal/verify', { token: h.admin.token })).body).toEqual({ ok: true, entries: 9, firstBroken: null });
    expect((await h.api('GET', '/api/v1/journal', { token: ana.token })).status).toBe(403);
  });

  it('live updates stay in scope: a cashier’s feed has its own shift events, not another’s; sales none', async () => {
    const anaFeed = (await feed(h.api, ana.token)).events.filter((e: Json) => e.type.startsWith('shift.'));
    expect(anaFeed.map((e: Json) => [e.type, e.payload.shift.cashierId])).toEqual([['shift.opened', ana.id], ['shift.closed', ana.id]]);
    const salesFeed = (await feed(h.api, sales.token)).events.map((e: Json) => e.type);
    for (const t of ['shift.opened', 'shift.closed', 'drawer.moved', 'reading.taken', 'refund.posted']) expect(salesFeed).not.toContain(t);
    const adminFeed = (await feed(h.api, h.admin.token)).events.map((e: Json) => e.type);
    expect(adminFeed.filter((t: string) => t === 'shift.opened')).toHaveLength(2);
  });

  it('receipt settings: anyone signed in reads them, only an admin changes them', async () => {
    expect((await h.api('PUT', '/api/v1/receipt-settings', { token: ana.token, body: { tin: '1' } })).status).toBe(403);
    expect(errorOf(await h.api('PUT', '/api/v1/receipt-settings', { token: h.admin.token, body: { documentType: 'XX' } }))).toBe('validation_failed');
    const r = await h.api('PUT', '/api/v1/receipt-settings', { token: h.admin.token, body: { documentType: 'OR', tin: '987-654-321-00000' } });
    expect(r.body.settings).toMatchObject({ documentType: 'OR', tin: '987-654-321-00000', tzOffsetMinutes: 480 });
    expect((await h.api('GET', '/api/v1/receipt-settings', { token: ana.token })).body.settings.documentType).toBe('OR');
  });
});
