import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DayReport, ZReading } from '../../src/shared/readings.js';
import { ADMIN, api, shot, tokenOf, type Staff } from './harness.js';
import { e2eHub } from './suite.js';

// Issue #13's store, through the screens, one story: the admin sets up a bare store and two
// registers from the checklist; sales rings up a senior line; two cashiers at two registers
// take payments, each printing a document from its own register's series; the admin's Z per
// register holds each register's own documents and money, and the day report their sum.

const SALES: Staff = { username: 'two-desk', password: 'two-desk-pass', role: 'sales', displayName: 'Desk Dina' };
const ANA: Staff = { username: 'two-ana', password: 'two-ana-pass', role: 'cashier', displayName: 'Ana at C1' };
const BEN: Staff = { username: 'two-ben', password: 'two-ben-pass', role: 'cashier', displayName: 'Ben at C2' };
const e2e = e2eHub([SALES, ANA, BEN], undefined, { birSetup: false });

const text = async (l: Locator) => (await l.innerText()).replace(/\s+/g, ' ').trim();
const fix = (page: Page, field: string, register = '') =>
  page.locator(`[data-testid="setup-item"][data-field="${field}"][data-register="${register}"]`).getByTestId('setup-fix');
/** Today on the store's clock (UTC+8). */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let admin: Page;
let desk: Page;
let till1: Page;
let till2: Page;
let senior = { id: '', si: '' };
let plainSi = '';
const documents: Record<'C1' | 'C2', string> = { C1: '', C2: '' };

beforeAll(async () => {
  admin = await e2e.terminal('two-admin', { as: ADMIN });
}, 60_000);

describe('two registers, from setup to their Z-readings', () => {
  let failed = false;
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });

  it('the admin sets up the store, C1 and a new C2 from the checklist', async () => {
    const p = admin;
    await p.getByTestId('setup-checklist').waitFor();
    await fix(p, 'tin').click();
    await p.getByTestId('settings-tin').fill('123-456-789-00000');
    await p.getByTestId('settings-registered-name').fill('Dos Cajas Trading Corp.');
    await p.getByTestId('settings-address').fill('8 Legarda St., Sampaloc, Manila');
    await p.getByTestId('settings-save').click();
    await p.getByText('Saved.').waitFor();

    await p.getByRole('tab', { name: 'Dashboard' }).click();
    await fix(p, 'min', 'C1').click();
    const form = p.getByTestId('register-edit-form');
    await form.getByTestId('register-min').fill('18010912345670001');
    await form.getByTestId('register-serialNo').fill('SN-C1-0001');
    await form.getByTestId('register-save').click();
    await form.waitFor({ state: 'detached' });

    await p.getByTestId('register-code').last().fill('C2');
    await p.getByTestId('register-name').last().fill('Counter 2');
    await p.getByTestId('register-min').last().fill('18010912345670002');
    await p.getByTestId('register-serialNo').last().fill('SN-C2-0001');
    await p.getByTestId('create-register').click();
    await expect.poll(() => text(p.locator('[data-testid="register-row"][data-code="C2"]').getByTestId('register-setup'))).toBe('Ready');

    await p.getByRole('tab', { name: 'Dashboard' }).click();
    await p.getByTestId('setup-complete').waitFor();
    expect(await api(e2e.hub, await tokenOf(e2e.hub, ADMIN), 'GET', '/api/v1/setup')).toEqual({ ready: true, missing: [] });
  });

  it('sales rings up a senior line (₱1,120.00 → ₱800.00) and a plain sale; each gets C1’s SI', async () => {
    desk = await e2e.terminal('two-desk', { as: SALES });
    const p = desk;
    await p.getByLabel('Search customer').fill('Lola Remedios');
    await p.getByRole('button', { name: '+ New customer' }).click();
    await p.getByRole('button', { name: 'Save customer' }).click();
    await p.getByTestId('picked-customer').filter({ hasText: 'Lola Remedios' }).waitFor();
    await p.getByLabel('Line 1 description').fill('Maintenance medicine');
    await p.getByLabel('Line 1 unit price').fill('1120');
    await p.getByRole('button', { name: 'SC/PWD discount, line 1' }).click();
    await p.getByLabel('Line 1 holder name').fill('Remedios Lim');
    await p.getByLabel('Line 1 ID number').fill('SC-MNL-0042');
    await expect.poll(() => text(p.getByTestId('new-tx-total'))).toBe('₱800.00');
    await p.getByRole('button', { name: /Create transaction/ }).click();
    await p.getByTestId('created-confirmation').waitFor();
    const si = await text(p.getByTestId('created-si'));
    expect(si).toBe('SI-MNL01-00000001');
    const tx = e2e.hub.store.q.transactions.list({ limit: 1 })[0]!;
    senior = { id: tx.id, si };
    // The second sale through the API (the desk's form is the first one's).
    const st = await tokenOf(e2e.hub, SALES);
    const c = await api<{ customer: { id: string } }>(e2e.hub, st, 'POST', '/api/v1/customers', { name: 'Kuya Berto Motors' });
    const t = await api<{ transaction: { id: string; invoice: { number: string; registerId: string } } }>(e2e.hub, st, 'POST', '/api/v1/transactions', {
      customerId: c.customer.id,
      lines: [{ description: 'Oil change', quantity: 1, unitPrice: 1_500_00 }],
    });
    expect(t.transaction.invoice).toMatchObject({ number: 'SI-MNL01-00000002', registerId: 'reg_c1' });
    plainSi = t.transaction.invoice.number;
    await shot(p, 'two-01-desk-senior');
  });

  async function takePayment(p: Page, register: 'C1' | 'C2', customer: string, amount: string): Promise<string> {
    try {
      return await payAt(p, register, customer, amount);
    } catch (e) {
      await shot(p, `two-failed-${register}`);
      throw e;
    }
  }

  async function payAt(p: Page, register: 'C1' | 'C2', customer: string, amount: string): Promise<string> {
    await p.getByTestId('shift-register').selectOption(register);
    await p.getByTestId('shift-float').fill('500');
    await p.getByTestId('open-shift').click();
    await p.getByText('Shift open').waitFor();
    expect(await text(p.getByTestId('shift-bar'))).toContain(`at ${register}`);
    await p.locator('[data-testid="queue-row"]').filter({ hasText: customer }).getByRole('button').click();
    await p.getByTestId('pay-customer').filter({ hasText: customer }).waitFor();
    await p.getByTestId('pay-amount').fill(amount);
    await p.getByTestId('pay-amount').press('Enter');
    await p.getByTestId('receipt').waitFor();
    const number = await text(p.getByTestId('receipt-or'));
    await p.getByTestId('print-receipt').click();
    await expect.poll(() => p.evaluate(() => (window as unknown as { __prints?: number }).__prints ?? 0)).toBe(1);
    return number;
  }

  it('Ana at C1 and Ben at C2 each take a part payment; each prints a collection receipt from its own register’s series', async () => {
    till1 = await e2e.terminal('two-till-1', { as: ANA });
    till2 = await e2e.terminal('two-till-2', { as: BEN });
    documents.C1 = await takePayment(till1, 'C1', 'Lola Remedios', '300');
    documents.C2 = await takePayment(till2, 'C2', 'Kuya Berto', '500');
    expect(documents).toEqual({ C1: 'OR-MNL01-00000001', C2: 'OR-MNL01-C2-00000001' });
    for (const p of [till1, till2]) {
      expect(await text(p.getByTestId('receipt-title'))).toBe('COLLECTION RECEIPT');
      expect(await text(p.getByTestId('receipt-notice'))).toBe('THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX.');
    }
    expect((await till2.getByTestId('receipt').innerText()).replace(/\s+/g, ' ')).toContain('MIN: 18010912345670002');
    expect((await till2.getByTestId('receipt').innerText()).replace(/\s+/g, ' ')).toContain(`Payment for ${plainSi}`);
    expect((await till1.getByTestId('receipt').innerText()).replace(/\s+/g, ' ')).toContain(`Payment for ${senior.si}`);
    await shot(till2, 'two-02-c2-collection-receipt');
  });

  it('the admin’s Z of each register holds its own documents and money; the day report is their sum', async () => {
    const p = admin;
    await p.getByRole('tab', { name: 'Readings' }).click();
    const taken: Record<string, ZReading> = {};
    for (const code of ['C1', 'C2'] as const) {
      const reg = e2e.hub.store.q.registers.byCode(code)!;
      await p.getByTestId('z-register').selectOption(reg.id);
      await p.getByTestId('take-z').click();
      await p.getByTestId('confirm-z').click();
      const dialog = p.getByTestId('reading-dialog');
      await dialog.waitFor();
      expect(await text(dialog.getByTestId('reading-register'))).toBe(`MIN ${reg.min} · Serial no. ${reg.serial_no}`);
      expect(await text(dialog.getByTestId('fig-first-or').locator('td'))).toBe(documents[code]);
      expect(await text(dialog.getByTestId('fig-collections').locator('td'))).toBe(code === 'C1' ? '₱300.00' : '₱500.00');
      expect(await text(dialog.getByTestId('fig-invoices'))).toBe(code === 'C1' ? 'Sales Invoices (2) ₱2,300.00' : 'Sales Invoices (0) ₱0.00');
      await shot(p, `two-03-z-${code}`);
      await dialog.getByTestId('reading-close').click();
      await dialog.waitFor({ state: 'detached' });
      const row = e2e.hub.store.q.readings.zByDate(reg.id, today())!;
      taken[code] = JSON.parse(row.body) as ZReading;
    }
    // The hub's figures behind the screens: C1 invoiced both sales (VAT on the plain one, the
    // senior's exempt), C2 only collected; the day report adds them up.
    expect(taken.C1!.figures).toMatchObject({ invoices: { count: 2 }, vatAmount: 160_71, vatExemptSales: 1_000_00, vatAdjustments: { senior: 120_00 } });
    expect(taken.C2!.figures).toMatchObject({ invoices: { count: 0 }, vatAmount: 0, collections: 500_00 });
    const day = await api<DayReport>(e2e.hub, await tokenOf(e2e.hub, ADMIN), 'GET', `/api/v1/readings/day?businessDate=${today()}`);
    expect(day.totals.collections).toBe(800_00);
    expect(day.totals.netSales).toBe(taken.C1!.figures.netSales + taken.C2!.figures.netSales);
    expect(day.registers.map((r) => r.z?.number)).toEqual([1, 1]);
  });
});
