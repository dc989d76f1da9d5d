import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import type { Customer } from '../../src/shared/customers.js';
import { ADMIN, api, cleanup, ensureRendererBuilt, openTerminal, shot, signIn, startTestHub, tokenOf, type Staff } from './harness.js';
import { NO_PROBLEMS, screenProblems, VIEWPORTS } from './ui-checks.js';

// The cashier's screens at the counter sizes (1024×768 and 1366×768): nothing overflows
// its panel, every control takes a fingertip, axe finds nothing serious — on each state
// a cashier meets in a sale: no shift, paying in cash, e-wallet, an error, per-transaction
// amounts, the receipt with the change, the drawer and the X-reading. The money rules a
// cashier notices are asserted on the way.

const CASHIER: Staff = { username: 'rowena', password: 'rowena-pass-1', role: 'cashier', displayName: 'Rowena Reyes-Villanueva' };
const CUSTOMER = 'Santos Hardware & Construction Supply Trading';
const OTHER = 'Dela Cruz Printing Services';
const RED = 'rgb(180, 35, 24)'; // --bad

let hub: Hub;
let dataDir: string;
let term: Awaited<ReturnType<typeof openTerminal>>;
let dated = '';
let undated = '';

const text = async (l: Locator) => (await l.innerText()).replace(/\s+/g, ' ').trim();

/** Runs the screen checks at both counter sizes and keeps a screenshot of each. */
async function checkScreen(p: Page, name: string): Promise<void> {
  for (const vp of VIEWPORTS) {
    await p.setViewportSize(vp);
    // Let layout and the virtualised preview settle at the new size.
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await shot(p, `cashier-${name}-${vp.width}x${vp.height}`);
    expect({ screen: `${name} at ${vp.width}×${vp.height}`, ...(await screenProblems(p)) }).toEqual({ screen: `${name} at ${vp.width}×${vp.height}`, ...NO_PROBLEMS });
  }
}

beforeAll(async () => {
  ensureRendererBuilt();
  ({ hub, dataDir } = await startTestHub([CASHIER]));
  const admin = await tokenOf(hub, ADMIN);
  const c = (await api<{ customer: Customer }>(hub, admin, 'POST', '/api/v1/customers', { name: CUSTOMER })).customer;
  const o = (await api<{ customer: Customer }>(hub, admin, 'POST', '/api/v1/customers', { name: OTHER })).customer;
  // The older job order has no due date, the newer one has: "by due date, undated last"
  // pays the newer one first. ₱800.00 + ₱700.50 = ₱1,500.50 owed.
  type TxAnswer = { transaction: { id: string } };
  undated = (await api<TxAnswer>(hub, admin, 'POST', '/api/v1/transactions', {
    customerId: c.id,
    lines: [{ description: 'Plywood marine 3/4 in. 4×8 ft, kiln-dried, delivered to site', quantity: 2, unitPrice: 400_00 }],
  })).transaction.id;
  dated = (await api<TxAnswer>(hub, admin, 'POST', '/api/v1/transactions', {
    customerId: c.id,
    lines: [{ description: 'Deformed steel bars 10 mm × 6 m grade 40', quantity: 1, unitPrice: 700_50 }],
    dueDate: '2030-01-15',
  })).transaction.id;
  await api(hub, admin, 'POST', '/api/v1/transactions', { customerId: o.id, lines: [{ description: 'Tarpaulin 3×6 ft', quantity: 1, unitPrice: 450_00 }] });
  term = await openTerminal('cashier-screen');
}, 120_000);

afterAll(async () => {
  await term?.context.close();
  await hub?.close();
  cleanup([dataDir, term?.profile].filter((p): p is string => !!p));
});

describe('the cashier screen at the counter', () => {
  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });

  it('login: fits, big targets, no serious axe violation', async () => {
    const p = term.page;
    await p.goto(hub.url);
    await p.getByLabel('Username').waitFor();
    await checkScreen(p, '00-login');
    await signIn(p, hub.url, CASHIER);
  });

  it('no shift open: says so at the top before anything is typed, and Post stays disabled', async () => {
    const p = term.page;
    await p.locator('[data-testid="queue-row"]').filter({ hasText: CUSTOMER }).getByRole('button').click();
    const notice = p.getByTestId('pay-no-shift');
    await notice.waitFor();
    expect(await text(notice)).toContain('No shift is open');
    expect(await notice.getAttribute('role')).toBe('alert');
    // It sits above the payment, not under it.
    const noticeTop = (await notice.boundingBox())!.y;
    expect(noticeTop).toBeLessThan((await p.getByTestId('pay-amount').boundingBox())!.y);
    expect(await p.getByTestId('pay-post').isDisabled()).toBe(true);
    await checkScreen(p, '01-no-shift');
  });

  it('cash: ₱2,000 handed over on ₱1,500.50 is change, not an overpayment; the preview shows the order', async () => {
    const p = term.page;
    await p.getByTestId('shift-float').fill('2,000');
    await p.getByTestId('open-shift').click();
    await p.getByText('Shift open').waitFor();
    await expect.poll(() => p.getByTestId('pay-no-shift').count()).toBe(0);

    expect(await text(p.getByRole('radiogroup', { name: 'Apply to' }))).toContain('By due date, undated last');
    await p.getByTestId('pay-amount').fill('2,000');
    await expect.poll(() => text(p.getByTestId('pay-change'))).toBe('Change ₱499.50');
    await expect.poll(() => p.getByTestId('pay-blocked').count()).toBe(0);
    expect(await text(p.getByTestId('pay-summary'))).toBe('Post ₱1,500.50 Cash · give ₱499.50 change');
    // The newer, dated job order comes first, as the hub pays it.
    const rows = p.getByTestId('alloc-row');
    expect(await rows.nth(0).getAttribute('data-tx-id')).toBe(dated);
    expect(await rows.nth(1).getAttribute('data-tx-id')).toBe(undated);
    expect(await text(rows.nth(0))).toMatch(/^1 #\w+ Unpaid due Jan 15, 2030 · .* ₱700\.50 ₱700\.50 ₱0\.00$/);

    // Quick tenders: exact, the common notes, the next round amounts above the due.
    const quick = await p.getByRole('group', { name: 'Quick tender' }).getByRole('button').allInnerTexts();
    expect(quick.map((q) => q.replace(/\s+/g, ' ').trim())).toEqual(['Exact F9', '₱100', '₱200', '₱500', '₱1,000', '₱1,600', '₱2,000']);
    await checkScreen(p, '02-cash');

    // A part payment: ₱1,000 goes to the dated one first, the rest to the undated.
    await p.getByRole('button', { name: '₱1,000', exact: true }).click();
    await expect.poll(() => text(p.getByTestId('pay-change'))).toBe('Change ₱0.00');
    expect(await text(p.getByTestId('part-payment'))).toBe('Part payment: ₱500.50 stays owing.');
    await expect.poll(async () => text(rows.nth(1))).toContain('₱800.00 ₱299.50 ₱500.50');
  });

  it('GCash: the reference field takes the cursor and the prompt reads right', async () => {
    const p = term.page;
    await p.getByRole('radio', { name: /GCash/ }).click();
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pay-reference');
    await p.getByTestId('pay-amount').fill('1,500.50');
    await expect.poll(() => text(p.getByTestId('pay-blocked'))).toBe('Enter the GCash reference no.');
    expect(await p.getByLabel('GCash reference no.').count()).toBe(1);
    await checkScreen(p, '03-gcash');
  });

  it('an overpayment by card is a red, announced error that names the checkbox as it reads on screen', async () => {
    const p = term.page;
    await p.getByRole('radio', { name: /Card/ }).click();
    await p.getByTestId('pay-reference').fill('APPR-123456');
    await p.getByTestId('pay-amount').fill('2,000');
    const blocked = p.getByTestId('pay-blocked');
    await expect.poll(() => text(blocked)).toBe('That is more than the customer owes. Lower the amount, or tick “Keep any excess as deposit”.');
    expect(await blocked.getAttribute('role')).toBe('alert');
    expect(await blocked.evaluate((el) => getComputedStyle(el).color)).toBe(RED);
    expect(await p.getByTestId('pay-post').isDisabled()).toBe(true);
    await checkScreen(p, '04-overpayment');
    // Doing what it says fixes it.
    await p.getByLabel('Keep any excess as deposit').check();
    await expect.poll(() => p.getByTestId('pay-blocked').count()).toBe(0);
    expect(await text(p.getByTestId('payment-form').locator('.notice'))).toContain('Kept as deposit: ₱499.50.');
    await p.getByLabel('Keep any excess as deposit').uncheck();
  });

  it('per-transaction amounts fit the preview panel', async () => {
    const p = term.page;
    await p.getByRole('radio', { name: /^Cash/ }).click();
    await p.getByText('Choose per transaction').click();
    await p.getByLabel(/^Pay on #/).first().fill('700.50');
    await p.getByTestId('pay-amount').fill('1,000');
    await expect.poll(() => text(p.getByTestId('pay-change'))).toBe('Change ₱299.50');
    await checkScreen(p, '05-manual');
    await p.getByText('By due date, undated last').click();
  });

  it('posting cash shows a large CHANGE DUE on the receipt and keeps it until the next sale', async () => {
    const p = term.page;
    await p.getByTestId('pay-amount').fill('2,000');
    await expect.poll(() => p.getByTestId('pay-blocked').count()).toBe(0);
    await p.getByTestId('pay-post').click();
    await p.getByTestId('receipt-or').waitFor();
    const due = p.getByTestId('change-due');
    expect(await text(due)).toBe('CHANGE DUE ₱499.50 Cash ₱2,000.00 − paid ₱1,500.50');
    await checkScreen(p, '06-receipt');
    await p.getByTestId('close-receipt').click();
    await expect.poll(() => text(p.getByTestId('change-due'))).toContain('₱499.50');
    // Readable from across the counter: at least 40 px tall digits.
    const size = await p.locator('.change-due-amount').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(40);
    // The receipt's OR number in the list stays on one line, whole.
    const or = p.getByTestId('recent-receipt').first().locator('.mono');
    expect(await or.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(el).fontSize))).toBe(true);
    expect(await text(or)).toMatch(/^OR-MNL01-\d{8}$/);
    await checkScreen(p, '07-change-due');

    // The next sale starts: the change goes away.
    await p.locator('[data-testid="queue-row"]').filter({ hasText: OTHER }).getByRole('button').click();
    await p.getByTestId('pay-customer').filter({ hasText: OTHER }).waitFor();
    expect(await p.getByTestId('change-due').count()).toBe(0);
  });

  it('finding a customer, the void request and the close-shift dialogs fit too', async () => {
    const p = term.page;
    await p.getByRole('button', { name: /Find customer/ }).click();
    await p.getByLabel('Search customer').fill('a');
    await p.getByRole('option').first().waitFor();
    await checkScreen(p, '10-find-customer');
    await p.keyboard.press('Escape');
    await p.getByTestId('request-void').first().click();
    await p.getByTestId('void-request-dialog').waitFor();
    await checkScreen(p, '11-request-void');
    await p.keyboard.press('Escape');
    await p.getByTestId('close-shift').click();
    await p.getByTestId('close-shift-dialog').waitFor();
    await checkScreen(p, '12-close-shift');
    await p.keyboard.press('Escape');
    await p.getByTestId('close-shift-dialog').waitFor({ state: 'detached' });
  });

  it('drawer and X-reading dialogs fit too', async () => {
    const p = term.page;
    await p.getByTestId('open-drawer-dialog').click();
    await p.getByTestId('drawer-dialog').waitFor();
    await checkScreen(p, '08-drawer');
    await p.getByTestId('drawer-dialog').getByRole('button', { name: 'Done' }).click();
    await p.getByTestId('take-x-reading').click();
    await p.getByTestId('reading').waitFor();
    await checkScreen(p, '09-x-reading');
    await p.getByTestId('x-reading-close').click();
  });
});
