import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import type { Customer } from '../../src/shared/customers.js';
import { ADMIN, api, cleanup, ensureRendererBuilt, openTerminal, shot, signIn, startTestHub, tokenOf, type Staff } from './harness.js';

// A counter's day through the screens: the cashier opens a shift, takes a cash payment,
// pays out petty cash, takes an X-reading, closes short on a blind count; the admin takes
// the day's Z (and cannot take it twice), reads and verifies the e-journal, refunds a
// receipt and force-closes a shift another cashier left open.

const CASHIER: Staff = { username: 'carla', password: 'carla-pass-1', role: 'cashier', displayName: 'Carla Cashier' };
const CASHIER2: Staff = { username: 'nestor', password: 'nestor-pass-1', role: 'cashier', displayName: 'Nestor Night' };
const CUSTOMER = 'Santos Hardware';
const RED = 'rgb(180, 35, 24)'; // --bad
const GREEN = 'rgb(18, 122, 70)'; // --ok

interface Terminal {
  context: BrowserContext;
  page: Page;
  profile: string;
}

let hub: Hub;
let dataDir: string;
let cashier: Terminal;
let admin: Terminal;
let adminToken: string;
let orNumber = '';

const text = async (l: Locator) => (await l.innerText()).replace(/\s+/g, ' ').trim();
const figure = (scope: Page | Locator, id: string) => text(scope.getByTestId(id).locator('td'));
const xReadingsStored = () => (hub.store.db.prepare("SELECT count(*) AS n FROM readings WHERE kind = 'x'").get() as { n: number }).n;

beforeAll(async () => {
  ensureRendererBuilt();
  ({ hub, dataDir } = await startTestHub([CASHIER, CASHIER2]));
  adminToken = await tokenOf(hub, ADMIN);
  const customer = (await api<{ customer: Customer }>(hub, adminToken, 'POST', '/api/v1/customers', { name: CUSTOMER })).customer;
  // ₱1,120.00 VAT-inclusive: ₱1,000.00 VATable + ₱120.00 VAT.
  await api(hub, adminToken, 'POST', '/api/v1/transactions', {
    customerId: customer.id,
    lines: [{ description: 'GI sheets gauge 26', quantity: 4, unitPrice: 28_000 }],
  });
  [cashier, admin] = await Promise.all([openTerminal('cashier'), openTerminal('admin')]);
  await Promise.all([signIn(cashier.page, hub.url, CASHIER), signIn(admin.page, hub.url, ADMIN)]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([cashier?.context.close(), admin?.context.close()]);
  await hub?.close();
  cleanup([dataDir, cashier?.profile, admin?.profile].filter((p): p is string => !!p));
});

describe('a counter day on the screens', () => {
  // One story: each step starts where the last one left the screens, so after a failure
  // the rest would only fail for the same reason.
  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });

  it('the cashier opens a shift with a float and takes a cash payment', async () => {
    const p = cashier.page;
    await p.getByTestId('shift-float').fill('1,000');
    await p.getByTestId('open-shift').click();
    await p.getByText('Shift open').waitFor();
    expect(await text(p.getByTestId('shift-bar'))).toContain('float ₱1,000.00');

    await p.locator('[data-testid="queue-row"]').filter({ hasText: CUSTOMER }).getByRole('button').click();
    // One field: the cash handed over; ₱1,120.00 of it is applied.
    await p.getByTestId('pay-amount').fill('1,500');
    await expect.poll(() => text(p.getByTestId('pay-change'))).toContain('₱380.00');
    await expect.poll(() => p.getByTestId('pay-blocked').count()).toBe(0);
    await p.getByTestId('pay-amount').press('Enter');
    orNumber = await text(p.getByTestId('receipt-or'));
    // Paid whole at once: the one document is the sale's Sales Invoice.
    expect(orNumber).toMatch(/^SI-MNL01-\d{8}$/);
    await p.getByTestId('close-receipt').click();
  });

  it('records a paid-out with its reason', async () => {
    const p = cashier.page;
    await p.getByTestId('open-drawer-dialog').click();
    const dialog = p.getByTestId('drawer-dialog');
    await dialog.getByText('None yet.').waitFor();
    await dialog.getByText('Paid-in (cash put in)').click();
    expect(await text(p.getByTestId('drawer-save'))).toBe('Record paid-in');
    await dialog.getByText('Paid-out (cash taken out)').click();
    await p.getByTestId('drawer-amount').fill('200');
    // Without a reason there is nothing to record.
    expect(await p.getByTestId('drawer-save').isDisabled()).toBe(true);
    await p.getByTestId('drawer-reason').fill('Ice and drinking water');
    await shot(p, 'cd-01-cashier-paid-out');
    await p.getByTestId('drawer-save').click();
    await p.getByTestId('drawer-saved').waitFor();
    expect(await text(p.getByTestId('drawer-saved'))).toBe('Recorded: Paid-out ₱200.00 — Ice and drinking water');
    await dialog.getByTestId('drawer-movements').waitFor();
    expect(await text(dialog.getByTestId('drawer-movements'))).toBe(`${await text(dialog.getByTestId('drawer-movements').locator('td').first())} Paid-out Ice and drinking water -₱200.00`);
    await shot(p, 'cd-02-cashier-paid-out-recorded');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('takes an X-reading only when asked, with the right totals, and prints it', async () => {
    const p = cashier.page;
    expect(xReadingsStored()).toBe(0); // nothing on screen so far took one
    await p.getByTestId('take-x-reading').click();
    const r = p.getByTestId('reading');
    await r.waitFor();
    expect(await text(r.getByTestId('reading-title'))).toBe('X-reading #1');
    expect(await figure(r, 'fig-tender-cash')).toBe('₱1,120.00');
    expect(await text(r.getByTestId('fig-tender-cash').locator('th'))).toBe('Cash (1)');
    expect(await figure(r, 'fig-collections')).toBe('₱1,120.00');
    expect(await figure(r, 'fig-gross')).toBe('₱1,120.00');
    expect(await figure(r, 'fig-vatable')).toBe('₱1,000.00');
    expect(await figure(r, 'fig-vat')).toBe('₱120.00');
    expect(await figure(r, 'fig-exempt')).toBe('₱0.00');
    expect(await figure(r, 'fig-zero-rated')).toBe('₱0.00');
    expect(await figure(r, 'fig-sc')).toBe('₱0.00');
    expect(await figure(r, 'fig-pwd')).toBe('₱0.00');
    expect(await figure(r, 'fig-voids')).toBe('₱0.00');
    expect(await figure(r, 'fig-refunds')).toBe('₱0.00');
    expect(await figure(r, 'fig-receipts')).toBe('1');
    // The one payment was the sale's SI: the shift's SI range, no collection receipt.
    expect(await figure(r, 'fig-first-si')).toBe(orNumber);
    expect(await figure(r, 'fig-last-si')).toBe(orNumber);
    expect(await figure(r, 'fig-first-or')).toBe('—');
    expect(await figure(r, 'fig-paid-out')).toBe('(₱200.00)');
    // The close is a blind count: the cashier's X-reading does not give the expected cash away.
    expect(await figure(r, 'fig-expected')).toBe('shown after your blind count');
    expect(await text(r)).not.toContain('1,920');
    await shot(p, 'cd-03-cashier-x-reading');

    await r.getByTestId('print-reading').click();
    const frame = p.frameLocator('[data-testid="print-frame"]');
    await frame.getByText('X-READING', { exact: true }).waitFor();
    expect(await frame.locator('body').textContent()).toContain(orNumber);
    expect(xReadingsStored()).toBe(1); // viewing and printing took exactly one
    await p.getByTestId('x-reading-close').click();
    await p.getByTestId('x-reading-dialog').waitFor({ state: 'detached' });
    expect(xReadingsStored()).toBe(1);
  });

  it('closes the shift on a blind count and shows the shortage in red', async () => {
    const p = cashier.page;
    await p.getByTestId('close-shift').click();
    const dialog = p.getByTestId('close-shift-dialog');
    await dialog.waitFor();
    expect(await text(dialog)).not.toContain('1,920'); // expected stays hidden until the count is in
    await p.getByTestId('counted-cash').fill('1,900');
    await shot(p, 'cd-04-cashier-blind-count');
    await p.getByTestId('close-shift-confirm').click();
    const result = p.getByTestId('close-result');
    await result.waitFor();
    // Float 1,000 + cash 1,120 − paid-out 200 = 1,920 expected; 1,900 counted: ₱20 short.
    expect(await text(result.getByTestId('cc-expected'))).toBe('₱1,920.00');
    expect(await text(result.getByTestId('cc-counted'))).toBe('₱1,900.00');
    const os = result.getByTestId('cc-over-short');
    expect(await text(os)).toBe('SHORT ₱20.00');
    expect(await os.evaluate((el) => getComputedStyle(el).color)).toBe(RED);
    await shot(p, 'cd-05-cashier-close-short');
    await p.getByTestId('close-result-done').click();
    await p.getByText('No open shift.').waitFor();
    expect(await text(p.getByTestId('last-close'))).toBe('Last shift closed: expected ₱1,920.00, counted ₱1,900.00 · Short ₱20.00');
    expect(await p.getByTestId('last-close').getByTestId('over-short-tag').evaluate((el) => getComputedStyle(el).color)).toBe(RED);
    await shot(p, 'cd-06-cashier-after-close');
  });

  it('admin takes the Z-reading for today and sees the day’s figures', async () => {
    const p = admin.page;
    await p.getByRole('tab', { name: 'Readings' }).click();
    // Today, in the store's zone (the browser runs in Asia/Manila like the store).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Manila' }).format(new Date());
    expect(await p.getByTestId('z-date').inputValue()).toBe(today);
    // Another cashier is still on shift at register C2: the confirmation says so.
    await api(hub, adminToken, 'POST', '/api/v1/registers', { code: 'C2', name: 'Counter 2' });
    const t2 = await tokenOf(hub, CASHIER2);
    await api(hub, t2, 'POST', '/api/v1/shifts', { counter: 'C2', openingFloat: 50_000 });
    await p.getByTestId('take-z').click();
    await p.getByTestId('z-open-shifts').waitFor();
    expect(await text(p.getByTestId('z-open-shifts'))).toMatch(/^A shift is still open: C2 \(Nestor Night\)\./);
    await shot(p, 'cd-07-admin-z-confirm');
    await p.getByTestId('confirm-z').click();
    const r = p.getByTestId('reading-dialog').getByTestId('reading');
    await r.waitFor();
    expect(await text(r.getByTestId('reading-title'))).toMatch(/^Z-reading #1 · /);
    expect(await figure(r, 'fig-receipts')).toBe('1');
    expect(await figure(r, 'fig-gross')).toBe('₱1,120.00');
    expect(await figure(r, 'fig-net')).toBe('₱1,120.00');
    expect(await figure(r, 'fig-vatable')).toBe('₱1,000.00');
    expect(await figure(r, 'fig-vat')).toBe('₱120.00');
    expect(await figure(r, 'fig-tender-cash')).toBe('₱1,120.00');
    expect(await figure(r, 'fig-grand-total')).toBe('₱1,120.00');
    expect(await text(r.getByTestId('fig-shifts').locator('th'))).toBe('Shifts closed (1)');
    expect(await figure(r, 'fig-over-short')).toBe('Short ₱20.00');
    await shot(p, 'cd-08-admin-z-reading');
    await p.getByTestId('reading-close').click();

    const rows = p.locator('[data-testid="reading-row"]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['z', 'x']);
    expect(await text(rows.nth(1))).toContain('Carla Cashier');
  });

  it('refuses a second Z for the same day in plain words', async () => {
    const p = admin.page;
    await p.getByTestId('take-z').click();
    await p.getByTestId('confirm-z').click();
    const err = p.getByTestId('z-error');
    await err.waitFor();
    expect(await text(err)).toMatch(/^A Z-reading was already taken for [A-Z][a-z]{2} \d{1,2}, \d{4}\./);
    await shot(p, 'cd-09-admin-second-z-refused');
    expect((hub.store.db.prepare("SELECT count(*) AS n FROM readings WHERE kind = 'z'").get() as { n: number }).n).toBe(1);

    // The X-reading is in the history and opens as it was taken.
    await p.locator('[data-testid="reading-row"][data-kind="x"]').getByTestId('view-reading').click();
    const r = p.getByTestId('reading-dialog').getByTestId('reading');
    expect(await text(r.getByTestId('reading-title'))).toBe('X-reading #1');
    expect(await figure(r, 'fig-paid-out')).toBe('(₱200.00)');
    await p.getByTestId('reading-close').click();
  });

  it('journal lists the entries, verifies OK and exports JSON lines', async () => {
    const p = admin.page;
    await p.getByRole('tab', { name: 'Journal' }).click();
    const rows = p.locator('[data-testid="journal-row"]');
    await rows.first().waitFor();
    // The sale's SI as issued at the desk, then the same SI as the payment printed it.
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['receipt', 'receipt', 'x_reading', 'z_reading']);
    expect(await text(rows.nth(1))).toContain(`${orNumber} · ₱1,120.00`);
    await p.getByTestId('verify-journal').click();
    const verdict = p.getByTestId('journal-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    expect(await text(verdict)).toMatch(/^Chain OK\. All 4 entries verified/);
    expect(await verdict.evaluate((el) => getComputedStyle(el).color)).toBe(GREEN);
    await shot(p, 'cd-10-admin-journal-verified');

    await p.getByLabel('Entry kind').selectOption('x_reading');
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['x_reading']);
    await p.getByLabel('Entry kind').selectOption('');
    await expect.poll(() => rows.count()).toBe(4);

    const [file] = await Promise.all([p.waitForEvent('download'), p.getByTestId('export-journal').click()]);
    expect(file.suggestedFilename()).toBe('kahera-MNL01-journal.jsonl');
    const lines = (await readFile((await file.path())!, 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { seq: number; kind: string }).kind)).toEqual(['receipt', 'receipt', 'x_reading', 'z_reading']);
  });

  it('admin force-closes a shift another cashier left open', async () => {
    const p = admin.page;
    await p.getByRole('tab', { name: 'Shifts' }).click();
    const row = p.locator('[data-testid="shift-row"][data-status="open"]').filter({ hasText: 'Nestor Night' });
    await row.waitFor();
    expect(await text(row)).toContain('C2');
    await row.getByTestId('force-close').click();
    await p.getByTestId('force-counted').fill('510');
    expect(await p.getByTestId('force-close-confirm').isDisabled()).toBe(true); // a reason is required
    await p.getByTestId('force-reason').fill('Went home without closing');
    await shot(p, 'cd-11-admin-force-close');
    await p.getByTestId('force-close-confirm').click();
    const result = p.getByTestId('force-close-result');
    await result.waitFor();
    expect(await text(result.getByTestId('cc-expected'))).toBe('₱500.00');
    const os = result.getByTestId('cc-over-short');
    expect(await text(os)).toBe('OVER ₱10.00');
    expect(await os.evaluate((el) => getComputedStyle(el).color)).toBe(GREEN);
    await shot(p, 'cd-12-admin-force-closed');
    await result.getByRole('button', { name: 'Done' }).click();
    await p.getByText('No shift is open right now.').waitFor();
    await p.getByLabel('Shift status').selectOption('closed');
    const closed = p.locator('[data-testid="shift-row"]').filter({ hasText: 'Nestor Night' });
    await closed.waitFor();
    const adminName = hub.store.q.users.byUsername(ADMIN.username)!.display_name;
    expect(await text(closed)).toContain(`closed by ${adminName} · Went home without closing`);
    expect(await text(closed)).toContain('Over ₱10.00');
    await shot(p, 'cd-13-admin-shifts-closed');
  });

  it('admin refunds part of a receipt; cash needs an open drawer; a refunded receipt cannot be voided', async () => {
    const p = admin.page;
    await p.getByRole('tab', { name: /Receipts/ }).click();
    const row = p.locator(`[data-testid="settlement-row"][data-or="${orNumber}"]`);
    await row.getByTestId('refund-button').click();
    const dialog = p.getByTestId('refund-dialog');
    await expect.poll(() => text(dialog.getByTestId('refundable'))).toBe('Up to ₱1,120.00 can be refunded.');
    await p.getByTestId('refund-amount').fill('112');
    await p.getByTestId('refund-reason').fill('One GI sheet returned, dented');
    // Cash from the receipt's own shift: that shift is closed, and no drawer is open.
    expect(await p.getByTestId('refund-method').inputValue()).toBe('cash');
    await p.getByTestId('refund-no-drawer').waitFor();
    await p.getByTestId('refund-confirm').click();
    await p.getByTestId('refund-error').waitFor();
    expect(await text(p.getByTestId('refund-error'))).toContain('Cash comes out of an open drawer, and this receipt’s shift is closed.');
    await shot(p, 'cd-14-admin-refund-needs-drawer');
    // More than the receipt can give back is refused with the amount that is left.
    await p.getByTestId('refund-method').selectOption('gcash');
    await p.getByTestId('refund-amount').fill('2,000');
    await p.getByTestId('refund-confirm').click();
    await expect.poll(() => text(p.getByTestId('refund-error'))).toContain('at most ₱1,120.00 is left to refund');
    await p.getByTestId('refund-amount').fill('112');
    await p.getByTestId('refund-confirm').click();
    await p.getByTestId('refund-notice').waitFor();
    expect(await text(p.getByTestId('refund-notice'))).toBe(`Refunded ₱112.00 on ${orNumber} (GCash): One GI sheet returned, dented`);
    await shot(p, 'cd-15-admin-refunded');

    await row.getByTestId('refund-button').click();
    await expect.poll(() => text(p.getByTestId('refund-dialog').getByTestId('refundable'))).toBe('Already refunded ₱112.00. Up to ₱1,008.00 can be refunded.');
    await p.getByTestId('refund-dialog').getByRole('button', { name: 'Cancel' }).click();

    await row.getByTestId('void-button').click();
    await p.getByTestId('void-reason').fill('Wrong customer');
    await p.getByTestId('void-confirm').click();
    await expect.poll(() => text(p.locator('.modal .error-box'))).toBe('Money was refunded on this receipt; it can no longer be voided.');
    await p.getByRole('button', { name: 'Cancel' }).click();
  });

  it('"Verify chain" names the first broken link when a journal row was altered', async () => {
    // What the verifier exists for: someone with the database file edits a stored receipt.
    hub.store.db.exec('DROP TRIGGER journal_no_update');
    const edit = hub.store.db.prepare(`UPDATE journal SET body = replace(body, '"amount":112000', '"amount":11200') WHERE seq = 1 AND body LIKE '%"amount":112000%'`).run();
    expect(edit.changes).toBe(1);
    const p = admin.page;
    await p.getByRole('tab', { name: 'Journal' }).click();
    await p.getByTestId('verify-journal').click();
    const verdict = p.getByTestId('journal-verdict');
    await expect.poll(() => verdict.getAttribute('data-ok')).toBe('false');
    expect(await text(verdict)).toMatch(/^Chain broken at entry #1\. The content does not match its hash: the entry was changed\.$/);
    expect(await p.locator('[data-testid="journal-row"][data-broken]').evaluateAll((els) => els.map((e) => e.querySelector('td')?.textContent))).toEqual(['1broken']);
    expect(await verdict.evaluate((el) => getComputedStyle(el).color)).toBe(RED);
    await shot(p, 'cd-16-admin-journal-broken');
  });
});
