import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import type { Customer } from '../../src/shared/customers.js';
import type { Transaction } from '../../src/shared/transactions.js';
import { ADMIN, api, cleanup, ensureRendererBuilt, openTerminal, shot, shownBeforeAsking, signIn, startTestHub, tokenOf, type Staff } from './harness.js';

// Three terminals against one real hub: a sales desk, a cashier and the back office,
// each its own Chromium profile. What a user would notice is asserted: the queue
// filling, the status flipping live, the OR, the void reverting, the offline banner.

const SALES: Staff = { username: 'sales1', password: 'sales-pass-1', role: 'sales', displayName: 'Sally Sales' };
const SALES2: Staff = { username: 'sales2', password: 'sales-pass-2', role: 'sales', displayName: 'Other Clerk' };
const CASHIER: Staff = { username: 'cashier1', password: 'cashier-pass-1', role: 'cashier', displayName: 'Carla Cashier' };
const CUSTOMER = 'Dela Cruz Printing';

interface Terminal {
  context: BrowserContext;
  page: Page;
  profile: string;
}

let hub: Hub;
let dataDir: string;
let sales: Terminal;
let cashier: Terminal;
let admin: Terminal;
let orNumber = '';
let blocked = false;
const salesSockets = new Set<WebSocketRoute>();

const row = (page: Page) => page.locator('[data-testid="tx-row"]').filter({ hasText: CUSTOMER });

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  ensureRendererBuilt();
  ({ hub, dataDir } = await startTestHub([SALES, SALES2, CASHIER]));
  [sales, cashier, admin] = await Promise.all([openTerminal('sales'), openTerminal('cashier'), openTerminal('admin')]);
  // The sales terminal's websocket goes through a switch the test can open and close.
  await sales.context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (blocked) {
      ws.close({ code: 1006, reason: 'network down (test)' });
      return;
    }
    const server = ws.connectToServer();
    salesSockets.add(ws);
    ws.onClose(() => {
      salesSockets.delete(ws);
      void server.close();
    });
    server.onClose(() => void ws.close());
  });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([sales?.context.close(), cashier?.context.close(), admin?.context.close()]);
  await hub?.close();
  cleanup([dataDir, sales?.profile, cashier?.profile, admin?.profile].filter((p): p is string => !!p));
});

describe('terminals against a real hub', () => {
  it('signs each role in to its own screens, showing hub and role', async () => {
    await sales.page.goto(hub.url);
    await sales.page.getByTestId('hub-status').filter({ hasText: 'store MNL01' }).waitFor();
    await shot(sales.page, '01-login');
    await sales.page.getByLabel('Username').fill(SALES.username);
    await sales.page.getByLabel('Password').fill('wrong-password');
    await sales.page.getByLabel('Password').press('Enter');
    await expect.poll(() => sales.page.getByTestId('login-error').textContent()).toContain('Wrong username or password');
    await shot(sales.page, '02-login-error');

    await Promise.all([signIn(sales.page, hub.url, SALES), signIn(cashier.page, hub.url, CASHIER), signIn(admin.page, hub.url, ADMIN)]);
    expect(await sales.page.getByTestId('role-tag').textContent()).toBe('Sales desk');
    expect(await cashier.page.getByTestId('role-tag').textContent()).toBe('Cashier');
    expect(await admin.page.getByTestId('role-tag').textContent()).toBe('Admin');
    expect(await cashier.page.locator('.hub').textContent()).toContain(hub.url.replace('http://', ''));
  });

  it('sales creates a transaction; the cashier sees it in the queue live', async () => {
    const p = sales.page;
    await p.getByLabel('Search customer').fill(CUSTOMER);
    await p.getByRole('button', { name: '+ New customer' }).click();
    await p.getByRole('button', { name: 'Save customer' }).click();
    await p.getByTestId('picked-customer').filter({ hasText: CUSTOMER }).waitFor();
    await p.getByLabel('Line 1 description').fill('Tarpaulin print 3×6 ft');
    await p.getByLabel('Line 1 quantity').fill('2');
    await p.getByLabel('Line 1 unit price').fill('750');
    await expect.poll(() => p.getByTestId('new-tx-total').textContent()).toBe('₱1,500.00');
    await shot(p, '03-sales-new-transaction');
    await p.getByLabel('Line 1 unit price').press('Enter');
    await row(p).waitFor();
    expect(await row(p).getAttribute('data-status')).toBe('unpaid');

    const q = cashier.page.locator('[data-testid="queue-row"]').filter({ hasText: CUSTOMER });
    const ms = await until('the cashier queue to show the new transaction', async () => (await q.count()) === 1);
    console.log(`[e2e] new transaction reached the cashier queue in ${ms} ms (no reload)`);
    expect(await q.textContent()).toContain('₱1,500.00');
  });

  // "Within a second" is a target, measured by bench:fanout (hub → terminals) and logged
  // here; what this asserts is how the news arrives: by the hub's push, with no request.
  it('the cashier previews and settles part of it; sales sees partial, balance and OR live, without asking', async () => {
    const p = cashier.page;
    // Payments need an open shift when the hub has shifts.
    if (await p.getByTestId('open-shift').isVisible().catch(() => false)) {
      await p.getByTestId('shift-float').fill('1000');
      await p.getByTestId('open-shift').click();
      await p.getByText('Shift open').waitFor();
    }
    await p.locator('[data-testid="queue-row"]').filter({ hasText: CUSTOMER }).getByRole('button').click();
    await p.getByTestId('pay-customer').filter({ hasText: CUSTOMER }).waitFor();
    // ₱500 cash handed over on ₱1,500 owed: a part payment, no change.
    await p.getByTestId('pay-amount').fill('500');
    await expect.poll(() => p.getByTestId('pay-change').textContent()).toContain('₱0.00');
    await until('the allocation preview', async () => ((await p.locator('[data-testid="alloc-row"]').first().textContent()) ?? '').includes('₱500.00₱1,000.00'));
    await shot(p, '04-cashier-preview');

    const posted = Date.now();
    const { askedBefore } = await shownBeforeAsking(sales.page, { selector: '[data-testid="tx-row"]', text: CUSTOMER, attr: 'data-status', value: 'partial' }, async () => {
      await p.getByTestId('pay-amount').press('Enter');
      orNumber = ((await p.getByTestId('receipt-or').textContent({ timeout: 10_000 })) ?? '').trim();
      expect(orNumber).toMatch(/^OR-MNL01-\d{8}$/);
      const answered = Date.now() - posted;
      const seen = await until('sales to see partial', async () => (await row(sales.page).getAttribute('data-status')) === 'partial', 10_000);
      console.log(`[e2e] sales saw "partial" ${Date.now() - posted} ms after the cashier pressed Enter (hub answered in ${answered} ms; ${seen} ms after the receipt)`);
    });
    expect(askedBefore, 'the sales desk showed the payment before asking the hub anything').toEqual([]);
    expect(await row(sales.page).getByTestId('tx-balance').textContent()).toBe('₱1,000.00');
    expect(await row(sales.page).getByTestId('tx-paid').textContent()).toBe('₱500.00');
    expect(await row(sales.page).getByTestId('tx-or').textContent()).toContain(orNumber);
    await shot(p, '05-cashier-receipt');
    await shot(sales.page, '06-sales-partial');
  });

  it('prints the receipt, and a second print is a counted REPRINT', async () => {
    const p = cashier.page;
    await p.getByTestId('print-receipt').click();
    await expect.poll(() => p.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(1);
    expect(await p.getByTestId('reprint-mark').count()).toBe(0);
    await p.getByTestId('print-receipt').click();
    await p.getByTestId('reprint-mark').waitFor();
    expect(await p.getByTestId('reprint-mark').textContent()).toBe('REPRINT #1');
    await expect.poll(() => p.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(2);
    const stored = hub.store.q.settlements.list({ limit: 1 })[0]!;
    expect(stored.reprint_count).toBe(1);
    await shot(p, '07-cashier-reprint');
    await p.getByTestId('close-receipt').click();
  });

  it("never shows a sales clerk another clerk's transaction, not even live", async () => {
    const t2 = await tokenOf(hub, SALES2);
    const other = (await api<{ customer: Customer }>(hub, t2, 'POST', '/api/v1/customers', { name: 'Other Clerk Customer' })).customer;
    await api<{ transaction: Transaction }>(hub, t2, 'POST', '/api/v1/transactions', {
      customerId: other.id,
      lines: [{ description: 'Secret job', quantity: 1, unitPrice: 99_900 }],
    });
    // The cashier's queue gets it (it is open): proof the push went out.
    await until('the cashier to see the other clerk’s transaction', async () =>
      (await cashier.page.locator('[data-testid="queue-row"]').filter({ hasText: 'Other Clerk Customer' }).count()) === 1,
    );
    await sales.page.waitForTimeout(300);
    expect(await sales.page.locator('[data-testid="tx-row"]').count()).toBe(1);
    expect(await sales.page.getByText('Other Clerk Customer').count()).toBe(0);
    expect(await sales.page.getByText('Secret job').count()).toBe(0);
    await sales.page.reload();
    await row(sales.page).waitFor();
    expect(await sales.page.locator('[data-testid="tx-row"]').count()).toBe(1);
    expect(await sales.page.getByText('Secret job').count()).toBe(0);
  });

  it('admin voids the settlement; sales and cashier both see it revert', async () => {
    const p = admin.page;
    await shot(p, '08-admin-home');
    await p.getByRole('tab', { name: /Receipts/ }).click();
    const r = p.locator(`[data-testid="settlement-row"][data-or="${orNumber}"]`);
    await r.getByTestId('void-button').click();
    await p.getByTestId('void-reason').fill('Wrong customer (test)');
    await shot(p, '09-admin-void-dialog');
    const start = Date.now();
    const { askedBefore } = await shownBeforeAsking(sales.page, { selector: '[data-testid="tx-row"]', text: CUSTOMER, attr: 'data-status', value: 'unpaid' }, async () => {
      await p.getByTestId('void-confirm').click();
      await until('sales to see unpaid again', async () => (await row(sales.page).getAttribute('data-status')) === 'unpaid', 10_000);
    });
    console.log(`[e2e] void reached the sales desk in ${Date.now() - start} ms`);
    expect(askedBefore, 'the sales desk showed the void before asking the hub anything').toEqual([]);
    expect(await row(sales.page).getByTestId('tx-balance').textContent()).toBe('₱1,500.00');
    expect(await row(sales.page).getByTestId('tx-or').textContent()).toContain('voided');
    const q = cashier.page.locator('[data-testid="queue-row"]').filter({ hasText: CUSTOMER });
    await until('the cashier queue to show the full balance again', async () => ((await q.textContent()) ?? '').includes('₱1,500.00'), 3000);
    expect(await q.textContent()).toContain('Unpaid');
    await r.filter({ hasText: 'Void' }).waitFor();
    await shot(p, '10-admin-after-void');
    await shot(sales.page, '11-sales-after-void');
  });

  it('shows offline when the socket dies, then catches up by seq on reconnect', async () => {
    blocked = true;
    for (const ws of [...salesSockets]) await ws.close({ code: 1006, reason: 'cable pulled (test)' });
    const banner = sales.page.getByTestId('live-banner');
    await until('the offline banner', async () => ((await banner.textContent()) ?? '').includes('Offline'), 5000);
    expect(await sales.page.getByTestId('my-transactions').getAttribute('class')).toContain('stale');

    // While the sales desk is offline, the cashier takes the full balance by GCash.
    const p = cashier.page;
    await p.locator('[data-testid="queue-row"]').filter({ hasText: CUSTOMER }).getByRole('button').click();
    await p.getByTestId('pay-amount').fill('1500');
    await p.getByRole('radio', { name: /GCash/ }).click();
    await p.getByTestId('pay-reference').fill('GC-7781234');
    await until('the preview', async () => (await p.getByTestId('pay-blocked').count()) === 0);
    await p.getByTestId('pay-reference').press('Enter');
    const or2 = ((await p.getByTestId('receipt-or').textContent({ timeout: 5000 })) ?? '').trim();
    await p.getByTestId('close-receipt').click();
    await sales.page.waitForTimeout(400);
    expect(await row(sales.page).getAttribute('data-status')).toBe('unpaid'); // it really missed the push
    await shot(sales.page, '12-sales-offline');

    blocked = false;
    const ms = await until(
      'sales to reconnect and catch up',
      async () => (await row(sales.page).getAttribute('data-status')) === 'paid' && (await banner.getAttribute('data-live-status')) === 'online',
      15_000,
    );
    console.log(`[e2e] sales terminal reconnected and caught up ${ms} ms after the network came back`);
    expect(await banner.getAttribute('data-live-status')).toBe('online');
    expect(await banner.textContent()).toMatch(/Back online — \d+ changes? caught up/);
    expect(await row(sales.page).getByTestId('tx-balance').textContent()).toBe('₱0.00');
    expect(await row(sales.page).getByTestId('tx-or').textContent()).toContain(or2);
    await shot(sales.page, '13-sales-caught-up');
  });

  it('back office: dashboard, ledger with CSV, adjustment that reaches the counter, staff, settings, calendar', async () => {
    const p = admin.page;
    await p.getByRole('tab', { name: 'Dashboard' }).click();
    const dash = p.getByTestId('dashboard');
    // Collected today: ₱500 cash (voided) and ₱1,500 GCash → ₱1,500 posted.
    await until('the dashboard', async () => ((await dash.textContent().catch(() => '')) ?? '').includes('Collected today₱1,500.00'));
    await shot(p, '15-admin-dashboard');

    await p.getByRole('tab', { name: 'Ledger' }).click();
    await p.getByTestId('ledger').waitFor();
    const types = await p.locator('[data-testid="ledger-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['charge', 'payment', 'void']));
    const [file] = await Promise.all([p.waitForEvent('download'), p.getByTestId('ledger-csv').click()]);
    const csv = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8');
    expect(csv).toContain('entry_id,date_time,customer,type,amount');
    expect(csv).toContain(`${CUSTOMER},payment,-500.00`);
    await p.getByLabel('Entry type').selectOption('void');
    await until('the type filter', async () =>
      (await p.locator('[data-testid="ledger-row"]').evaluateAll((rows) => rows.every((r) => r.getAttribute('data-type') === 'void'))) &&
      (await p.locator('[data-testid="ledger-row"]').count()) > 0,
    );
    await shot(p, '16-admin-ledger');

    await p.getByRole('tab', { name: 'Adjustments' }).click();
    await p.getByLabel('Search customer').fill('Dela Cruz');
    await p.getByRole('option', { name: new RegExp(CUSTOMER) }).click();
    await p.getByLabel('Amount').fill('125.50');
    await p.getByLabel('Reason (required)').fill('Delivery fee agreed by phone');
    await p.getByRole('button', { name: 'Record adjustment' }).click();
    await p.getByText('Recorded:').waitFor();
    await shot(p, '17-admin-adjustment');
    const q = cashier.page.locator('[data-testid="queue-row"]').filter({ hasText: CUSTOMER });
    await until('the adjustment to reach the cashier queue', async () => ((await q.textContent().catch(() => '')) ?? '').includes('₱125.50'));

    await p.getByRole('tab', { name: 'Staff' }).click();
    await p.getByTestId('staff').waitFor();
    await p.getByLabel('Full name').fill('Nina Night Shift');
    await p.getByLabel('Username').fill('nina');
    await p.getByLabel('Password (at least 8 characters)').fill('night-pass-1');
    await p.getByRole('button', { name: 'Create account' }).click();
    await p.getByTestId('staff').getByText('Nina Night Shift').waitFor();
    await shot(p, '18-admin-staff');

    await p.getByRole('tab', { name: 'Settings' }).click();
    await p.getByLabel('Store name (printed on receipts)').fill('Dela Rosa Print Shop');
    await p.getByLabel('TIN', { exact: true }).fill('123-456-789-00000');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await p.getByText('Saved.').waitFor();
    await shot(p, '19-admin-settings');

    await p.getByRole('tab', { name: 'Calendar' }).click();
    await p.getByTestId('calendar').locator('.cal-paid').first().waitFor();
    await shot(p, '20-admin-calendar');
  });

  // The first-paint target (≤ 1 s) is measured by bench:cashier with 2,000 open
  // transactions; here the time is logged and what is asserted is that a cold load paints
  // the counter from the hub.
  it('paints the cashier screen from the hub on a cold load', async () => {
    const page = await cashier.context.newPage();
    await page.bringToFront();
    const start = Date.now();
    await page.goto(hub.url, { waitUntil: 'commit' });
    await page.locator('.queue-panel h2').waitFor();
    const ms = Date.now() - start;
    // The paint entry is recorded after the frame is presented, which on a loaded machine
    // can be a moment after the DOM has the queue: wait for it (a page that never paints fails).
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 10_000 }).catch(() => undefined);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    console.log(`[e2e] cashier screen first paint: FCP ${fcp === null ? 'n/a' : Math.round(fcp)} ms, queue visible ${ms} ms after navigation`);
    expect(fcp, 'the browser painted the page').not.toBeNull();
    await shot(page, '14-cashier-cold-load');
    await page.close();
  });
});
