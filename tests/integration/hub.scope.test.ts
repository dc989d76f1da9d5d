import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cash, feed, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';
import { Terminal } from './support/hub-terminal.js';

// No role receives a line outside its scope (domain.md, Roles), tried where a payment
// crosses scopes: one receipt paying two clerks' job orders and keeping the rest as
// credit, taken by one cashier while another watches — and the customer directory.

type Who = 'salesA' | 'salesB' | 'cashierX' | 'cashierY' | 'admin';
const WHO: Who[] = ['salesA', 'salesB', 'cashierX', 'cashierY', 'admin'];

let h: TestHub;
const staff = {} as Record<Who, Staff>;
const term = {} as Record<Who, Terminal>;
/** Every socket event each terminal received, by name, raw. */
const heard = {} as Record<Who, { event: string; args: Json[] }[]>;
const c: Record<string, string> = {};
const tx: Record<string, Json> = {};
let big: Json; // X's receipt over TA (salesA) and TB (salesB), with credit
let small: Json; // Y's receipt paying TD in full

beforeAll(async () => {
  h = await startTestHub();
  staff.admin = h.admin;
  staff.salesA = await h.staff('sales', 'sales-a');
  staff.salesB = await h.staff('sales', 'sales-b');
  staff.cashierX = await h.staff('cashier', 'cashier-x');
  staff.cashierY = await h.staff('cashier', 'cashier-y');
  for (const w of WHO) {
    term[w] = await Terminal.connect(h.url, staff[w].token);
    heard[w] = [];
    term[w].socket.onAny((event: string, ...args: Json[]) => heard[w].push({ event, args }));
  }

  c.shared = await h.customer(staff.salesA.token, 'Dela Cruz Printing');
  c.ofB = await h.customer(staff.salesB.token, 'Bautista Hardware');
  c.quiet = await h.customer(staff.salesA.token, 'Quiet Customer');
  c.odd = await h.customer(staff.admin.token, '50% Off_Signs');
  tx.TA = await h.transaction(staff.salesA.token, c.shared, 300_00);
  // B serves the customer A created (found by searching): its job order is B's alone.
  tx.TB = await h.transaction(staff.salesB.token, c.shared, 500_00);
  tx.TD = await h.transaction(staff.salesB.token, c.ofB, 200_00);

  let r = await h.settle(staff.cashierX.token, cash(c.shared, 1000_00, { tender: { method: 'cash', tendered: 1200_00 }, keepExcessAsCredit: true }));
  expect(r.status).toBe(201);
  big = r.body.settlement;
  expect(big.allocations).toHaveLength(2);
  r = await h.settle(staff.cashierY.token, { ...cash(c.ofB, 200_00), tender: { method: 'gcash', reference: 'GC-SECRET-REF' } });
  expect(r.status).toBe(201);
  small = r.body.settlement;
  for (const w of WHO) await term[w].sync();
});

afterAll(async () => {
  for (const w of WHO) term[w]?.close();
  await h?.close();
});

const settlementEvents = async (w: Who) => (await feed(h.api, staff[w].token)).events.filter((e: Json) => e.type.startsWith('settlement.'));

describe('a settlement in the /events feed: each role gets only its share', () => {
  it('sales A sees only what went to its own job order: no total, tender, change or credit', async () => {
    const [e, ...rest] = await settlementEvents('salesA');
    expect(rest).toEqual([]);
    expect(e.payload.transactions.map((t: Json) => t.id)).toEqual([tx.TA.id]);
    expect(e.payload.settlement).toEqual({
      id: big.id,
      or_number: big.or_number,
      customerId: c.shared,
      amount: 300_00,
      allocations: [{ transactionId: tx.TA.id, amount: 300_00 }],
      status: 'posted',
      cashierId: staff.cashierX.id,
      createdAt: big.createdAt,
      voidedAt: null,
      share: true,
    });
  });

  it('sales B sees its 500 of the same receipt, and nothing of A', async () => {
    const events = await settlementEvents('salesB');
    const mine = events.find((e: Json) => e.payload.settlement.id === big.id);
    expect(mine.payload.settlement.amount).toBe(500_00);
    expect(mine.payload.settlement.allocations).toEqual([{ transactionId: tx.TB.id, amount: 500_00 }]);
    expect(mine.payload.transactions.map((t: Json) => t.id)).toEqual([tx.TB.id]);
    const other = events.find((e: Json) => e.payload.settlement.id === small.id);
    expect(other.payload.settlement).not.toHaveProperty('tender');
    expect(JSON.stringify(events)).not.toContain('GC-SECRET-REF');
  });

  it('the cashier who took it and the admin get it whole', async () => {
    for (const w of ['cashierX', 'admin'] as const) {
      const e = (await settlementEvents(w)).find((x: Json) => x.payload.settlement.id === big.id);
      expect(e.payload.settlement).toMatchObject({ amount: 1000_00, change: 200_00, creditAmount: 200_00, tender: { method: 'cash', tendered: 1200_00 } });
      expect(e.payload.settlement).not.toHaveProperty('share');
      expect(e.payload.transactions).toHaveLength(2);
    }
  });

  it('a cashier gets another cashier’s receipt whole exactly when GET /settlements/:id lets it read it', async () => {
    for (const w of ['cashierX', 'cashierY'] as const) {
      const events = await settlementEvents(w);
      expect(events.length).toBe(2); // both receipts paid transactions that were open
      for (const e of events) {
        const byId = await h.api('GET', `/api/v1/settlements/${e.payload.settlement.id}`, { token: staff[w].token });
        const listed = (await h.api('GET', '/api/v1/settlements', { token: staff[w].token })).body.items.map((s: Json) => s.id);
        if (e.payload.settlement.share) {
          expect([w, byId.status]).toEqual([w, 403]);
          expect(listed).not.toContain(e.payload.settlement.id);
          expect(e.payload.settlement).not.toHaveProperty('tender');
          // What it does see is about transactions in its scope: ones it may read now, or
          // one that was open until this receipt paid it off (its queue must drop the row).
          for (const t of e.payload.transactions) {
            const now = await h.api('GET', `/api/v1/transactions/${t.id}`, { token: staff[w].token });
            expect([t.id, now.status === 200 || t.payment_status === 'paid']).toEqual([t.id, true]);
          }
        } else {
          expect([w, byId.status]).toEqual([w, 200]);
          expect(listed).toContain(e.payload.settlement.id);
          expect(e.payload.settlement).toEqual({ ...byId.body.settlement, reprintCount: e.payload.settlement.reprintCount });
        }
      }
    }
    const yOfBig = (await settlementEvents('cashierY')).find((e: Json) => e.payload.settlement.id === big.id);
    expect(yOfBig.payload.settlement).toMatchObject({ share: true, amount: 800_00 });
  });

  it('a void of the receipt is scoped the same way', async () => {
    const v = await h.api('POST', `/api/v1/settlements/${big.id}/void`, { token: h.admin.token, body: { reason: 'wrong amount' } });
    expect(v.status).toBe(200);
    const voided = (await settlementEvents('salesA')).find((e: Json) => e.type === 'settlement.voided');
    expect(voided.payload.settlement).toMatchObject({ id: big.id, status: 'void', amount: 300_00, share: true });
    expect(voided.payload.settlement).not.toHaveProperty('voidReason');
    expect(voided.payload.transactions.map((t: Json) => t.id)).toEqual([tx.TA.id]);
    const x = (await settlementEvents('cashierX')).find((e: Json) => e.type === 'settlement.voided');
    expect(x.payload.settlement).toMatchObject({ status: 'void', voidReason: 'wrong amount', tender: { method: 'cash' } });
  });

  it('live sockets carry no settlement detail at all, and only transactions in scope', async () => {
    for (const w of WHO) await term[w].sync();
    for (const w of ['salesA', 'salesB', 'cashierY'] as const) {
      const text = JSON.stringify(heard[w]);
      expect(text).not.toContain('tendered');
      expect(text).not.toContain('GC-SECRET-REF');
    }
    const ofA = new Set(term.salesA.updates.map((u) => u.transactionId));
    expect([...ofA]).toEqual([tx.TA.id]);
    expect(new Set(term.salesB.updates.map((u) => u.transactionId))).toEqual(new Set([tx.TB.id, tx.TD.id]));
  });
});

describe('customers, scoped', () => {
  const names = (r: Json) => r.body.items.map((x: Json) => x.name).sort();
  const list = (w: Who, q?: string) =>
    h.api('GET', `/api/v1/customers${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`, { token: staff[w].token });

  it('without a search each role lists its own: sales what it created or sells to, cashiers what is open or it settled', async () => {
    expect(names(await list('admin'))).toEqual(['50% Off_Signs', 'Bautista Hardware', 'Dela Cruz Printing', 'Quiet Customer']);
    expect(names(await list('salesA'))).toEqual(['Dela Cruz Printing', 'Quiet Customer']);
    expect(names(await list('salesB'))).toEqual(['Bautista Hardware', 'Dela Cruz Printing']);
    // TA and TB are open again since the void; Bautista was paid off by Y.
    expect(names(await list('cashierX'))).toEqual(['Dela Cruz Printing']);
    expect(names(await list('cashierY'))).toEqual(['Bautista Hardware', 'Dela Cruz Printing']);
  });

  it('a search of 3+ characters finds any customer, to pick the one at the counter; a shorter one only narrows the own list', async () => {
    expect(names(await list('salesB', 'Quiet'))).toEqual(['Quiet Customer']);
    expect(names(await list('cashierX', 'bau'))).toEqual(['Bautista Hardware']);
    expect(names(await list('salesB', 'Qu'))).toEqual([]);
    expect(names(await list('salesA', 'De'))).toEqual(['Dela Cruz Printing']);
    const r = await h.api('GET', `/api/v1/customers/${c.quiet}`, { token: staff.cashierX.token });
    expect([r.status, r.body.customer.name]).toEqual([200, 'Quiet Customer']);
  });

  it('LIKE wildcards match only themselves', async () => {
    for (const w of WHO) {
      expect([w, names(await list(w, '%'))]).toEqual([w, w === 'admin' ? ['50% Off_Signs'] : []]);
      expect([w, names(await list(w, '_'))]).toEqual([w, w === 'admin' ? ['50% Off_Signs'] : []]);
    }
    expect(names(await list('salesB', '0% O'))).toEqual(['50% Off_Signs']);
    expect(names(await list('salesB', 'f_S'))).toEqual(['50% Off_Signs']);
    expect(names(await list('admin', '\\'))).toEqual([]);
    expect(names(await list('admin', 'Ba%H'))).toEqual([]);
  });

  it('names for a list of rows only come back for customers in scope', async () => {
    const ids = Object.values(c).join(',');
    const r = await h.api('GET', `/api/v1/backoffice/customers?ids=${ids}`, { token: staff.salesB.token });
    expect(names(r)).toEqual(['Bautista Hardware', 'Dela Cruz Printing']);
    const wide = await h.api('GET', '/api/v1/backoffice/customers', { token: staff.salesB.token });
    expect(names(wide)).toEqual(['Bautista Hardware', 'Dela Cruz Printing']);
  });

  it('a new customer is announced to its creator and the admins only', async () => {
    const created = async (w: Who) => (await feed(h.api, staff[w].token)).events.filter((e: Json) => e.type === 'customer.created').map((e: Json) => e.payload.customer.name).sort();
    expect(await created('salesA')).toEqual(['Dela Cruz Printing', 'Quiet Customer']);
    expect(await created('salesB')).toEqual(['Bautista Hardware']);
    expect(await created('cashierX')).toEqual([]);
    expect(await created('admin')).toHaveLength(4);
  });
});
