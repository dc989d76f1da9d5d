import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Customer, Settlement, Transaction } from '../../src/shared/index.js';
import { ADMIN, api, shot, tokenOf, type Staff } from './harness.js';
import { e2eHub } from './suite.js';
import { expectScreenOk } from './ui-checks.js';

// Sales Invoices from the screens: the sales desk rings up a senior's line for a business
// buyer (name, address, TIN asked for at ₱1,000 or more) and sees the SI number; the cashier
// takes the whole amount and the receipt dialog shows that SI (one document, showing the
// payment); reopened from the recent receipts it is the same document, marked REPRINT once
// printed again. A part payment on another invoiced sale is a collection receipt.

const SALES: Staff = { username: 'si-desk', password: 'si-desk-pass', role: 'sales', displayName: 'Desk Ana' };
const CASHIER: Staff = { username: 'si-cash', password: 'si-cash-pass', role: 'cashier', displayName: 'Cashier Ben' };
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
] as const;
const BUYER = { name: 'Dela Cruz Trading Corp.', address: '12 Rizal Ave, Ermita, Manila', tin: '987-654-321-00000' };

const e2e = e2eHub([SALES, CASHIER], async (hub) => {
  // A store that may issue invoices (domain.md): TIN, registered name, address; C1's MIN and serial.
  const admin = await tokenOf(hub, ADMIN);
  await api(hub, admin, 'PUT', '/api/v1/receipt-settings', { tin: '123-456-789-00000', registeredName: 'Nena Santos Trading', address: '1 Mabini St, Manila' });
  await api(hub, admin, 'PATCH', '/api/v1/registers/reg_c1', { min: '24031512345678', serialNo: 'KHR-0001', ptuNo: 'FP012024-123-0000001' });
});

async function screens(p: Page, name: string, panels: string): Promise<void> {
  for (const size of SIZES) {
    await p.setViewportSize(size);
    await p.waitForTimeout(100);
    await shot(p, `invoices-${name}-${size.width}`);
    await expectScreenOk(p, panels);
  }
}

const text = async (p: Page, testId: string) => (await p.getByTestId(testId).first().innerText()).replace(/\s+/g, ' ').trim();

describe('Sales Invoices on the sales desk and at the counter', () => {
  let desk: Page;
  let counter: Page;
  let siNumber = '';
  let freshReceipt = '';

  it('sales: a senior line for a business buyer; the buyer is asked for at ₱1,000; the SI number shows once saved', async () => {
    desk = await e2e.terminal('si-desk', { as: SALES, size: SIZES[0] });
    const p = desk;
    await p.getByLabel('Search customer').fill('Dela Cruz Trading');
    await p.getByRole('button', { name: '+ New customer' }).click();
    await p.getByRole('button', { name: 'Save customer' }).click();
    await p.getByTestId('picked-customer').filter({ hasText: 'Dela Cruz Trading' }).waitFor();

    await p.getByLabel('Line 1 description').fill('Lunch set');
    await p.getByLabel('Line 1 unit price').fill('1120');
    await p.getByRole('button', { name: 'SC/PWD discount, line 1' }).click();
    await p.getByLabel('Line 1 holder name').fill('Remedios Lim');
    await p.getByLabel('Line 1 ID number').fill('SC-MNL-0042');
    await expect.poll(() => text(p, 'new-tx-total')).toBe('₱800.00');
    // Below ₱1,000 the desk does not ask.
    expect(await p.getByTestId('buyer-ask').count()).toBe(0);
    await p.getByTestId('add-line').click();
    await p.keyboard.type('Printing, 50 pages');
    await p.getByLabel('Line 2 unit price').fill('500');
    await expect.poll(() => text(p, 'new-tx-total')).toBe('₱1,300.00');
    await p.getByTestId('buyer-ask').waitFor();

    await p.getByTestId('business-buyer').check();
    await p.getByTestId('buyer-name').fill(BUYER.name);
    // ₱1,000 or more to a business: address and TIN too, or the sale cannot be saved.
    const create = p.getByRole('button', { name: /Create transaction/ });
    expect(await create.isDisabled()).toBe(true);
    expect(await text(p, 'buyer-problem')).toContain('address');
    await p.getByTestId('buyer-tin').fill(BUYER.tin);
    expect(await create.isDisabled()).toBe(true);
    await p.getByTestId('buyer-address').fill(BUYER.address);
    await expect.poll(() => create.isDisabled()).toBe(false);
    await screens(p, '01-desk-buyer', '.panel, .topbar, .line-row, .holder-row, .breakdown');

    await create.click();
    await p.getByTestId('created-confirmation').waitFor();
    siNumber = await text(p, 'created-si');
    expect(siNumber).toMatch(/^SI-/);
    const saved = e2e.hub.store.q.transactions.list({ limit: 1 })[0]!;
    const tx = e2e.hub.store.transactions.load(saved.id);
    expect(tx.invoice?.number).toBe(siNumber);
    expect(tx.buyer).toEqual(BUYER);
    expect(tx.total_amount).toBe(1_300_00);
    expect(await text(p, 'created-buyer')).toContain(BUYER.tin);
    await screens(p, '02-desk-created', '.panel, .topbar, .created');

    // The detail names the SI (its printing is the last test's: a printed SI changes what the payment is).
    await p.getByTestId('open-created').click();
    const detail = p.getByTestId('tx-detail');
    expect(await detail.getByTestId('detail-si').innerText()).toContain(siNumber);
    await detail.getByTestId('detail-close').click();
  });

  it('cashier: paid in full, the receipt dialog shows the SALES INVOICE with that SI number, the buyer and the lines', async () => {
    counter = await e2e.terminal('si-counter', { as: CASHIER, size: SIZES[0] });
    const p = counter;
    await p.getByTestId('shift-float').fill('1,000');
    await p.getByTestId('open-shift').click();
    await p.getByText('Shift open').waitFor();
    await p.locator('[data-testid="queue-row"]').filter({ hasText: 'Dela Cruz Trading' }).getByRole('button').click();
    await p.getByTestId('pay-customer').filter({ hasText: 'Dela Cruz Trading' }).waitFor();
    await p.getByTestId('pay-amount').fill('2,000');
    await expect.poll(() => text(p, 'pay-change')).toBe('Change ₱700.00');
    await p.getByTestId('pay-amount').press('Enter');

    const receipt = p.getByTestId('receipt');
    await receipt.waitFor();
    expect(await text(p, 'receipt-title')).toBe('SALES INVOICE');
    expect(await text(p, 'receipt-or')).toBe(siNumber);
    expect(await receipt.getAttribute('data-document')).toBe('SI');
    const body = (await receipt.innerText()).replace(/\s+/g, ' ');
    for (const s of ['Lunch set', 'Printing, 50 pages', 'SC 20%', BUYER.name, BUYER.address, BUYER.tin, 'MIN: 24031512345678', 'TOTAL AMOUNT DUE ₱1,300.00', 'AMOUNT PAID ₱1,300.00', 'Change ₱700.00']) {
      expect(body).toContain(s);
    }
    expect(body).not.toContain('OFFICIAL RECEIPT');
    expect(body).not.toContain('NOT VALID FOR CLAIM OF INPUT TAX');
    expect(await p.getByTestId('reprint-mark').count()).toBe(0);
    // One document: the payment is the sale's own invoice.
    const stored = (await api<{ items: Settlement[] }>(e2e.hub, await tokenOf(e2e.hub, CASHIER), 'GET', '/api/v1/settlements?limit=1')).items[0]!;
    expect(stored).toMatchObject({ or_number: siNumber, documentType: 'sales_invoice' });
    freshReceipt = await receipt.innerText();
    await screens(p, '03-counter-invoice', '.modal, .topbar');
    await p.getByTestId('print-receipt').click();
    await expect.poll(() => p.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(1);
    expect(await p.getByTestId('reprint-mark').count()).toBe(0);
    await p.getByTestId('close-receipt').click();
  });

  it('reopened from the recent receipts it is the same document; printed again it says REPRINT', async () => {
    const p = counter;
    await p.locator(`[data-testid="recent-receipt-item"][data-or="${siNumber}"]`).getByTestId('recent-receipt').click();
    const receipt = p.getByTestId('receipt');
    await receipt.waitFor();
    expect(await text(p, 'receipt-title')).toBe('SALES INVOICE');
    expect(await receipt.innerText()).toBe(freshReceipt);
    await p.getByTestId('print-receipt').click();
    await expect.poll(() => text(p, 'reprint-mark')).toBe('REPRINT #1');
    await expect.poll(() => p.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(2);
    // The same lines, buyer and number under the mark.
    const again = await receipt.innerText();
    expect(again.replace(/^REPRINT #1\s*/, '')).toBe(freshReceipt);
    await screens(p, '04-counter-reprint', '.modal, .topbar');
    await p.getByTestId('close-receipt').click();
  });

  it('a part payment on another invoiced sale is a COLLECTION RECEIPT for that SI, with the balance after', async () => {
    const st = await tokenOf(e2e.hub, SALES);
    const c = (await api<{ customer: Customer }>(e2e.hub, st, 'POST', '/api/v1/customers', { name: 'Reyes Catering' })).customer;
    const tx = (await api<{ transaction: Transaction }>(e2e.hub, st, 'POST', '/api/v1/transactions', { customerId: c.id, lines: [{ description: 'Tray of pancit', quantity: 2, unitPrice: 450_00 }] })).transaction;
    const si = tx.invoice!.number;
    const p = counter;
    await p.locator('[data-testid="queue-row"]').filter({ hasText: 'Reyes Catering' }).getByRole('button').click();
    await p.getByTestId('pay-customer').filter({ hasText: 'Reyes Catering' }).waitFor();
    await p.getByTestId('pay-amount').fill('300');
    await expect.poll(() => text(p, 'pay-change')).toBe('Change ₱0.00');
    await p.getByTestId('pay-amount').press('Enter');
    const receipt = p.getByTestId('receipt');
    await receipt.waitFor();
    expect(await text(p, 'receipt-title')).toBe('COLLECTION RECEIPT');
    expect(await text(p, 'receipt-notice')).toBe('THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX.');
    expect(await text(p, 'receipt-or')).toMatch(/^OR-/);
    expect(await text(p, 'receipt-payment-for')).toBe('₱300.00');
    expect((await receipt.innerText()).replace(/\s+/g, ' ')).toContain(`Payment for ${si} ₱300.00 of sale total ₱900.00`);
    expect(await text(p, 'receipt-balance')).toBe('₱600.00');
    expect(await receipt.innerText()).not.toContain('VATable Sales');
    await screens(p, '05-counter-collection', '.modal, .topbar');
    await p.getByTestId('close-receipt').click();
  });

  it('the desk prints an SI’s original once, every later print a counted REPRINT; paid whole after that, the payment is a collection receipt', async () => {
    const p = desk;
    await p.getByRole('button', { name: /New customer/ }).first().click();
    await p.getByLabel('Search customer').fill('Aling Tess Bakery');
    await p.getByRole('button', { name: '+ New customer' }).click();
    await p.getByRole('button', { name: 'Save customer' }).click();
    await p.getByTestId('picked-customer').filter({ hasText: 'Aling Tess Bakery' }).waitFor();
    await p.getByLabel('Line 1 description').fill('Lunch set');
    await p.getByLabel('Line 1 unit price').fill('560');
    await p.getByRole('button', { name: /Create transaction/ }).click();
    await p.getByTestId('created-confirmation').waitFor();
    const printedSi = await text(p, 'created-si');
    await p.getByTestId('print-invoice').click();
    const frame = p.frameLocator('[data-testid="print-frame"]');
    await frame.getByText('SALES INVOICE').first().waitFor();
    const printed = (await frame.locator('body').textContent()) ?? '';
    for (const s of ['SALES INVOICE', printedSi, 'MIN: 24031512345678', 'Lunch set']) expect(printed).toContain(s);
    expect(printed).not.toContain('REPRINT');
    // A second print is a reprint: counted by the hub and marked on the paper.
    await expect.poll(() => text(p, 'print-invoice')).toBe('Reprint invoice');
    await p.getByTestId('print-invoice').click();
    await frame.getByText('Reprint no. 1').waitFor();
    expect((await frame.locator('body').textContent()) ?? '').toContain('REPRINT');
    await p.getByTestId('open-created').click();
    const detail = p.getByTestId('tx-detail');
    await detail.getByTestId('detail-print-invoice').click();
    await frame.getByText('Reprint no. 2').waitFor();
    await detail.getByTestId('detail-close').click();

    // The customer holds the SI: paying the whole sale now is a collection receipt for it.
    const c = counter;
    await c.locator('[data-testid="queue-row"]').filter({ hasText: 'Aling Tess Bakery' }).getByRole('button').click();
    await c.getByTestId('pay-customer').filter({ hasText: 'Aling Tess Bakery' }).waitFor();
    await c.getByTestId('pay-amount').fill('560');
    await c.getByTestId('pay-amount').press('Enter');
    await c.getByTestId('receipt').waitFor();
    expect(await text(c, 'receipt-title')).toBe('COLLECTION RECEIPT');
    expect((await c.getByTestId('receipt').innerText()).replace(/\s+/g, ' ')).toContain(`Payment for ${printedSi}`);
    await c.getByTestId('close-receipt').click();
  });
});
