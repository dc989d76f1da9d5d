import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import { cash, startTestHub, type Staff, type TestHub } from './support/hub-harness.js';

// The sales desk's own routes: edit a transaction before payment (recorded, ledger kept
// append-only and balanced), its job-order / claim slip (HTML, text, ESC/POS bytes), and
// the admin's staff changes and ledger keyset paging.

let t: TestHub;
let sales: Staff;
let otherSales: Staff;
let cashier: Staff;

beforeAll(async () => {
  t = await startTestHub();
  sales = await t.staff('sales', 'desk-ana');
  otherSales = await t.staff('sales', 'desk-ben');
  cashier = await t.staff('cashier', 'till-cora');
});
afterAll(() => t.close());

const audit = () => auditStore(t.hub.store.db);
const ledgerOf = (customerId: string) => t.hub.store.q.ledger.allFor(customerId);

describe('editing a transaction before payment', () => {
  it('new lines change the total, the balance and the ledger by one adjustment, and the edit is an event', async () => {
    const customerId = await t.customer(sales.token, 'Reyes Printing');
    const tx = await t.transaction(sales.token, customerId, 500_00);
    const r = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, {
      token: sales.token,
      body: {
        lines: [
          { description: 'Tarpaulin 3×6 ft', quantity: 2, unitPrice: 350_00 },
          { description: 'Eyelets', quantity: 10, unitPrice: 5_00 },
        ],
        dueDate: '2026-12-24',
        notes: 'Rush',
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.transaction).toMatchObject({ total_amount: 750_00, balance_amount: 750_00, payment_status: 'unpaid', dueDate: '2026-12-24', notes: 'Rush' });
    expect(r.body.transaction.lines.map((l: { description: string }) => l.description)).toEqual(['Tarpaulin 3×6 ft', 'Eyelets']);

    const entries = ledgerOf(customerId);
    expect(entries.map((e) => [e.type, e.amount, e.balance_after])).toEqual([
      ['charge', 500_00, 500_00],
      ['adjustment', 250_00, 750_00],
    ]);
    const edited = t.hub.store.eventsAfter(0, 1000).filter((e) => e.type === 'transaction.edited');
    expect(edited).toHaveLength(1);
    expect(edited[0]!.payload).toMatchObject({ changed: ['lines', 'dueDate', 'notes'], previous: { total_amount: 500_00, dueDate: null }, actorId: sales.id });

    // A GET shows the edit (the lines cache was dropped with the old lines).
    const again = await t.api('GET', `/api/v1/transactions/${tx.id}`, { token: sales.token });
    expect(again.body.transaction.total_amount).toBe(750_00);
    expect(audit()).toMatchObject({ ok: true, problems: [] });
  });

  it('moving it to another customer takes it off one balance and onto the other', async () => {
    const wrong = await t.customer(sales.token, 'Wrong Customer');
    const right = await t.customer(sales.token, 'Right Customer');
    const tx = await t.transaction(sales.token, wrong, 300_00);
    const r = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: sales.token, body: { customerId: right } });
    expect(r.status).toBe(200);
    expect(r.body.transaction.customerId).toBe(right);
    expect(t.hub.store.q.customers.get(wrong)!.open_balance).toBe(0);
    expect(t.hub.store.q.customers.get(right)!.open_balance).toBe(300_00);
    expect(ledgerOf(wrong).at(-1)).toMatchObject({ type: 'adjustment', amount: -300_00, balance_after: 0 });
    expect(ledgerOf(right).at(-1)).toMatchObject({ type: 'charge', amount: 300_00, balance_after: 300_00 });
    expect(audit().ok).toBe(true);
  });

  it('is refused (409) once a payment was taken, even after that payment was voided; nothing changes', async () => {
    const customerId = await t.customer(sales.token, 'Paid Partly');
    const tx = await t.transaction(sales.token, customerId, 1_000_00);
    const paid = await t.settle(cashier.token, cash(customerId, 100_00));
    expect(paid.status).toBe(201);
    const body = { lines: [{ description: 'Cheaper now', quantity: 1, unitPrice: 10_00 }] };
    const refused = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: sales.token, body });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('has_allocations');

    await t.api('POST', `/api/v1/settlements/${paid.body.settlement.id}/void`, { token: t.admin.token, body: { reason: 'wrong amount' } });
    const still = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: t.admin.token, body });
    expect(still.status).toBe(409);
    const now = await t.api('GET', `/api/v1/transactions/${tx.id}`, { token: sales.token });
    expect(now.body.transaction).toMatchObject({ total_amount: 1_000_00, paid_amount: 0 });
    expect(now.body.transaction.lines[0].description).toBe('Job order');
    const payments = await t.api('GET', `/api/v1/transactions/${tx.id}/payments`, { token: sales.token });
    expect(payments.body.items).toMatchObject([{ or_number: paid.body.settlement.or_number, amount: 100_00, status: 'void', method: 'cash' }]);
    expect((await t.api('GET', `/api/v1/transactions/${tx.id}/payments`, { token: otherSales.token })).status).toBe(403);
    expect(audit().ok).toBe(true);
  });

  it('another clerk may not edit it, a cancelled one cannot be edited, and bad input is a 400 that changes nothing', async () => {
    const customerId = await t.customer(sales.token, 'Scope Check');
    const tx = await t.transaction(sales.token, customerId, 200_00);
    const other = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: otherSales.token, body: { notes: 'mine now' } });
    expect(other.status).toBe(403);
    const cashierTry = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: cashier.token, body: { notes: 'x' } });
    expect(cashierTry.status).toBe(403);
    for (const body of [{}, { lines: [] }, { lines: [{ description: '', quantity: 1, unitPrice: 1 }] }, { total_amount: 1 }, { dueDate: '24/12/2026' }]) {
      const bad = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: sales.token, body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
    }
    await t.api('POST', `/api/v1/transactions/${tx.id}/void`, { token: sales.token, body: { reason: 'customer cancelled' } });
    const cancelled = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: sales.token, body: { notes: 'x' } });
    expect(cancelled.status).toBe(409);
    expect(ledgerOf(customerId).map((e) => e.type)).toEqual(['charge', 'void']);
    expect(audit().ok).toBe(true);
  });
});

describe('job-order / claim slip', () => {
  it('prints the reference, customer, lines, total, due date and "not a receipt", as HTML, text and ESC/POS', async () => {
    const customerId = await t.customer(sales.token, 'Dela Cruz Store');
    const created = await t.api('POST', '/api/v1/transactions', {
      token: sales.token,
      body: {
        customerId,
        lines: [
          { description: 'Business cards, 500 pcs', quantity: 1, unitPrice: 1_250_00 },
          { description: 'Rubber stamp with @ logo', quantity: 2, unitPrice: 175_50 },
        ],
        dueDate: '2026-12-20',
        notes: 'Claim after 3 pm',
      },
    });
    const tx = created.body.transaction;
    const ref = tx.id.slice(-6).toUpperCase();

    const html = await fetch(`${t.url}/api/v1/transactions/${tx.id}/job-order?format=html`, { headers: { authorization: `Bearer ${sales.token}` } });
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    const page = await html.text();
    for (const s of [ref, 'JOB ORDER / CLAIM SLIP', 'Dela Cruz Store', 'Business cards, 500 pcs', '₱1,601.00', '2026-12-20', 'Claim after 3 pm', 'NOT AN OFFICIAL RECEIPT']) {
      expect(page).toContain(s);
    }

    const text = await (await fetch(`${t.url}/api/v1/transactions/${tx.id}/job-order?format=text&width=58`, { headers: { authorization: `Bearer ${sales.token}` } })).text();
    const lines = text.trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(32);
    expect(text).toContain(`REF ${ref}`);
    expect(lines.find((l) => l.startsWith('TOTAL'))).toMatch(/^TOTAL\s+1,601\.00$/);
    // The description's newline and ESC byte do not reach the printer as commands.
    expect(text).toContain('Rubber stamp with @ logo');

    const res = await fetch(`${t.url}/api/v1/transactions/${tx.id}/job-order?format=escpos&width=80`, { headers: { authorization: `Bearer ${sales.token}` } });
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]); // ESC @: initialise
    expect([...bytes.subarray(-6)]).toEqual([0x1b, 0x64, 0x04, 0x1d, 0x56, 0x01]); // feed 4, partial cut
    const body = bytes.subarray(2, -6);
    expect(body.includes(0x1b)).toBe(false);
    expect(body.toString('ascii')).toContain('JOB ORDER / CLAIM SLIP');
    expect(body.toString('ascii')).toContain(`REF ${ref}`);
  });

  it('is the clerk’s own: another clerk gets 403, a cashier 403, and a bad format 400', async () => {
    const customerId = await t.customer(sales.token, 'Slip Scope');
    const tx = await t.transaction(sales.token, customerId, 100_00);
    expect((await t.api('GET', `/api/v1/transactions/${tx.id}/job-order?format=json`, { token: otherSales.token })).status).toBe(403);
    expect((await t.api('GET', `/api/v1/transactions/${tx.id}/job-order?format=json`, { token: cashier.token })).status).toBe(403);
    expect((await t.api('GET', `/api/v1/transactions/${tx.id}/job-order?format=pdf`, { token: sales.token })).status).toBe(400);
    const json = await t.api('GET', `/api/v1/transactions/${tx.id}/job-order?format=json`, { token: t.admin.token });
    expect(json.body.jobOrder).toMatchObject({ reference: tx.id.slice(-6).toUpperCase(), total: 100_00, balance: 100_00, customer: { name: 'Slip Scope' } });
  });
});

describe('staff changes (admin)', () => {
  it('a new role takes effect (old token refused), a reset password signs in, a short one is a 400 naming the rule', async () => {
    const user = await t.staff('cashier', 'role-change');
    const changed = await t.api('PATCH', `/api/v1/staff/${user.id}`, { token: t.admin.token, body: { role: 'sales' } });
    expect(changed.status).toBe(200);
    expect(changed.body.user.role).toBe('sales');
    expect((await t.api('GET', '/api/v1/transactions', { token: user.token })).status).toBe(401);

    const short = await t.api('PATCH', `/api/v1/staff/${user.id}`, { token: t.admin.token, body: { password: 'short' } });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body.error)).toMatch(/at least 8 characters/);
    const reset = await t.api('PATCH', `/api/v1/staff/${user.id}`, { token: t.admin.token, body: { password: 'a-new-password' } });
    expect(reset.status).toBe(200);
    await expect(t.login('role-change', 'a-new-password')).resolves.toMatchObject({ role: 'sales' });
    await expect(t.login('role-change', 'role-change-password')).rejects.toThrow(/401/);
    expect((await t.api('PATCH', `/api/v1/staff/${user.id}`, { token: sales.token, body: { role: 'admin' } })).status).toBe(403);
    expect((await t.api('PATCH', `/api/v1/staff/${t.admin.id}`, { token: t.admin.token, body: { role: 'cashier' } })).status).toBe(409);
  });
});

describe('ledger keyset paging', () => {
  it('walks every entry once, newest first, with beforeId', async () => {
    const customerId = await t.customer(sales.token, 'Many Entries');
    for (let i = 0; i < 7; i++) await t.transaction(sales.token, customerId, 10_00 + i);
    const seen: number[] = [];
    let beforeId: number | undefined;
    for (;;) {
      const r = await t.api('GET', `/api/v1/backoffice/ledger?customerId=${customerId}&limit=3${beforeId ? `&beforeId=${beforeId}` : ''}`, { token: t.admin.token });
      expect(r.status).toBe(200);
      expect(r.body.pagination.total).toBe(7);
      seen.push(...r.body.entries.map((e: { id: number }) => e.id));
      if (!r.body.pagination.hasMore) break;
      beforeId = r.body.entries.at(-1).id;
    }
    expect(seen).toHaveLength(7);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('the page queries walk an index, not the table (EXPLAIN QUERY PLAN)', () => {
    const db = t.hub.store.db;
    const plan = (sql: string, params: Record<string, unknown>) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    // The statements the hub prepares for a ledger page (reports.queries.ts), by their text.
    const select = `SELECT l.*, c.name AS customer_name, u.display_name AS actor_name
     FROM ledger_entries l JOIN customers c ON c.id = l.customer_id LEFT JOIN users u ON u.id = l.actor_id`;
    const rest = `AND (@type IS NULL OR l.type = @type) ORDER BY l.id DESC LIMIT 200 OFFSET 0`;
    const store = plan(`${select} WHERE l.id < @b ${rest}`, { b: 5, type: null });
    expect(store).toMatch(/SEARCH l USING INTEGER PRIMARY KEY \(rowid<\?\)/);
    expect(store).not.toMatch(/USE TEMP B-TREE/);
    const byCustomer = plan(`${select} WHERE l.customer_id = @c AND l.id < @b ${rest}`, { c: 'x', b: 5, type: null });
    expect(byCustomer).toMatch(/SEARCH l USING INDEX ledger_customer \(customer_id=\? AND id<\?\)/);
    expect(byCustomer).not.toMatch(/USE TEMP B-TREE/);
    const journal = plan(`SELECT * FROM journal WHERE seq > @a ORDER BY seq LIMIT 100`, { a: 5 });
    expect(journal).toMatch(/INTEGER PRIMARY KEY|PRIMARY KEY/);
    const settlements = plan(`SELECT rowid, * FROM settlements WHERE rowid < @b ORDER BY rowid DESC LIMIT 100`, { b: 5 });
    expect(settlements).toMatch(/INTEGER PRIMARY KEY/);
  });
});
