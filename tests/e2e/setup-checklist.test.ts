import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SetupStatus } from '../../src/shared/setup.js';
import { ADMIN, api, tokenOf } from './harness.js';
import { e2eHub } from './suite.js';
import { checkScreens } from './ui-checks.js';

// The BIR setup checklist on a fresh store, through the admin's screens: it lists what the
// store lacks (TIN, registered name, address; C1's MIN and serial), each item's button
// opens the field it is about, a Z-reading refused for it links back, and once the store
// fields, C1 and a new C2 are filled in the checklist is gone.

// A store as it is first installed: nothing of the BIR setup filled in.
const e2e = e2eHub([], undefined, { birSetup: false });
let p: Page;
let token: string;

const text = async (l: Locator) => (await l.innerText()).replace(/\s+/g, ' ').trim();
/** The checklist's items as `field@register` (register code, empty for the store's own fields). */
const items = async (page: Page) =>
  page
    .getByTestId('setup-item')
    .evaluateAll((els) => els.map((el) => `${(el as HTMLElement).dataset.field}@${(el as HTMLElement).dataset.register}`).sort());
const setup = () => api<SetupStatus>(e2e.hub, token, 'GET', '/api/v1/setup');
const focusedTestId = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? null);
const fix = (page: Page, field: string, register = '') => page.locator(`[data-testid="setup-item"][data-field="${field}"][data-register="${register}"]`).getByTestId('setup-fix');

beforeAll(async () => {
  token = await tokenOf(e2e.hub, ADMIN);
  p = await e2e.terminal('setup-admin', { as: ADMIN });
}, 60_000);

describe('the BIR setup checklist', () => {
  // One story: each step starts where the last left the screens.
  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });

  it('a fresh store’s dashboard lists what it lacks, as the hub does', async () => {
    await p.getByTestId('setup-checklist').waitFor();
    expect(await text(p.getByTestId('setup-checklist').locator('h2'))).toBe('Before this store can issue Sales Invoices and Z-readings');
    expect(await items(p)).toEqual(['address@', 'min@C1', 'registeredName@', 'serialNo@C1', 'tin@']);
    const hub = await setup();
    expect(hub.ready).toBe(false);
    const shown = await text(p.getByTestId('setup-checklist'));
    for (const m of hub.missing) expect(shown).toContain(m.label);
    await expect.poll(() => p.getByTestId('setup-complete').count()).toBe(0);
    await checkScreens(p, 'setup-checklist-fresh');
  });

  it('a Z-reading refused for it says what is missing and links back to the checklist', async () => {
    await p.getByRole('tab', { name: 'Readings' }).click();
    await p.getByTestId('take-z').click();
    await p.getByTestId('confirm-z').click();
    const refusal = p.getByTestId('setup-incomplete');
    await refusal.waitFor();
    expect(await text(refusal)).toContain('A Z-reading needs the store’s BIR setup first.');
    expect(await text(refusal)).toContain((await setup()).missing[0]!.label);
    expect(e2e.hub.store.db.prepare("SELECT count(*) AS n FROM readings WHERE kind = 'z'").get()).toEqual({ n: 0 });
    await refusal.getByTestId('open-setup').click();
    await p.getByTestId('setup-checklist').waitFor();
    expect(await p.getByRole('tab', { name: 'Dashboard' }).getAttribute('aria-selected')).toBe('true');
  });

  it('“Fill in” on the TIN opens Settings on it; saving the store fields leaves C1’s', async () => {
    await fix(p, 'tin').click();
    await p.getByTestId('settings-form').waitFor();
    expect(await p.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => focusedTestId(p)).toBe('settings-tin');
    await p.getByTestId('settings-tin').fill('123-456-789-00000');
    await p.getByTestId('settings-registered-name').fill('Dela Rosa Trading Corp.');
    await p.getByTestId('settings-address').fill('12 Rizal Ave., Sta. Cruz, Manila');
    await p.getByTestId('settings-save').click();
    await p.getByText('Saved.').waitFor();
    const receipt = await api<{ settings: { tin: string; registeredName: string; address: string } }>(e2e.hub, token, 'GET', '/api/v1/receipt-settings');
    expect(receipt.settings).toMatchObject({ tin: '123-456-789-00000', registeredName: 'Dela Rosa Trading Corp.', address: '12 Rizal Ave., Sta. Cruz, Manila' });

    await p.getByRole('tab', { name: 'Dashboard' }).click();
    await expect.poll(() => items(p)).toEqual(['min@C1', 'serialNo@C1']);
  });

  it('“Fill in” on C1’s MIN opens C1’s form on it; C1 saved, the checklist shrinks again', async () => {
    await fix(p, 'min', 'C1').click();
    const form = p.getByTestId('register-edit-form');
    await form.waitFor();
    expect(await text(form.locator('h3'))).toBe('Edit C1');
    await expect.poll(() => focusedTestId(p)).toBe('register-min');
    expect(await text(p.locator('[data-testid="register-row"][data-code="C1"]').getByTestId('register-setup'))).toBe('Needs MIN and serial number');
    await form.getByTestId('register-min').fill('18010912345678901');
    await form.getByTestId('register-serialNo').fill('SN-0001');
    await form.getByTestId('register-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => text(p.locator('[data-testid="register-row"][data-code="C1"]').getByTestId('register-setup'))).toBe('Ready');
    expect(e2e.hub.store.q.registers.byCode('C1')).toMatchObject({ min: '18010912345678901', serial_no: 'SN-0001' });
    await expect.poll(async () => (await setup()).ready).toBe(true);
    await p.getByRole('tab', { name: 'Dashboard' }).click();
    await p.getByTestId('setup-complete').waitFor();
    expect(await p.getByTestId('setup-checklist').count()).toBe(0);
  });

  it('a new register C2 without its serial number brings the checklist back until it has one', async () => {
    await p.getByRole('tab', { name: 'Registers' }).click();
    await p.getByTestId('register-code').last().fill('C2');
    await p.getByTestId('register-name').last().fill('Counter 2');
    await p.getByTestId('register-min').last().fill('18010912345678902');
    await p.getByTestId('create-register').click();
    const c2 = p.locator('[data-testid="register-row"][data-code="C2"]');
    await c2.waitFor();
    await expect.poll(() => text(c2.getByTestId('register-setup'))).toBe('Needs serial number');

    await p.getByRole('tab', { name: 'Dashboard' }).click();
    await expect.poll(() => items(p)).toEqual(['serialNo@C2']);
    await fix(p, 'serialNo', 'C2').click();
    const form = p.getByTestId('register-edit-form');
    await form.waitFor();
    expect(await text(form.locator('h3'))).toBe('Edit C2');
    await expect.poll(() => focusedTestId(p)).toBe('register-serialNo');
    await form.getByTestId('register-serialNo').fill('SN-0002');
    await form.getByTestId('register-save').click();
    await form.waitFor({ state: 'detached' });
    await checkScreens(p, 'setup-registers-ready');

    await p.getByRole('tab', { name: 'Dashboard' }).click();
    await p.getByTestId('setup-complete').waitFor();
    expect(await p.getByTestId('setup-checklist').count()).toBe(0);
    expect(await setup()).toEqual({ ready: true, missing: [] });
    await checkScreens(p, 'setup-complete');
  });

  it('once set up, a Z is taken for one register: it names the register, MIN and serial; the day report has a column per register', async () => {
    // A sale written now is invoiced by C1 (the default invoicing register, at the sale).
    const customer = await api<{ customer: { id: string } }>(e2e.hub, token, 'POST', '/api/v1/customers', { name: 'Santos Hardware' });
    const sale = await api<{ transaction: { invoice: { number: string; registerId: string } | null } }>(e2e.hub, token, 'POST', '/api/v1/transactions', {
      customerId: customer.customer.id,
      lines: [{ description: 'GI sheets gauge 26', quantity: 4, unitPrice: 28_000 }],
    });
    const c1 = e2e.hub.store.q.registers.byCode('C1')!;
    expect(sale.transaction.invoice).toMatchObject({ registerId: c1.id });
    const si = sale.transaction.invoice!.number;
    await p.getByRole('tab', { name: 'Readings' }).click();
    await expect.poll(() => p.getByTestId('z-register').locator('option').allTextContents()).toEqual(['All registers that traded', 'C1 · Counter 1', 'C2 · Counter 2']);
    await p.getByTestId('z-register').selectOption(c1.id);
    await p.getByTestId('take-z').click();
    expect(await text(p.locator('.modal h2'))).toMatch(/^Take the Z-reading of C1 for /);
    await p.getByTestId('confirm-z').click();
    const dialog = p.getByTestId('reading-dialog');
    await dialog.waitFor();
    expect(await text(dialog.getByTestId('reading-title'))).toMatch(/^Z-reading #1 · /);
    expect(await text(dialog.getByTestId('reading-register'))).toBe('MIN 18010912345678901 · Serial no. SN-0001');
    expect(await text(dialog.getByTestId('fig-invoices'))).toBe('Sales Invoices (1) ₱1,120.00');
    expect(await text(dialog.getByTestId('fig-first-si').locator('td'))).toBe(si);
    expect(await text(dialog.getByTestId('fig-last-si').locator('td'))).toBe(si);
    await checkScreens(p, 'setup-z-c1', '.modal');
    await dialog.getByTestId('reading-close').click();
    const row = p.locator('[data-testid="reading-row"][data-kind="z"]');
    await row.waitFor();
    expect(await text(row.getByTestId('reading-for'))).toMatch(/ · C1$/);

    // The same register twice: refused, in words naming it.
    await p.getByTestId('take-z').click();
    await p.getByTestId('confirm-z').click();
    await p.getByTestId('z-error').waitFor();
    expect(await text(p.getByTestId('z-error'))).toMatch(/^C1 already has its Z-reading for [A-Z][a-z]{2} \d{1,2}, \d{4}\./);

    await p.getByTestId('show-day-report').click();
    const report = p.getByTestId('day-report');
    await report.waitFor();
    expect(await report.getByTestId('day-column').allTextContents()).toEqual(['C1Counter 1', 'C2Counter 2', 'Store total']);
    expect(await report.getByTestId('day-z').locator('td').allInnerTexts()).toEqual(['#1', 'not taken', '']);
    expect(await report.getByTestId('day-invoices').locator('td').allInnerTexts()).toEqual(['1', '0', '1']);
    expect(await report.getByTestId('day-si-range').locator('td').allInnerTexts()).toEqual([si, '—', '']);
    expect(await report.getByTestId('day-gross').locator('td').allInnerTexts()).toEqual(['₱1,120.00', '₱0.00', '₱1,120.00']);
    await checkScreens(p, 'setup-day-report');
  });

  it('Settings offers when the Sales Invoice is issued and which register invoices, and keeps the choice', async () => {
    await p.getByRole('tab', { name: 'Settings' }).click();
    const at = p.getByTestId('settings-invoice-at');
    await expect.poll(() => at.locator('option').allTextContents()).toEqual(['When the sale is written', 'When it is paid in full']);
    await at.selectOption('full_payment');
    const reg = p.getByTestId('settings-invoice-register');
    await expect.poll(() => reg.locator('option').allTextContents()).toEqual(['C1 · Counter 1', 'C2 · Counter 2']);
    const c2 = e2e.hub.store.q.registers.byCode('C2')!;
    await reg.selectOption(c2.id);
    await p.getByTestId('settings-save').click();
    await p.getByText('Saved.').waitFor();
    const s = await api<{ settings: { invoiceAt: string; invoiceRegisterId: string } }>(e2e.hub, token, 'GET', '/api/v1/backoffice/settings');
    expect(s.settings).toMatchObject({ invoiceAt: 'full_payment', invoiceRegisterId: c2.id });
    await checkScreens(p, 'setup-settings');
  });
});
