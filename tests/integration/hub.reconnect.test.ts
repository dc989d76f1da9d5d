import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/main/services/store.js';
import { cash, feed, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';
import { Terminal } from './support/hub-terminal.js';

// Never stale: a terminal that drops off (a second, half an hour, longer than the hub
// replays over a socket) and comes back must end up with every update of its scope —
// no gap, nothing from outside it — exactly what a twin terminal of the same user that
// never disconnected received. The clock is injected: "30 minutes" pass instantly,
// and the many events of a long absence are written in bulk in-process.

let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

let h: TestHub;
let salesA: Staff, salesB: Staff, cashierX: Staff, cashierY: Staff;
let customers: { a: string; b: string };

async function pair(user: Staff): Promise<{ roaming: Terminal; twin: Terminal }> {
  return { roaming: await Terminal.connect(h.url, user.token), twin: await Terminal.connect(h.url, user.token) };
}

/** Writes `n` events of every kind in few SQLite transactions (an hour of a busy store). */
function bulkActivity(n: number): void {
  const store = h.hub.store;
  const A: Actor = { id: salesA.id, role: 'sales' };
  const B: Actor = { id: salesB.id, role: 'sales' };
  const X: Actor = { id: cashierX.id, role: 'cashier' };
  const Y: Actor = { id: cashierY.id, role: 'cashier' };
  let written = 0;
  while (written < n) {
    store.write(() => {
      for (let i = 0; i < 50 && written < n; i++) {
        const clerk = i % 2 === 0 ? A : B;
        const customerId = clerk === A ? customers.a : customers.b;
        store.transactions.createTransaction({ customerId, lines: [{ description: 'bulk', quantity: 1, unitPrice: 100 + i }] }, clerk);
        store.settlements.settle(cash(customerId, 60 + i), i % 3 === 0 ? X : Y);
        written += 2;
      }
    });
  }
}

async function httpActivity(): Promise<void> {
  const t = await h.transaction(salesA.token, customers.a, 700_00);
  await h.transaction(salesB.token, customers.b, 300_00);
  expect((await h.settle(cashierX.token, cash(customers.a, 200_00))).status).toBe(201);
  expect((await h.settle(cashierY.token, cash(customers.b, 100_00))).status).toBe(201);
  expect(t.payment_status).toBe('unpaid');
}

function keys(t: Terminal): string[] {
  return t.distinct().map((u) => `${u.seq}:${u.transactionId}:${u.payment_status}:${u.paid_amount}`);
}

function sameView(roaming: Terminal, twin: Terminal): void {
  expect(keys(roaming)).toEqual(keys(twin));
  expect(Object.fromEntries(roaming.state)).toEqual(Object.fromEntries(twin.state));
  expect(roaming.lastSeq).toBe(twin.lastSeq);
}

beforeAll(async () => {
  h = await startTestHub({ now: clock, replayCap: 5_000 });
  salesA = await h.staff('sales', 'sales-a');
  salesB = await h.staff('sales', 'sales-b');
  cashierX = await h.staff('cashier', 'cashier-x');
  cashierY = await h.staff('cashier', 'cashier-y');
  customers = { a: await h.customer(salesA.token, 'A'), b: await h.customer(salesB.token, 'B') };
});

afterAll(async () => {
  await h?.close();
});

describe('reconnect catch-up by seq', () => {
  it('after a 1 s disconnect, every role catches up with no gap and nothing extra', async () => {
    const users = [h.admin, salesA, cashierX];
    const terminals = await Promise.all(users.map(pair));
    await httpActivity();
    for (const { roaming } of terminals) roaming.drop();
    offsetMs += 1_000;
    await httpActivity();
    for (const { roaming, twin } of terminals) {
      await roaming.reconnect();
      await twin.sync();
      sameView(roaming, twin);
      expect(roaming.acks.at(-1)).toMatchObject({ ok: true, replayed: expect.any(Number) });
      roaming.close();
      twin.close();
    }
  });

  it('after a 30 min disconnect with thousands of events, the admin sees every seq 1..N and each role its own', async () => {
    const users = [h.admin, salesA, salesB, cashierX, cashierY];
    const before = h.hub.store.lastSeq();
    const terminals = await Promise.all(users.map(pair));
    for (const { roaming } of terminals) roaming.drop();
    offsetMs += 30 * 60_000;
    bulkActivity(3_000);
    await httpActivity();
    const after = h.hub.store.lastSeq();
    expect(after - before).toBeGreaterThan(3_000);
    for (const { roaming, twin } of terminals) {
      await roaming.reconnect();
      await twin.sync();
      sameView(roaming, twin);
    }
    // No gap: the admin holds an update for every seq since it connected that changed a transaction.
    const admin = terminals[0]!.roaming;
    const seqs = new Set(admin.distinct().map((u) => u.seq));
    const { events } = await feed(h.api, h.admin.token, before);
    const changing = events.filter((e: Json) => e.type !== 'customer.created').map((e: Json) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(changing);
    expect(admin.lastSeq).toBe(after);
    // Sales A's roaming terminal heard of nothing of B's.
    for (const u of terminals[1]!.roaming.updates) expect(u.customer_id).toBe(customers.a);
    for (const u of terminals[2]!.roaming.updates) expect(u.customer_id).toBe(customers.b);
    // The replayed updates carry the time they happened: half an hour into the absence.
    const last = admin.distinct().at(-1)!;
    expect(Date.parse(last.timestamp)).toBeGreaterThan(Date.now() + 29 * 60_000);
    for (const t of terminals) {
      t.roaming.close();
      t.twin.close();
    }
  });

  it('past the socket replay cap the hub says reload, and the /events feed closes the gap', async () => {
    const terminals = await Promise.all([h.admin, cashierY].map(pair));
    for (const { roaming } of terminals) roaming.drop();
    bulkActivity(6_000);
    for (const { roaming, twin } of terminals) {
      await roaming.reconnect();
      await twin.sync();
      expect(roaming.acks.at(-1)).toMatchObject({ ok: true, reload: true, replayed: 0 });
      expect(roaming.fromFeed.length).toBeGreaterThan(0);
      expect(Object.fromEntries(roaming.state)).toEqual(Object.fromEntries(twin.state));
      expect(roaming.lastSeq).toBe(h.hub.store.lastSeq());
      roaming.close();
      twin.close();
    }
  });

  it('a token that expired during the absence is refused with unauthorized; a fresh one catches up', async () => {
    const { roaming, twin } = await pair(cashierX);
    roaming.drop();
    await httpActivity();
    offsetMs += 13 * 3600_000; // past the 12 h token lifetime
    await expect(roaming.open()).rejects.toThrow('unauthorized');
    roaming.socket.disconnect();
    const fresh = await h.login('cashier-x', 'cashier-x-password');
    roaming.token = fresh.token;
    twin.token = fresh.token;
    await roaming.reconnect();
    // The twin's own socket is still up (its token was valid when it connected).
    await twin.sync();
    sameView(roaming, twin);
    roaming.close();
    twin.close();
  });
});
