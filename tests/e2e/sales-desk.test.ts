import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import { api, tokenOf, type Staff } from './harness.js';
import { e2eHub, openShift } from './suite.js';
import { checkScreens, VIEWPORTS } from './ui-checks.js';

// The sales desk as a clerk uses it on a 1024×768 and a 1366×768 counter screen: write a
// job order, get its reference and print the claim slip, open it, edit it before anyone
// pays, watch a payment arrive live (editing then stops), cancel another one. Every state
// is checked for overflow, 44 px targets and axe, and kept as a screenshot.

const SALES: Staff = { username: 'desk-ana', password: 'desk-ana-pass', role: 'sales', displayName: 'Ana Desk' };
const CASHIER: Staff = { username: 'till-cora', password: 'till-cora-pass', role: 'cashier', displayName: 'Cora Till' };
const PANELS = '.panel, .card, .modal, .topbar, main, .line-row, .created';

const e2e = e2eHub([SALES, CASHIER]);

const checkScreen = (page: Page, name: string) => checkScreens(page, `sales-${name}`, PANELS);

describe('sales desk at the counter', () => {
  it('job order → reference and slip → detail → edit → live payment → cancel, on both screen sizes', async () => {
    const { hub } = e2e;
    const p = await e2e.terminal('sales-desk', { as: SALES, size: VIEWPORTS[0] });
    await p.getByText('No transactions yet').waitFor();
    await checkScreen(p, '01-empty');

    // A new customer, then "Change": the search comes back, not the new-customer form.
    await p.getByLabel('Search customer').fill('Reyes Printing');
    await p.getByRole('button', { name: '+ New customer' }).click();
    await p.getByRole('button', { name: 'Save customer' }).click();
    await p.getByTestId('picked-customer').filter({ hasText: 'Reyes Printing' }).waitFor();
    await p.getByTestId('picked-customer').getByRole('button', { name: /Change/ }).click();
    await p.getByLabel('Search customer').waitFor();
    expect(await p.getByRole('button', { name: 'Save customer' }).count()).toBe(0);
    await p.getByLabel('Search customer').fill('Reyes');
    await p.getByRole('option', { name: /Reyes Printing/ }).click();

    // Lines: a long description has the room; "+ Add line" puts the cursor in the new line.
    const long = 'Tarpaulin print 3×6 ft, full colour, with eyelets every 2 ft and a 1-inch white border';
    await p.getByLabel('Line 1 description').fill(long);
    await p.getByLabel('Line 1 quantity').fill('2');
    await p.getByLabel('Line 1 unit price').fill('750');
    await p.getByTestId('add-line').click();
    expect(await p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Line 2 description');
    await p.keyboard.type('Lamination');
    await p.getByLabel('Line 2 unit price').fill('120.50');
    await expect.poll(() => p.getByTestId('new-tx-total').textContent()).toBe('₱1,620.50');
    const desc = p.getByLabel('Line 1 description');
    const room = await desc.evaluate((el) => (el as HTMLInputElement).clientWidth);
    expect(room).toBeGreaterThan(240); // not squeezed while the panel has space
    await checkScreen(p, '02-lines');

    // Create: a confirmation with the reference, and the claim slip to print.
    await p.getByRole('button', { name: /Create transaction/ }).click();
    const confirmation = p.getByTestId('created-confirmation');
    await confirmation.waitFor();
    const ref = (await p.getByTestId('created-ref').textContent())!.trim();
    const created = hub.store.q.transactions.list({ limit: 1 })[0]!;
    expect(ref).toBe(created.id.slice(-6).toUpperCase());
    expect(await confirmation.textContent()).toContain('₱1,620.50');
    await checkScreen(p, '03-created');
    await p.getByTestId('print-slip').click();
    const frame = p.frameLocator('[data-testid="print-frame"]');
    await frame.getByText('JOB ORDER / CLAIM SLIP').waitFor();
    const slip = (await frame.locator('body').textContent()) ?? '';
    for (const s of ['JOB ORDER / CLAIM SLIP', ref, 'Reyes Printing', 'Lamination', '₱1,620.50', 'NOT AN OFFICIAL RECEIPT']) expect(slip).toContain(s);

    // Its detail from the list: lines, no payments yet, edit and cancel offered.
    await p.locator(`[data-testid="tx-row"][data-tx-id="${created.id}"]`).getByRole('button').click();
    const detail = p.getByTestId('tx-detail');
    await detail.getByTestId('detail-line').nth(1).waitFor();
    expect(await detail.getByTestId('detail-status').textContent()).toBe('Unpaid');
    await detail.getByText('No payment yet.').waitFor();
    await checkScreen(p, '04-detail');

    // Edit before payment: one more tarpaulin; the hub records it and the ledger balances.
    await detail.getByTestId('edit-tx').click();
    await detail.getByLabel('Line 1 quantity').fill('3');
    await expect.poll(() => detail.getByTestId('edit-total').textContent()).toBe('₱2,370.50');
    await checkScreen(p, '05-edit');
    await detail.getByTestId('save-edit').click();
    await expect.poll(() => detail.getByTestId('detail-balance').textContent()).toBe('₱2,370.50');
    expect(hub.store.eventsAfter(0, 1000).filter((e) => e.type === 'transaction.edited')).toHaveLength(1);
    expect(auditStore(hub.store.db).ok).toBe(true);

    // A cashier takes ₱1,000 at the counter: the open detail turns partial live, shows the
    // OR, and no longer offers edit or cancel.
    const ct = await tokenOf(hub, CASHIER);
    await openShift(hub, ct, 'C1', 0);
    const paid = await api<{ settlement: { or_number: string } }>(
      hub,
      ct,
      'POST',
      '/api/v1/settlements',
      { customerId: created.customer_id, amount: 1_000_00, tender: { method: 'cash', tendered: 1_000_00 }, allocation: { strategy: 'oldest_first' } },
      { 'Idempotency-Key': 'sales-e2e-1' },
    );
    await expect.poll(() => detail.getByTestId('detail-status').textContent(), { timeout: 5000 }).toBe('Partial');
    await detail.getByTestId('detail-payment').filter({ hasText: paid.settlement.or_number }).waitFor();
    expect(await detail.getByTestId('edit-tx').count()).toBe(0);
    expect(await detail.getByTestId('cancel-tx-open').count()).toBe(0);
    await checkScreen(p, '06-detail-paid');
    await detail.getByTestId('detail-close').click();

    // Another job order, cancelled from its detail with a reason.
    const st = await tokenOf(hub, SALES);
    const other = await api<{ transaction: { id: string } }>(hub, st, 'POST', '/api/v1/transactions', {
      customerId: created.customer_id,
      lines: [{ description: 'Wrong size banner', quantity: 1, unitPrice: 500_00 }],
    });
    const row = p.locator(`[data-testid="tx-row"][data-tx-id="${other.transaction.id}"]`);
    await row.getByRole('button').click();
    await detail.getByTestId('cancel-tx-open').click();
    await p.getByTestId('cancel-tx-reason').fill('Customer ordered the wrong size');
    await checkScreen(p, '07-cancel');
    await p.getByTestId('cancel-tx-confirm').click();
    await expect.poll(() => p.getByTestId('tx-detail').getByTestId('detail-status').textContent()).toBe('Void');
    await p.getByTestId('detail-close').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('void');
    expect(hub.store.q.transactions.get(other.transaction.id)).toMatchObject({ voided: 1, void_reason: 'Customer ordered the wrong size' });
    await checkScreen(p, '08-list');
    expect(auditStore(hub.store.db).ok).toBe(true);
  }, 180_000);
});
