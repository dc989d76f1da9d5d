import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import { ADMIN, cleanup, ensureRendererBuilt, openTerminal, shot, signIn, startTestHub, type Staff } from './harness.js';
import { expectScreenOk } from './ui-checks.js';

// Senior/PWD discounts and VAT categories from the sales desk's screens: a clerk rings up a
// senior's line and sees ₱800.00 due before saving, a group meal shared by 5 (₱942.86), a
// mixed basket's VAT breakdown; the admin turns the store's VAT registration off.

const SALES: Staff = { username: 'desk-ana', password: 'desk-ana-pass', role: 'sales', displayName: 'Ana Desk' };
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
] as const;
const PANELS = '.panel, .card, .modal, .topbar, main, .line-row, .holder-row, .breakdown';

let hub: Hub;
let dataDir: string;
const open: { close: () => Promise<void>; profile: string }[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  ({ hub, dataDir } = await startTestHub([SALES]));
}, 120_000);

afterAll(async () => {
  for (const t of open) await t.close().catch(() => {});
  await hub?.close();
  cleanup([dataDir, ...open.map((t) => t.profile)].filter(Boolean));
});

async function checkScreen(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(100);
    await shot(page, `sales-discount-${name}-${size.width}`);
    await expectScreenOk(page, PANELS);
  }
}

const breakdown = (p: Page, id: string) => p.getByTestId(`breakdown-${id}`).locator('dd').textContent();

describe('senior/PWD and VAT from the sales desk', () => {
  it('a senior line: ₱1,120.00 → ₱800.00 due before saving, saved as such; a group meal shared by 5 → ₱942.86', async () => {
    const t = await openTerminal('sales-discounts');
    open.push({ close: () => t.context.close(), profile: t.profile });
    const p = t.page;
    await p.setViewportSize(SIZES[0]);
    await signIn(p, hub.url, SALES);
    await p.getByLabel('Search customer').fill('Lola Nena');
    await p.getByRole('button', { name: '+ New customer' }).click();
    await p.getByRole('button', { name: 'Save customer' }).click();
    await p.getByTestId('picked-customer').filter({ hasText: 'Lola Nena' }).waitFor();

    await p.getByLabel('Line 1 description').fill('Lunch set');
    await p.getByLabel('Line 1 unit price').fill('1120');
    await expect.poll(() => p.getByTestId('new-tx-total').textContent()).toBe('₱1,120.00');
    await p.getByRole('button', { name: 'SC/PWD discount, line 1' }).click();
    // Not ready without the holder's name and ID number.
    expect(await p.getByRole('button', { name: /Create transaction/ }).isDisabled()).toBe(true);
    await p.getByLabel('Line 1 holder name').fill('Remedios Lim');
    await p.getByLabel('Line 1 ID number').fill('SC-MNL-0042');
    await expect.poll(() => p.getByTestId('new-tx-total').textContent()).toBe('₱800.00');
    expect(await breakdown(p, 'exempt')).toBe('₱1,000.00');
    expect(await breakdown(p, 'senior')).toBe('-₱200.00');
    expect(await breakdown(p, 'vat')).toBe('₱0.00');
    await checkScreen(p, '01-senior-line');
    await p.getByRole('button', { name: /Create transaction/ }).click();
    await p.locator('.created').waitFor();
    const first = hub.store.transactions.list({ limit: 5 }).items[0]!;
    expect(first).toMatchObject({ total_amount: 800_00, lines: [{ discount: { kind: 'senior', holderName: 'Remedios Lim', idNumber: 'SC-MNL-0042' } }] });
    await checkScreen(p, '02-created');

    // A group meal for 5 diners, one senior: only the senior's fifth is discounted.
    await p.getByRole('button', { name: /New transaction|Another/ }).first().click().catch(() => {});
    await p.getByLabel('Line 1 description').waitFor();
    await p.getByLabel('Line 1 description').fill('Group meal for 5');
    await p.getByLabel('Line 1 unit price').fill('1000');
    await p.getByRole('button', { name: 'SC/PWD discount, line 1' }).click();
    await p.getByLabel('Line 1 holder name').fill('Remedios Lim');
    await p.getByLabel('Line 1 ID number').fill('SC-MNL-0042');
    await p.getByLabel('Line 1 shared by').fill('5');
    await expect.poll(() => p.getByTestId('new-tx-total').textContent()).toBe('₱942.86');
    // A second line, zero-rated, shows in the breakdown.
    await p.getByTestId('add-line').click();
    await p.keyboard.type('Export crate');
    await p.getByLabel('Line 2 unit price').fill('100');
    await p.getByLabel('Line 2 VAT category').selectOption('zero_rated');
    await expect.poll(() => p.getByTestId('new-tx-total').textContent()).toBe('₱1,042.86');
    expect(await breakdown(p, 'zero-rated')).toBe('₱100.00');
    expect(await breakdown(p, 'vatable')).toBe('₱714.29');
    await checkScreen(p, '03-group-meal');
    await p.getByRole('button', { name: /Create transaction/ }).click();
    await expect.poll(() => hub.store.transactions.list({ limit: 5 }).items[0]!.total_amount).toBe(1_042_86);
    const meal = hub.store.transactions.list({ limit: 5 }).items[0]!;
    expect(meal.lines.map((l) => [l.vatCategory, l.discount?.sharedBy ?? null])).toEqual([
      ['vatable', 5],
      ['zero_rated', null],
    ]);

    // The edit form is the same form: the holder comes back, one more diner changes the share.
    await p.locator(`[data-testid="tx-row"][data-tx-id="${meal.id}"]`).getByRole('button').click();
    const detail = p.getByTestId('tx-detail');
    expect(await detail.getByTestId('detail-line-discount').first().textContent()).toBe('Senior citizen Remedios Lim, ID SC-MNL-0042 (1/5 share)');
    await detail.getByTestId('edit-tx').click();
    expect(await detail.getByLabel('Line 1 holder name').inputValue()).toBe('Remedios Lim');
    expect(await detail.getByLabel('Line 2 VAT category').inputValue()).toBe('zero_rated');
    await detail.getByLabel('Line 1 shared by').fill('4');
    // 250.00 ÷ 1.12 = 223.21, 20% = 44.64 → 178.57 + 750.00 + 100.00
    await expect.poll(() => detail.getByTestId('edit-total').textContent()).toBe('₱1,028.57');
    await checkScreen(p, '05-edit');
    await detail.getByTestId('save-edit').click();
    await expect.poll(() => detail.getByTestId('detail-balance').textContent()).toBe('₱1,028.57');
    expect(hub.store.transactions.load(meal.id).lines[0]!.discount).toMatchObject({ sharedBy: 4 });
  });

  it('the admin turns VAT registration off from Settings; a senior’s ₱1,000 is then ₱800.00 on the desk', async () => {
    const t = await openTerminal('sales-discounts-admin');
    open.push({ close: () => t.context.close(), profile: t.profile });
    const p = t.page;
    await p.setViewportSize(SIZES[0]);
    await signIn(p, hub.url, ADMIN);
    await p.getByRole('tab', { name: 'Settings' }).or(p.getByRole('button', { name: 'Settings' })).first().click();
    const toggle = p.getByTestId('vat-registered');
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await toggle.click();
    await p.getByText('Non-VAT: no VAT is computed').waitFor();
    expect(hub.store.receipts.settings().vatRegistered).toBe(false);
    for (const size of SIZES) {
      await p.setViewportSize(size);
      await p.getByLabel('VAT registration').scrollIntoViewIfNeeded();
      await shot(p, `admin-vat-registration-${size.width}`);
      await expectScreenOk(p, '.panel, .topbar');
    }

    const s = await openTerminal('sales-discounts-nonvat');
    open.push({ close: () => s.context.close(), profile: s.profile });
    const d = s.page;
    await d.setViewportSize(SIZES[1]);
    await signIn(d, hub.url, SALES);
    await d.getByLabel('Search customer').fill('Lola');
    await d.getByRole('option', { name: /Lola Nena/ }).click();
    await d.getByLabel('Line 1 description').fill('Lunch');
    await d.getByLabel('Line 1 unit price').fill('1000');
    await d.getByTestId('sale-discount').check();
    await d.getByLabel('Sale holder name').fill('Remedios Lim');
    await d.getByLabel('Sale ID number').fill('SC-MNL-0042');
    await expect.poll(() => d.getByTestId('new-tx-total').textContent()).toBe('₱800.00');
    expect(await breakdown(d, 'sales')).toBe('₱1,000.00');
    expect(await d.getByTestId('breakdown-vat').count()).toBe(0);
    await checkScreen(d, '04-non-vat');
    await d.getByRole('button', { name: /Create transaction/ }).click();
    await expect.poll(() => hub.store.transactions.list({ limit: 1 }).items[0]!.total_amount).toBe(800_00);
  });
});
