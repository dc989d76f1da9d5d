import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, shot, tokenOf, type Staff } from './harness.js';
import { e2eHub, openShift, seedPaidReceipts } from './suite.js';

// A cashier asks for a void from its recent receipts; the back office approves it; the
// cashier's list shows it voided. A rejected request shows the admin's note. The reason
// dialog works from the keyboard alone.

const CASHIER: Staff = { username: 'vr-cashier', password: 'vr-cashier-pass', role: 'cashier', displayName: 'Cora Cashier' };
const SALES: Staff = { username: 'vr-sales', password: 'vr-sales-pass1', role: 'sales', displayName: 'Sam Sales' };

let receipts: { id: string; or_number: string }[] = [];
const e2e = e2eHub([CASHIER, SALES], async (hub) => {
  await openShift(hub, await tokenOf(hub, CASHIER), 'C1', 0);
  const rows = ['Reyes Printing', 'Dela Cruz Store', 'Santos Hardware'].map((customer) => ({ customer, price: 500_00, paid: 500_00 }));
  receipts = await seedPaidReceipts(hub, { sales: SALES, cashier: CASHIER }, rows, 'vr-e2e');
  // The oldest receipt: asked for and already rejected, with a note.
  const r = await api<{ request: { id: string } }>(hub, await tokenOf(hub, CASHIER), 'POST', `/api/v1/settlements/${receipts[0]!.id}/void-requests`, { reason: 'Changed mind' });
  await api(hub, await tokenOf(hub, ADMIN), 'POST', `/api/v1/void-requests/${r.request.id}/reject`, { note: 'Goods already delivered' });
});

describe('void request, cashier → admin', () => {
  let cashier: Page;
  beforeAll(async () => {
    cashier = await e2e.terminal('cashier', { as: CASHIER });
  }, 60_000);
  const item = (or: string) => cashier.locator(`[data-testid="recent-receipt-item"][data-or="${or}"]`);

  it('the cashier requests, the admin approves, the receipt shows Voided; a rejection shows its note', async () => {
    const { hub } = e2e;
    await item(receipts[0]!.or_number).getByText('Rejected: Goods already delivered').waitFor();

    const latest = item(receipts[1]!.or_number);
    await latest.getByTestId('request-void').click();
    await cashier.getByTestId('void-request-reason').fill('Wrong customer keyed');
    await cashier.getByTestId('void-request-confirm').click();
    await latest.getByText('Void requested').waitFor();
    await shot(cashier, 'void-request-cashier-requested');

    const admin = await e2e.terminal('admin', { as: ADMIN });
    await admin.getByRole('tab', { name: 'Receipts & voids' }).click();
    const pending = admin.locator(`[data-testid="void-request-row"][data-or="${receipts[1]!.or_number}"]`);
    await pending.getByText('Wrong customer keyed').waitFor();
    await shot(admin, 'void-request-admin-pending');
    await pending.getByTestId('void-request-approve').click();
    await admin.getByTestId('void-requests').waitFor({ state: 'detached' });
    await admin.locator(`[data-testid="settlement-row"][data-or="${receipts[1]!.or_number}"]`).getByText('Void', { exact: true }).waitFor();

    // The void's settlement.voided broadcast reaches the cashier's terminal live.
    await latest.getByText('Voided').waitFor({ timeout: 10_000 });
    await shot(cashier, 'void-request-cashier-voided');
    expect(hub.store.q.settlements.get(receipts[1]!.id)).toMatchObject({ status: 'void', or_number: receipts[1]!.or_number });
    expect(hub.store.q.settlements.get(receipts[0]!.id)?.status).toBe('posted');
  }, 60_000);

  it('the reason dialog by keyboard: Tab stays inside, a short reason is explained, Escape gives the focus back, Enter sends', async () => {
    const opener = item(receipts[2]!.or_number).getByTestId('request-void');
    await opener.focus();
    await cashier.keyboard.press('Enter');
    const dialog = cashier.getByTestId('void-request-dialog');
    await dialog.waitFor();
    const focusInDialog = () => cashier.evaluate(() => !!document.activeElement?.closest('[data-testid="void-request-dialog"]'));
    expect(await cashier.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('void-request-reason');

    await cashier.keyboard.type('No');
    expect(await dialog.getByTestId('void-request-dialog-reason-problem').textContent()).toBe('At least 3 characters: 1 more.');
    expect(await dialog.getByTestId('void-request-confirm').isDisabled()).toBe(true);
    await cashier.keyboard.press('Enter'); // too short: nothing is sent
    expect(await dialog.isVisible()).toBe(true);
    // Round the dialog's controls twice each way: the focus never reaches the screen behind.
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await cashier.keyboard.press(key);
      expect(await focusInDialog(), `after ${key}`).toBe(true);
    }

    await cashier.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
    const asked = () => e2e.hub.store.db.prepare('SELECT reason FROM void_requests WHERE settlement_id = ?').all(receipts[2]!.id);
    expect(asked()).toEqual([]); // neither the short Enter nor Escape sent anything

    await cashier.keyboard.press('Enter');
    await dialog.waitFor();
    await cashier.keyboard.type('Keyed twice');
    await cashier.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await item(receipts[2]!.or_number).getByText('Void requested').waitFor();
    expect(asked()).toEqual([{ reason: 'Keyed twice' }]);
  }, 60_000);
});
