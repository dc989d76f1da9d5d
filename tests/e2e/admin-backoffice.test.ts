import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, tokenOf, type Staff } from './harness.js';
import { e2eHub, openShift, seedPaidReceipts } from './suite.js';
import { checkScreens, VIEWPORTS } from './ui-checks.js';

// The back office on a 1024×768 and a 1366×768 screen: every tab checked for overflow,
// 44 px targets and axe; the waiting-requests badge on the tab and the dashboard, live;
// staff password reset (a short one is said in words) and role change; ledger colours.

const CASHIER: Staff = { username: 'bo-cashier', password: 'bo-cashier-pass', role: 'cashier', displayName: 'Cora Counter' };
const SALES: Staff = { username: 'bo-sales', password: 'bo-sales-pass1', role: 'sales', displayName: 'Sam Desk' };
const PANELS = '.panel, .card, .modal, .topbar, main, .tabs, .waiting';
const TABS = ['Dashboard', 'Receipts & voids', 'Shifts', 'Readings', 'Journal', 'Ledger', 'Calendar', 'Adjustments', 'Staff', 'Settings'] as const;
const GREEN = 'rgb(18, 122, 70)';

let ct: string;
let receipts: { id: string; or_number: string }[] = [];
const e2e = e2eHub([CASHIER, SALES], async (hub) => {
  ct = await tokenOf(hub, CASHIER);
  await openShift(hub, ct, 'C1', 1_000_00);
  const rows = ['Reyes Printing', 'Dela Cruz Store', 'Santos Hardware'].map((customer, i) => ({ customer, price: 800_00 + i * 100_00, paid: 500_00 }));
  receipts = await seedPaidReceipts(hub, { sales: SALES, cashier: CASHIER }, rows, 'bo-e2e');
  await api(hub, ct, 'POST', `/api/v1/settlements/${receipts[0]!.id}/void-requests`, { reason: 'Keyed the wrong customer' });
});

const checkScreen = (page: Page, name: string) => checkScreens(page, `admin-${name}`, PANELS);

describe('back office at 1024 and 1366', () => {
  let p: Page;
  beforeAll(async () => {
    p = await e2e.terminal('admin-bo', { as: ADMIN, size: VIEWPORTS[0] });
  }, 60_000);

  it('shows the waiting requests on the tab and the dashboard, and counts a new one live', async () => {
    await p.getByTestId('dashboard').waitFor();
    await expect.poll(() => p.getByTestId('requests-badge').textContent()).toBe('1');
    expect(await p.getByTestId('dashboard-requests').textContent()).toContain('A request is waiting for your approval');
    // The chart library draws axes and the day's amount on its bar.
    const daily = p.locator('figure[aria-label="Daily collections"]');
    // Today in the store's zone (Manila, UTC+8), not this machine's.
    const [, month, day] = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).split('-').map(Number);
    const todayTick = `${month}/${day}`;
    await expect.poll(() => daily.locator('svg text').allTextContents()).toEqual(expect.arrayContaining([todayTick, '₱1.6k', '₱1.5k']));

    await api(e2e.hub, ct, 'POST', `/api/v1/settlements/${receipts[1]!.id}/void-requests`, { reason: 'Customer paid twice' });
    await expect.poll(() => p.getByTestId('requests-badge').textContent(), { timeout: 5000 }).toBe('2');
    expect(await p.getByTestId('dashboard-requests').textContent()).toContain('2 requests are waiting');
    await checkScreen(p, '01-dashboard');

    await p.getByTestId('dashboard-requests').getByRole('button').click();
    await p.getByTestId('void-requests').waitFor();
    expect(await p.getByRole('tab', { selected: true }).textContent()).toContain('Receipts & voids');
  });

  it('every tab fits both screens, has 44 px targets and no serious axe violation', async () => {
    for (const [i, tab] of TABS.entries()) {
      await p.getByRole('tab', { name: tab }).click();
      await p.waitForLoadState('networkidle').catch(() => {});
      await checkScreen(p, `02-tab-${String(i + 1).padStart(2, '0')}-${tab.toLowerCase().replace(/[^a-z]+/g, '-')}`);
    }
  }, 120_000);

  it('names the default allocation in the cashier’s words, as the rule works', async () => {
    await p.getByRole('tab', { name: 'Settings' }).click();
    const select = p.getByLabel('Default allocation at the counter');
    expect(await select.locator('option').allTextContents()).toEqual(['By due date, undated last', 'Largest balance first']);
    expect(await p.getByTestId('allocation-rule').textContent()).toContain('then job orders with no due date');
  });

  it('the ledger shows a payment as a green minus, not a red one', async () => {
    await p.getByRole('tab', { name: 'Ledger' }).click();
    const payment = p.locator('[data-testid="ledger-row"][data-type="payment"]').first();
    await payment.waitFor();
    const amount = payment.locator('td').nth(4).locator('.money');
    expect(await amount.textContent()).toBe('−₱500.00');
    expect(await amount.evaluate((el) => getComputedStyle(el).color)).toBe(GREEN);
    const charge = p.locator('[data-testid="ledger-row"][data-type="charge"]').first().locator('td').nth(4).locator('.money');
    expect(await charge.textContent()).toMatch(/^\+₱/);
  });

  it('a ledger of thousands of entries keeps only the rows in view in the page, and loads more on scroll', async () => {
    const admin = e2e.hub.store.q.users.byUsername(ADMIN.username)!;
    const customer = e2e.hub.store.transactions.createCustomer({ name: 'Bulk Buyer' }, { id: admin.id, role: 'admin' });
    // One SQLite transaction for all of them (each create is a savepoint inside it).
    e2e.hub.store.write(() => {
      for (let i = 0; i < 3000; i++) {
        e2e.hub.store.transactions.createTransaction({ customerId: customer.id, lines: [{ description: `Bulk ${i}`, quantity: 1, unitPrice: 100 + i }] }, { id: admin.id, role: 'admin' });
      }
    });
    await p.getByRole('tab', { name: 'Dashboard' }).click();
    await p.getByRole('tab', { name: 'Ledger' }).click();
    const count = p.getByTestId('ledger-count');
    await expect.poll(() => count.textContent()).toMatch(/^3,006 entries, newest first · 200 loaded$/);
    const rows = p.locator('[data-testid="ledger-row"]');
    expect(await rows.count()).toBeLessThan(60);
    const box = p.getByRole('region', { name: 'Ledger entries' });
    for (let i = 0; i < 3; i++) {
      await box.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await p.waitForTimeout(250);
    }
    await expect.poll(() => count.textContent()).toMatch(/· (4|6|8)00 loaded$/);
    expect(await rows.count()).toBeLessThan(60);
    // The newest is at the top, and what is drawn after scrolling is from deep in the book.
    const ids = await rows.evaluateAll((els) => els.map((e) => Number(e.querySelector('td')?.textContent)));
    expect(Math.max(...ids)).toBeLessThan(3006 - 150);
    await checkScreen(p, '05-ledger-scrolled');
  });

  it('staff: a short password is explained, a reset one signs in; a role change takes effect', async () => {
    await p.getByRole('tab', { name: 'Staff' }).click();
    const row = p.locator(`[data-testid="staff-row"][data-username="${CASHIER.username}"]`);
    await row.getByTestId('staff-reset').click();
    const dialog = p.getByTestId('reset-password');
    await dialog.getByTestId('reset-password-input').fill('short');
    expect(await dialog.getByTestId('reset-password-problem').textContent()).toBe('The password needs at least 8 characters: 3 more.');
    await dialog.getByTestId('reset-password-save').click();
    expect(await dialog.isVisible()).toBe(true); // not sent
    await checkScreen(p, '03-staff-reset-short');
    await dialog.getByTestId('reset-password-input').fill('new-counter-pass');
    await dialog.getByTestId('reset-password-save').click();
    await p.getByTestId('staff-notice').filter({ hasText: 'New password set for Cora Counter' }).waitFor();
    await expect(tokenOf(e2e.hub, { ...CASHIER, password: 'new-counter-pass' })).resolves.toBeTruthy();

    await row.getByTestId('staff-role').selectOption('sales');
    await p.getByTestId('staff-notice').filter({ hasText: 'Cora Counter is now sales' }).waitFor();
    expect(e2e.hub.store.q.users.byUsername(CASHIER.username)?.role).toBe('sales');

    // The new-account form says what is missing instead of greying out its button.
    await p.getByTestId('new-staff-password').fill('abc');
    expect(await p.getByTestId('new-staff-password-problem').textContent()).toBe('The password needs at least 8 characters: 5 more.');
    expect(await p.getByTestId('create-staff').isEnabled()).toBe(true);
    await checkScreen(p, '04-staff');
  });

  it('rejects a void request with a note from the keyboard; the receipt stays posted and the cashier sees why', async () => {
    await p.getByRole('tab', { name: 'Receipts & voids' }).click();
    const row = p.locator(`[data-testid="void-request-row"][data-or="${receipts[1]!.or_number}"]`);
    await row.getByTestId('void-request-reject').click();
    const dialog = p.getByTestId('void-reject-dialog');
    expect(await dialog.getByRole('heading').textContent()).toBe(`Keep ${receipts[1]!.or_number}?`);
    expect(await p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('void-reject-note');
    await p.keyboard.type('Paid once only, checked the drawer');
    await checkScreen(p, '06-reject-void');
    await p.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    const at = await tokenOf(e2e.hub, ADMIN);
    const rejected = await api<{ items: { settlementId: string; status: string; decisionNote: string | null }[] }>(e2e.hub, at, 'GET', '/api/v1/void-requests?status=rejected');
    expect(rejected.items.find((r) => r.settlementId === receipts[1]!.id)).toMatchObject({ status: 'rejected', decisionNote: 'Paid once only, checked the drawer' });
    expect(e2e.hub.store.q.settlements.get(receipts[1]!.id)?.status).toBe('posted');
  });
});
