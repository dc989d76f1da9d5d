import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cash, feed, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';
import { Terminal } from './support/hub-terminal.js';

// One store day with two clerks, two cashiers and an admin, each on a real
// socket.io-client. Every step says, by hand, which transactions each terminal must
// hear about (domain.md, Roles); the terminals must receive exactly that — nothing
// missing, nothing outside their scope — and lists and the /events feed must agree.

type Who = 'salesA' | 'salesB' | 'cashierX' | 'cashierY' | 'admin';
const WHO: Who[] = ['salesA', 'salesB', 'cashierX', 'cashierY', 'admin'];

let h: TestHub;
const staff = {} as Record<Who, Staff>;
const term = {} as Record<Who, Terminal>;
/** What each terminal must have received: "seq:transactionId:status". */
const expected = Object.fromEntries(WHO.map((w) => [w, [] as string[]])) as Record<Who, string[]>;
const tx: Record<string, Json> = {};
let watcher: Terminal;

function expectStep(seq: number, t: Json, status: string, audience: Who[]) {
  for (const w of audience) expected[w].push(`${seq}:${t.id}:${status}`);
}

beforeAll(async () => {
  h = await startTestHub();
  staff.admin = h.admin;
  staff.salesA = await h.staff('sales', 'sales-a');
  staff.salesB = await h.staff('sales', 'sales-b');
  staff.cashierX = await h.staff('cashier', 'cashier-x');
  staff.cashierY = await h.staff('cashier', 'cashier-y');
  for (const w of WHO) term[w] = await Terminal.connect(h.url, staff[w].token);

  const c1 = await h.customer(staff.salesA.token, 'Customer of A');
  const c2 = await h.customer(staff.salesB.token, 'Customer of B');
  const seqNow = async () => (await h.api('GET', '/api/v1/health')).body.seq as number;

  tx.T1 = await h.transaction(staff.salesA.token, c1, 1000_00);
  expectStep(await seqNow(), tx.T1, 'unpaid', ['salesA', 'cashierX', 'cashierY', 'admin']);
  tx.T2 = await h.transaction(staff.salesA.token, c1, 500_00);
  expectStep(await seqNow(), tx.T2, 'unpaid', ['salesA', 'cashierX', 'cashierY', 'admin']);
  tx.T3 = await h.transaction(staff.salesB.token, c2, 800_00);
  expectStep(await seqNow(), tx.T3, 'unpaid', ['salesB', 'cashierX', 'cashierY', 'admin']);

  // salesB watches T3 alone on a second socket, without the scope-wide subscription.
  watcher = await Terminal.connect(h.url, staff.salesB.token, { subscribe: false });
  const watchAck = await watcher.socket.emitWithAck('subscribe:transaction', { transactionId: tx.T3.id });
  expect(watchAck).toMatchObject({ ok: true });

  // X takes 600 on T1: partial, still open.
  let r = await h.settle(staff.cashierX.token, cash(c1, 600_00));
  expect(r.status).toBe(201);
  expectStep(await seqNow(), tx.T1, 'partial', ['salesA', 'cashierX', 'cashierY', 'admin']);

  // Y pays the rest of T1 and all of T2: both paid. Both were open until this payment, so
  // every cashier hears they left the open queue (else X's queue would keep stale rows).
  r = await h.settle(staff.cashierY.token, cash(c1, 900_00));
  expect(r.status).toBe(201);
  const s = await seqNow();
  expectStep(s, tx.T1, 'paid', ['salesA', 'cashierX', 'cashierY', 'admin']);
  expectStep(s, tx.T2, 'paid', ['salesA', 'cashierX', 'cashierY', 'admin']);

  // X pays T3 in full; then the admin voids that receipt: T3 is open again.
  r = await h.settle(staff.cashierX.token, cash(c2, 800_00));
  expect(r.status).toBe(201);
  expectStep(await seqNow(), tx.T3, 'paid', ['salesB', 'cashierX', 'cashierY', 'admin']);
  const v = await h.api('POST', `/api/v1/settlements/${r.body.settlement.id}/void`, { token: h.admin.token, body: { reason: 'wrong customer' } });
  expect(v.status).toBe(200);
  expectStep(await seqNow(), tx.T3, 'unpaid', ['salesB', 'cashierX', 'cashierY', 'admin']);

  // A creates and cancels T4: cashiers saw it open, and hear it leave the open queue.
  tx.T4 = await h.transaction(staff.salesA.token, c1, 50_00);
  expectStep(await seqNow(), tx.T4, 'unpaid', ['salesA', 'cashierX', 'cashierY', 'admin']);
  const cancel = await h.api('POST', `/api/v1/transactions/${tx.T4.id}/void`, { token: staff.salesA.token, body: { reason: 'duplicate' } });
  expect(cancel.status).toBe(200);
  expectStep(await seqNow(), tx.T4, 'void', ['salesA', 'cashierX', 'cashierY', 'admin']);

  for (const w of WHO) await term[w].sync();
  // A repeated subscribe's ack travels behind everything already sent to the watcher.
  await watcher.socket.emitWithAck('subscribe:transaction', { transactionId: tx.T3.id });
});

afterAll(async () => {
  for (const w of WHO) term[w]?.close();
  watcher?.close();
  await h?.close();
});

describe('live payment status, scoped by role', () => {
  it.each(WHO)('%s receives exactly the updates of its scope, each once, in seq order', (w) => {
    const got = term[w].updates.map((u) => `${u.seq}:${u.transactionId}:${u.payment_status}`);
    expect(got).toEqual(expected[w]);
    const seqs = term[w].updates.map((u) => u.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // transaction_updated goes to the same audience with the same seq.
    expect(term[w].txUpdates.map((u) => `${u.seq}:${u.transaction.id}:${u.transaction.payment_status}`)).toEqual(expected[w]);
  });

  it('sales A never receives anything of sales B, and B nothing of A', () => {
    expect(term.salesA.updates.length).toBeGreaterThan(0);
    for (const u of term.salesA.updates) expect([tx.T1.id, tx.T2.id, tx.T4.id]).toContain(u.transactionId);
    for (const u of term.salesA.txUpdates) expect(u.transaction.createdBy).toBe(staff.salesA.id);
    for (const u of term.salesB.updates) expect(u.transactionId).toBe(tx.T3.id);
    for (const u of term.salesB.txUpdates) expect(u.transaction.createdBy).toBe(staff.salesB.id);
  });

  it('carries the protocol payload: OR of the settlement, actor, time, seq', () => {
    const paid = term.admin.updates.find((u) => u.transactionId === tx.T2.id && u.payment_status === 'paid')!;
    expect(paid).toMatchObject({
      transactionId: tx.T2.id,
      balance_amount: 0,
      paid_amount: 500_00,
      customer_id: tx.T2.customerId,
      updatedBy: staff.cashierY.id,
    });
    // Cashier Y works at a register of its own: its prefix carries the register's code.
    expect(paid.or_number).toMatch(/^OR-STORE01-CASHIER-Y-\d{8}$/);
    expect(Object.keys(paid).sort()).toEqual(
      ['balance_amount', 'customer_id', 'or_number', 'paid_amount', 'payment_status', 'seq', 'timestamp', 'transactionId', 'updatedBy'].sort(),
    );
    const created = term.admin.updates.find((u) => u.transactionId === tx.T1.id && u.payment_status === 'unpaid')!;
    expect(created.or_number).toBeNull();
  });

  it('a socket watching one transaction gets its updates only (subscribe:transaction)', () => {
    // It subscribed after T3 was created: it hears of T3 being paid, then reopened.
    expect(watcher.updates.map((u) => `${u.seq}:${u.transactionId}:${u.payment_status}`)).toEqual(expected.salesB.slice(1));
  });

  it('refuses subscribe:transaction outside the caller’s scope with forbidden, and keeps the socket', async () => {
    const a = await term.salesA.socket.emitWithAck('subscribe:transaction', { transactionId: tx.T3.id });
    expect(a).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    const x = await term.cashierX.socket.emitWithAck('subscribe:transaction', { transactionId: tx.T2.id });
    expect(x.ok).toBe(false);
    expect(x.error.code).toBe('forbidden');
    expect(term.salesA.socket.connected).toBe(true);
  });
});

describe('HTTP lists and the /events feed hold the same scope', () => {
  const visible: Record<Who, string[]> = {
    salesA: ['T1', 'T2', 'T4'],
    salesB: ['T3'],
    cashierX: ['T1', 'T3'], // T1 it settled; T3 it settled (voided) and open again
    cashierY: ['T1', 'T2', 'T3'], // T1, T2 it settled; T3 open
    admin: ['T1', 'T2', 'T3', 'T4'],
  };

  it.each(WHO)('%s lists exactly its transactions', async (w) => {
    const r = await h.api('GET', '/api/v1/transactions?limit=100', { token: staff[w].token });
    expect(r.status).toBe(200);
    const names = r.body.items.map((t: Json) => Object.keys(tx).find((k) => tx[k].id === t.id)).sort();
    expect(names).toEqual(visible[w]);
  });

  it.each(WHO)('%s reads only its transactions by id', async (w) => {
    for (const [name, t] of Object.entries(tx)) {
      const r = await h.api('GET', `/api/v1/transactions/${t.id}`, { token: staff[w].token });
      expect([name, r.status]).toEqual([name, visible[w].includes(name) ? 200 : 403]);
    }
  });

  it.each(WHO)('%s gets from /events exactly what it got live, no transaction of another scope', async (w) => {
    const { events } = await feed(h.api, staff[w].token);
    const fromFeed: string[] = [];
    for (const e of events) {
      const ts: Json[] = e.payload.transactions ?? (e.payload.transaction ? [e.payload.transaction] : []);
      for (const t of ts) fromFeed.push(`${e.seq}:${t.id}:${t.payment_status}`);
      if (e.payload.settlement) {
        const ids = new Set(ts.map((t) => t.id));
        for (const a of e.payload.settlement.allocations) expect(ids.has(a.transactionId)).toBe(true);
      }
    }
    expect(fromFeed).toEqual(expected[w]);
    // A new customer is news for its creator and the admins (each desk created one).
    const customersSeen = { salesA: 1, salesB: 1, cashierX: 0, cashierY: 0, admin: 2 }[w];
    expect(events.filter((e: Json) => e.type === 'customer.created')).toHaveLength(customersSeen);
  });

  it('a cashier lists only the settlements it took; sales may not list them', async () => {
    const x = await h.api('GET', '/api/v1/settlements', { token: staff.cashierX.token });
    expect(x.status).toBe(200);
    expect(x.body.items).toHaveLength(2);
    for (const s of x.body.items) expect(s.cashierId).toBe(staff.cashierX.id);
    const all = await h.api('GET', '/api/v1/settlements', { token: h.admin.token });
    expect(all.body.items).toHaveLength(3);
    const y = await h.api('GET', `/api/v1/settlements/${x.body.items[0].id}`, { token: staff.cashierY.token });
    expect(y.status).toBe(403);
    const sales = await h.api('GET', '/api/v1/settlements', { token: staff.salesA.token });
    expect(sales.status).toBe(403);
  });
});
