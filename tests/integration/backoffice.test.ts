import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import { cash, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';

// The back-office routes (backoffice.routes.ts, backoffice-terminal.routes.ts) over real
// HTTP: who may call them, what a bad request leaves behind (nothing), the adjustment's
// ledger entry and the store audit after it, the CSV export, and dashboard figures that
// are exactly what was posted.

const START = Date.parse('2026-03-02T04:00:00.000Z'); // noon in Manila, 04:00 UTC: one calendar day in either zone

/** The store's calendar date of a moment: Manila's (UTC+8, the store default), whatever the PC's zone. */
function localDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Everything a back-office write could touch, to prove a refused request wrote nothing. */
function snapshot(t: TestHub) {
  const db = t.hub.store.db;
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    ledger: n('SELECT count(*) AS n FROM ledger_entries'),
    transactions: n('SELECT count(*) AS n FROM transactions'),
    events: n('SELECT count(*) AS n FROM events'),
    credit: n('SELECT coalesce(sum(credit_balance), 0) AS n FROM customers'),
    activeUsers: n('SELECT count(*) AS n FROM users WHERE active = 1'),
    settings: JSON.stringify(db.prepare('SELECT * FROM settings ORDER BY key').all()),
    orSeries: JSON.stringify(db.prepare('SELECT * FROM document_series').all()),
  };
}

/** RFC 4180 rows (quoted cells, doubled quotes, commas and newlines inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

const errorOf = (r: Json) => r.body?.error?.code as string | undefined;

describe('back office over HTTP', () => {
  let h: TestHub;
  let clock = START;
  let sales: Staff;
  let sales2: Staff;
  let cashier: Staff;
  let customerId: string;

  beforeAll(async () => {
    h = await startTestHub({ now: () => new Date((clock += 1000)) });
    sales = await h.staff('sales', 'sara');
    sales2 = await h.staff('sales', 'sonny');
    cashier = await h.staff('cashier', 'cora');
    customerId = await h.customer(sales.token, 'Reyes Bakery');
  });
  afterAll(async () => h?.close());

  const validSettings = () => ({
    storeName: 'Dela Rosa Print Shop',
    tin: '123-456-789-00000',
    address: '12 Rizal Ave, Manila',
    orPrefix: 'OR-MNL01',
    defaultAllocation: 'oldest_first',
    creditAlertPercent: 80,
    paidOutApprovalLimit: 1_000_00,
  });

  describe('roles', () => {
    const adminOnly = (): [string, string, unknown?][] => [
      ['GET', '/api/v1/backoffice/dashboard'],
      ['GET', '/api/v1/backoffice/ledger'],
      ['GET', '/api/v1/backoffice/ledger.csv'],
      ['GET', '/api/v1/backoffice/calendar?from=2026-03-01&to=2026-03-31'],
      ['GET', '/api/v1/backoffice/staff'],
      ['PUT', `/api/v1/backoffice/staff/${sales2.id}/active`, { active: false }],
      ['POST', '/api/v1/backoffice/adjustments', { customerId, amount: 100_00, reason: 'delivery fee' }],
      ['PUT', '/api/v1/backoffice/settings', { ...validSettings(), storeName: 'Taken Over', orPrefix: 'HACKED' }],
    ];

    it('admin-only routes: 401 without a (valid) token, 403 for sales and cashier, and nothing written', async () => {
      const before = snapshot(h);
      for (const [method, path, body] of adminOnly()) {
        for (const token of [undefined, 'not-a-token', `${h.admin.token}x`]) {
          const r = await h.api(method, path, { token, body });
          expect([path, r.status, errorOf(r)]).toEqual([path, 401, 'unauthorized']);
        }
        for (const who of [sales, cashier]) {
          const r = await h.api(method, path, { token: who.token, body });
          expect([path, who.role, r.status]).toEqual([path, who.role, 403]);
          expect(r.body).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
        }
      }
      expect(snapshot(h)).toEqual(before);
      // sonny was not deactivated by anyone: still signs in and works.
      expect((await h.api('GET', '/api/v1/transactions', { token: sales2.token })).status).toBe(200);
    });

    it('admin-only routes answer the admin', async () => {
      const statuses: Record<string, number> = {};
      for (const [method, path, body] of adminOnly()) {
        // Deactivating sonny and changing the settings are undone below; only the status matters here.
        const r = await h.api(method, path, { token: h.admin.token, body: path.endsWith('/settings') ? validSettings() : path.includes('/active') ? { active: true } : body });
        statuses[`${method} ${path.split('?')[0]}`] = r.status;
      }
      expect(Object.values(statuses).every((s) => s === 200 || s === 201)).toBe(true);
      expect(statuses['POST /api/v1/backoffice/adjustments']).toBe(201);
    });

    it('terminal look-ups (customers, latest OR, settings) need a sign-in and answer every role', async () => {
      const paths = ['/api/v1/backoffice/customers?q=Reyes', '/api/v1/backoffice/latest-or?transactionIds=', '/api/v1/backoffice/settings'];
      for (const path of paths) {
        expect((await h.api('GET', path)).status).toBe(401);
        for (const who of [sales, cashier, h.admin]) expect([path, who.username, (await h.api('GET', path, { token: who.token })).status]).toEqual([path, who.username, 200]);
      }
    });
  });

  describe('validation: 400, and nothing written', () => {
    it('adjustments: zero, fractions, strings, out of range, no or short reason, bad ids, bad JSON', async () => {
      const before = snapshot(h);
      const bodies: unknown[] = [
        { customerId, amount: 0, reason: 'nothing at all' },
        { customerId, amount: 10.5, reason: 'half a centavo' },
        { customerId, amount: '100', reason: 'a string amount' },
        { customerId, amount: 100_000_000_001, reason: 'more than any till' },
        { customerId, amount: 100 },
        { customerId, amount: 100, reason: 'ab' },
        { customerId, amount: 100, reason: '   ' },
        { customerId: 'cus x/../1', amount: 100, reason: 'bad id' },
        { amount: 100, reason: 'no customer' },
        [],
        null,
      ];
      for (const body of bodies) {
        const r = await h.api('POST', '/api/v1/backoffice/adjustments', { token: h.admin.token, body });
        expect([JSON.stringify(body), r.status, errorOf(r)]).toEqual([JSON.stringify(body), 400, 'validation_failed']);
      }
      const raw = await h.api('POST', '/api/v1/backoffice/adjustments', { token: h.admin.token, rawBody: '{"customerId":', headers: { 'content-type': 'application/json' } });
      expect(raw.status).toBe(400);
      const unknown = await h.api('POST', '/api/v1/backoffice/adjustments', { token: h.admin.token, body: { customerId: 'cus_nobody', amount: 100, reason: 'who is this' } });
      expect([unknown.status, errorOf(unknown)]).toEqual([404, 'not_found']);
      expect(snapshot(h)).toEqual(before);
    });

    it('ledger and CSV queries, calendar ranges, customer look-ups', async () => {
      const badLedger = ['limit=0', 'limit=501', 'limit=ten', 'offset=-1', 'type=gift', 'from=2026-13-01', 'to=yesterday', 'customerId=a%20b'];
      for (const q of badLedger) {
        for (const path of ['/api/v1/backoffice/ledger', '/api/v1/backoffice/ledger.csv']) {
          const r = await h.api('GET', `${path}?${q}`, { token: h.admin.token });
          expect([path, q, r.status, errorOf(r)]).toEqual([path, q, 400, 'validation_failed']);
        }
      }
      for (const q of ['', 'from=2026-03-01', 'to=2026-03-31', 'from=2026-03-01&to=March', 'from=2026-03-31&to=2026-03-01']) {
        const r = await h.api('GET', `/api/v1/backoffice/calendar?${q}`, { token: h.admin.token });
        expect([q, r.status, errorOf(r)]).toEqual([q, 400, 'validation_failed']);
      }
      // (The 20,000-character caps on `ids` and `transactionIds` sit behind Node's 16 KiB header limit: 431 first.)
      for (const q of ['limit=0', 'limit=501', 'limit=x']) {
        const r = await h.api('GET', `/api/v1/backoffice/customers?${q}`, { token: sales.token });
        expect([q, r.status, errorOf(r)]).toEqual([q, 400, 'validation_failed']);
      }
    });

    it('staff activation: body and id checked, unknown user 404, no admin locks themself out', async () => {
      const before = snapshot(h);
      for (const body of [{}, { active: 'no' }, { active: 0 }, null]) {
        const r = await h.api('PUT', `/api/v1/backoffice/staff/${sales2.id}/active`, { token: h.admin.token, body });
        expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
      }
      expect((await h.api('PUT', '/api/v1/backoffice/staff/bad%20id/active', { token: h.admin.token, body: { active: false } })).status).toBe(400);
      const nobody = await h.api('PUT', '/api/v1/backoffice/staff/usr_nobody/active', { token: h.admin.token, body: { active: false } });
      expect([nobody.status, errorOf(nobody)]).toEqual([404, 'not_found']);
      const self = await h.api('PUT', `/api/v1/backoffice/staff/${h.admin.id}/active`, { token: h.admin.token, body: { active: false } });
      expect([self.status, errorOf(self)]).toEqual([409, 'conflict']);
      expect(snapshot(h)).toEqual(before);
    });

    it('settings: every field checked, the whole object required; nothing changes on a refusal', async () => {
      const before = snapshot(h);
      const shown = (await h.api('GET', '/api/v1/backoffice/settings', { token: sales.token })).body;
      const bad = [
        { ...validSettings(), orPrefix: 'or-lower' },
        { ...validSettings(), orPrefix: 'X' },
        { ...validSettings(), storeName: '  ' },
        { ...validSettings(), creditAlertPercent: 0 },
        { ...validSettings(), creditAlertPercent: 101 },
        { ...validSettings(), creditAlertPercent: 80.5 },
        { ...validSettings(), defaultAllocation: 'manual' },
        { storeName: 'Only a name' },
      ];
      for (const body of bad) {
        const r = await h.api('PUT', '/api/v1/backoffice/settings', { token: h.admin.token, body });
        expect([JSON.stringify(body), r.status, errorOf(r)]).toEqual([JSON.stringify(body), 400, 'validation_failed']);
      }
      expect(snapshot(h)).toEqual(before);
      expect((await h.api('GET', '/api/v1/backoffice/settings', { token: sales.token })).body).toEqual(shown);
    });
  });

  describe('adjustments', () => {
    it('adding writes one `adjustment` ledger entry and a transaction the cashier can settle; the audit holds', async () => {
      const c = await h.customer(sales.token, 'Gomez Trading');
      const before = snapshot(h);
      const r = await h.api('POST', '/api/v1/backoffice/adjustments', { token: h.admin.token, body: { customerId: c, amount: 125_50, reason: '  Delivery fee agreed by phone  ' } });
      expect(r.status).toBe(201);
      expect(r.body.entry).toMatchObject({
        customerId: c,
        customerName: 'Gomez Trading',
        type: 'adjustment',
        amount: 125_50,
        balanceBefore: 0,
        balanceAfter: 125_50,
        transactionId: r.body.transactionId,
        orNumber: null,
        actorId: h.admin.id,
        reason: 'Delivery fee agreed by phone',
      });
      expect(snapshot(h)).toMatchObject({ ledger: before.ledger + 1, transactions: before.transactions + 1 });
      const tx = (await h.api('GET', `/api/v1/transactions/${r.body.transactionId}`, { token: cashier.token })).body.transaction;
      expect(tx).toMatchObject({ customerId: c, total_amount: 125_50, balance_amount: 125_50, payment_status: 'unpaid' });
      const ledger = (await h.api('GET', `/api/v1/backoffice/ledger?customerId=${c}`, { token: h.admin.token })).body;
      expect(ledger.entries.map((e: Json) => [e.type, e.amount, e.balanceAfter])).toEqual([['adjustment', 125_50, 125_50]]);
      expect(auditStore(h.hub.store.db)).toMatchObject({ ok: true, problems: [] });

      const paid = await h.settle(cashier.token, cash(c, 125_50, { tender: { method: 'cash', tendered: 200_00 } }));
      expect(paid.status).toBe(201);
      expect(auditStore(h.hub.store.db)).toMatchObject({ ok: true, problems: [] });
    });

    it('reducing writes a negative `adjustment` kept as the customer’s credit; the audit holds', async () => {
      const c = await h.customer(sales.token, 'Lim Hardware');
      await h.transaction(sales.token, c, 300_00);
      const r = await h.api('POST', '/api/v1/backoffice/adjustments', { token: h.admin.token, body: { customerId: c, amount: -50_00, reason: 'Goodwill discount' } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ transactionId: null, entry: { type: 'adjustment', amount: -50_00, balanceBefore: 300_00, balanceAfter: 250_00 } });
      const customer = (await h.api('GET', `/api/v1/customers/${c}`, { token: cashier.token })).body.customer;
      expect(customer.creditBalance).toBe(50_00);
      const types = (await h.api('GET', `/api/v1/backoffice/ledger?customerId=${c}`, { token: h.admin.token })).body.entries.map((e: Json) => e.type);
      expect(types).toEqual(['adjustment', 'charge']);
      const report = auditStore(h.hub.store.db);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    });
  });

  describe('ledger CSV', () => {
    let awkward: string;
    let formula: string;
    let orNumber: string;

    beforeAll(async () => {
      awkward = await h.customer(sales.token, 'Dela Cruz, "Jun" Printing');
      formula = await h.customer(sales.token, "=HYPERLINK(\"http://x\")");
      await h.transaction(sales.token, awkward, 1_500_00);
      await h.transaction(sales.token, formula, 99_00);
      const r = await h.settle(cashier.token, cash(awkward, 500_00));
      expect(r.status).toBe(201);
      orNumber = r.body.settlement.or_number;
    });

    const csv = async (query = '') => {
      const res = await fetch(`${h.url}/api/v1/backoffice/ledger.csv${query}`, { headers: { authorization: `Bearer ${h.admin.token}` } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
    };

    it('is a UTF-8 attachment with a BOM and a header, one row per ledger entry, oldest first, in plain pesos', async () => {
      const { res, bytes, text } = await csv();
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kahera-ledger-store-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // Excel reads ₱ and ñ right only with it
      const rows = parseCsv(text.slice(1));
      expect(rows[0]).toEqual(['entry_id', 'date_time', 'customer', 'type', 'amount', 'balance_before', 'balance_after', 'or_number', 'transaction_id', 'by', 'reason']);
      const json = (await h.api('GET', '/api/v1/backoffice/ledger?limit=500', { token: h.admin.token })).body;
      expect(rows.length - 1).toBe(json.pagination.total);
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(json.entries.map((e: Json) => e.id).reverse());
      const payment = rows.find((r) => r[3] === 'payment' && r[7] === orNumber)!;
      expect(payment.slice(2, 8)).toEqual(['Dela Cruz, "Jun" Printing', 'payment', '-500.00', '1500.00', '1000.00', orNumber]);
      expect(payment[9]).toBe('cora');
    });

    it('quotes commas and quotes, and defuses a name a spreadsheet would run as a formula', async () => {
      const { text } = await csv();
      expect(text).toContain(',"Dela Cruz, ""Jun"" Printing",charge,1500.00,0.00,1500.00,');
      const rows = parseCsv(text.slice(1));
      const f = rows.find((r) => r[3] === 'charge' && r[4] === '99.00')!;
      expect(f[2]).toBe(`'=HYPERLINK("http://x")`);
      expect(rows.some((r) => r.some((cell) => /^[=+@]/.test(cell)))).toBe(false);
    });

    it('follows the filters: one customer (named in the file name), one type', async () => {
      const one = await csv(`?customerId=${awkward}`);
      expect(one.res.headers.get('content-disposition')).toContain(`kahera-ledger-${awkward}-`);
      const rows = parseCsv(one.text.slice(1)).slice(1);
      expect(rows.map((r) => [r[3], r[4]])).toEqual([
        ['charge', '1500.00'],
        ['payment', '-500.00'],
      ]);
      const payments = parseCsv((await csv('?type=payment')).text.slice(1)).slice(1);
      expect(payments.length).toBeGreaterThan(0);
      expect(new Set(payments.map((r) => r[3]))).toEqual(new Set(['payment']));
    });
  });

  describe('staff, settings, directory and latest OR', () => {
    it('lists staff; deactivating signs the user out at once; reactivating lets them back in', async () => {
      const list = (await h.api('GET', '/api/v1/backoffice/staff', { token: h.admin.token })).body.items;
      expect(list.find((u: Json) => u.id === sales2.id)).toMatchObject({ username: 'sonny', role: 'sales', active: true });
      expect(list.every((u: Json) => !('password_hash' in u) && !('passwordHash' in u))).toBe(true);
      const off = await h.api('PUT', `/api/v1/backoffice/staff/${sales2.id}/active`, { token: h.admin.token, body: { active: false } });
      expect([off.status, off.body.user]).toEqual([200, { id: sales2.id, username: 'sonny', role: 'sales', displayName: 'sonny' }]);
      const listed = (await h.api('GET', '/api/v1/backoffice/staff', { token: h.admin.token })).body.items;
      expect(listed.find((u: Json) => u.id === sales2.id).active).toBe(false);
      expect((await h.api('GET', '/api/v1/transactions', { token: sales2.token })).status).toBe(401);
      expect((await h.api('POST', '/api/v1/auth/login', { body: { username: 'sonny', password: 'sonny-password' } })).status).toBe(401);
      await h.api('PUT', `/api/v1/backoffice/staff/${sales2.id}/active`, { token: h.admin.token, body: { active: true } });
      sales2 = await h.login('sonny', 'sonny-password');
      expect((await h.api('GET', '/api/v1/transactions', { token: sales2.token })).status).toBe(200);
    });

    it('saved settings are what every terminal reads; a new OR prefix numbers the next receipt and the counter goes on', async () => {
      const c = await h.customer(sales.token, 'Prefix Test');
      await h.transaction(sales.token, c, 20_00);
      const last = (h.hub.store.db.prepare("SELECT coalesce(max(or_counter), 0) AS n FROM settlements WHERE document_type = 'collection_receipt'").get() as { n: number }).n;
      const next = { ...validSettings(), storeName: 'Reyes & Sons', orPrefix: 'MAIN2', creditAlertPercent: 70, defaultAllocation: 'largest_first' };
      const put = await h.api('PUT', '/api/v1/backoffice/settings', { token: h.admin.token, body: next });
      expect(put.status).toBe(200);
      // Fields this client did not send (when invoices are issued, and where) keep their values.
      const saved = { ...next, invoiceAt: 'sale', invoiceRegisterId: 'reg_c1' };
      expect(put.body).toEqual({ settings: saved, storeId: expect.any(String) });
      expect((await h.api('GET', '/api/v1/backoffice/settings', { token: cashier.token })).body.settings).toEqual(saved);
      expect((await h.api('GET', '/api/v1/receipt-settings', { token: cashier.token })).body.settings).toMatchObject({ storeName: 'Reyes & Sons', tin: next.tin, address: next.address });
      // A part payment: a collection receipt, from the OR series under its new prefix.
      const r = await h.settle(cashier.token, cash(c, 10_00));
      expect(r.body.settlement.or_number).toBe(`MAIN2-${String(last + 1).padStart(8, '0')}`);
    });

    it('customer directory: search and names by id for any role; junk ids ignored', async () => {
      const found = (await h.api('GET', '/api/v1/backoffice/customers?q=Reyes', { token: cashier.token })).body.items;
      expect(found.map((c: Json) => c.name)).toEqual(['Reyes Bakery']);
      const byIds = (await h.api('GET', `/api/v1/backoffice/customers?ids=${customerId},../etc,${customerId},cus_none`, { token: sales.token })).body.items;
      expect(byIds.map((c: Json) => c.id)).toEqual([customerId]);
    });

    it('latest OR per transaction, only within the caller’s scope, and marked voided after a void', async () => {
      const c = await h.customer(sales.token, 'Scope Test');
      const t = await h.transaction(sales.token, c, 400_00);
      const s = (await h.settle(cashier.token, cash(c, 100_00))).body.settlement;
      const ask = async (who: Staff) => (await h.api('GET', `/api/v1/backoffice/latest-or?transactionIds=${t.id},bad/id`, { token: who.token })).body.items;
      expect(await ask(sales)).toEqual({ [t.id]: { or_number: s.or_number, voided: false, at: s.createdAt } });
      expect(await ask(cashier)).toEqual({ [t.id]: expect.objectContaining({ or_number: s.or_number }) });
      expect(await ask(sales2)).toEqual({}); // another clerk's transaction: not even its OR
      expect((await h.api('POST', `/api/v1/settlements/${s.id}/void`, { token: h.admin.token, body: { reason: 'wrong amount' } })).status).toBe(200);
      expect((await ask(sales))[t.id]).toMatchObject({ or_number: s.or_number, voided: true });
    });
  });
});

describe('back-office dashboard and calendar: the figures are what was posted', () => {
  let d: TestHub;
  let clock = START;
  let a: string;
  let b: string;
  const tx: Record<string, Json> = {};
  const or: Record<string, Json> = {};

  beforeAll(async () => {
    d = await startTestHub({ now: () => new Date((clock += 1000)) });
    const sales = await d.staff('sales', 'sid');
    const cashier = await d.staff('cashier', 'cel');
    a = await d.customer(sales.token, 'Aquino Motors');
    const created = await d.api('POST', '/api/v1/customers', { token: sales.token, body: { name: 'Bautista Farms', creditLimit: 1_000_00 } });
    b = created.body.customer.id;
    const make = async (name: string, customerId: string, amount: number, dueDate?: string) => {
      const r = await d.api('POST', '/api/v1/transactions', {
        token: sales.token,
        body: { customerId, lines: [{ description: name, quantity: 1, unitPrice: amount }], ...(dueDate ? { dueDate } : {}) },
      });
      expect(r.status).toBe(201);
      tx[name] = r.body.transaction;
    };
    await make('A1', a, 2_000_00);
    await make('A2', a, 500_00, '2026-01-10'); // 51 days overdue on Mar 2: 31–60
    await make('A3', a, 300_00, '2025-11-01'); // 121 days, but paid below
    await make('B1', b, 900_00); // 90 % of Bautista's limit
    const pay = async (name: string, amount: number, method: string, to: string) => {
      const r = await d.settle(cashier.token, {
        customerId: a,
        amount,
        tender: method === 'cash' ? { method, tendered: amount } : { method, reference: `REF-${name}` },
        allocation: { strategy: 'manual', lines: [{ transactionId: tx[to].id, amount }] },
      });
      expect(r.status).toBe(201);
      or[name] = r.body.settlement;
    };
    await pay('S1', 1_000_00, 'cash', 'A1');
    await pay('S2', 300_00, 'gcash', 'A3');
    await pay('S3', 200_00, 'card', 'A1');
    expect((await d.api('POST', `/api/v1/settlements/${or.S3.id}/void`, { token: d.admin.token, body: { reason: 'card declined later' } })).status).toBe(200);
  });
  afterAll(async () => d?.close());

  it('collections by tender, voids, receivables, aging, days to pay, credit exposure and the daily series', async () => {
    const r = await d.api('GET', '/api/v1/backoffice/dashboard', { token: d.admin.token });
    expect(r.status).toBe(200);
    const today = localDay(clock);
    const dash = r.body;
    expect(dash.businessDate).toBe(today);
    expect(dash.collections).toEqual([
      { method: 'cash', count: 1, amount: 1_000_00 },
      { method: 'card', count: 0, amount: 0 },
      { method: 'gcash', count: 1, amount: 300_00 },
      { method: 'maya', count: 0, amount: 0 },
      { method: 'bank_transfer', count: 0, amount: 0 },
      { method: 'check', count: 0, amount: 0 },
    ]);
    expect(dash.collectionsTotal).toBe(1_300_00);
    expect(dash.voids).toEqual({ count: 1, amount: 200_00 });
    // Open: A1 2,000 − 1,000 = 1,000; A2 500; B1 900 (A3 is paid; S3's 200 went back onto A1 and came off again).
    expect(dash.outstanding).toEqual({ amount: 2_400_00, transactions: 3, customers: 2 });
    expect(dash.aging).toEqual([
      { bucket: '0-30', amount: 1_900_00, count: 2 },
      { bucket: '31-60', amount: 500_00, count: 1 },
      { bucket: '61-90', amount: 0, count: 0 },
      { bucket: '90+', amount: 0, count: 0 },
    ]);
    expect(dash.avgDaysToPay).toBe(0); // A3: created and paid the same minute
    expect(dash.credit).toEqual({
      totalLimit: 1_000_00,
      totalOwing: 900_00,
      alertPercent: 80,
      customers: [{ customerId: b, name: 'Bautista Farms', creditLimit: 1_000_00, owing: 900_00, percent: 90, over: false }],
    });
    expect(dash.daily).toHaveLength(14);
    expect(dash.daily.at(-1)).toEqual({ date: today, amount: 1_300_00 });
    expect(dash.daily.slice(0, -1).every((x: Json) => x.amount === 0)).toBe(true);

    // The same totals the ledger holds: payments less their voids.
    const ledger = (await d.api('GET', '/api/v1/backoffice/ledger?limit=500', { token: d.admin.token })).body.entries;
    const paid = -ledger.filter((e: Json) => e.type === 'payment' || e.type === 'void').reduce((s: number, e: Json) => s + e.amount, 0);
    expect(paid).toBe(dash.collectionsTotal);
  });

  it('moves with the next payment (nothing cached)', async () => {
    const cashier = await d.login('cel', 'cel-password');
    expect((await d.settle(cashier.token, cash(b, 400_00))).status).toBe(201);
    const dash = (await d.api('GET', '/api/v1/backoffice/dashboard', { token: d.admin.token })).body;
    expect(dash.collectionsTotal).toBe(1_700_00);
    expect(dash.collections[0]).toEqual({ method: 'cash', count: 2, amount: 1_400_00 });
    expect(dash.outstanding).toEqual({ amount: 2_000_00, transactions: 3, customers: 2 });
    expect(dash.credit.customers).toEqual([]); // Bautista now owes 50 % of the limit, under the 80 % alert
  });

  it('calendar: open transactions due in the range and every payment, voids flagged', async () => {
    const r = await d.api('GET', '/api/v1/backoffice/calendar?from=2025-10-01&to=2026-03-31', { token: d.admin.token });
    expect(r.status).toBe(200);
    expect(r.body.due).toEqual([
      { date: '2026-01-10', transactionId: tx.A2.id, customerId: a, customerName: 'Aquino Motors', balance: 500_00, status: 'unpaid' },
    ]);
    const today = localDay(clock);
    expect(r.body.payments.slice(0, 3)).toEqual([
      { date: today, settlementId: or.S1.id, orNumber: or.S1.or_number, customerName: 'Aquino Motors', amount: 1_000_00, void: false },
      { date: today, settlementId: or.S2.id, orNumber: or.S2.or_number, customerName: 'Aquino Motors', amount: 300_00, void: false },
      { date: today, settlementId: or.S3.id, orNumber: or.S3.or_number, customerName: 'Aquino Motors', amount: 200_00, void: true },
    ]);
    const outside = (await d.api('GET', '/api/v1/backoffice/calendar?from=2025-01-01&to=2025-06-30', { token: d.admin.token })).body;
    expect(outside).toEqual({ due: [], payments: [] });
  });
});

describe('back-office dates are on the store clock, not the hub PC clock', () => {
  // 17:30 UTC on 2 March is 01:30 on 3 March in Manila: a payment then is the 3rd's.
  const AT = Date.parse('2026-03-02T17:30:00.000Z');
  let e: TestHub;
  let clock = AT;
  beforeAll(async () => {
    e = await startTestHub({ now: () => new Date((clock += 1000)) });
  });
  afterAll(async () => e?.close());

  it('the dashboard, calendar and ledger filter put a payment at 01:30 Manila on that Manila day', async () => {
    const sales = await e.staff('sales', 'night-sales');
    const cashier = await e.staff('cashier', 'night-cashier');
    const c = await e.customer(sales.token, 'Night Owl Bakery');
    await e.transaction(sales.token, c, 250_00);
    const s = await e.settle(cashier.token, cash(c, 250_00));
    expect(s.status).toBe(201);
    const dash = (await e.api('GET', '/api/v1/backoffice/dashboard', { token: e.admin.token })).body;
    expect(dash.businessDate).toBe('2026-03-03');
    expect(dash.collectionsTotal).toBe(250_00);
    expect(dash.daily.at(-1)).toEqual({ date: '2026-03-03', amount: 250_00 });
    const cal = (await e.api('GET', '/api/v1/backoffice/calendar?from=2026-03-01&to=2026-03-31', { token: e.admin.token })).body;
    expect(cal.payments.map((p: Json) => p.date)).toEqual(['2026-03-03']);
    const day = async (d: string) =>
      (await e.api('GET', `/api/v1/backoffice/ledger?from=${d}&to=${d}&limit=50`, { token: e.admin.token })).body.entries.filter((x: Json) => x.type === 'payment').length;
    expect([await day('2026-03-02'), await day('2026-03-03')]).toEqual([0, 1]);
  });
});
