import { describe, expect, it } from 'vitest';
import { ADMIN, api, shot, tokenOf, type Staff } from './harness.js';
import { e2eHub } from './suite.js';

// A store that has not finished its BIR setup cannot issue a Sales Invoice, so it cannot
// save a sale (422 setup_incomplete). The sales desk says so before the clerk starts, and
// again on Save, naming what is missing and who fixes it; once the admin fills it in, the
// same sale saves with its SI number.

const SALES: Staff = { username: 'setup-desk', password: 'setup-desk-pass', role: 'sales', displayName: 'Desk Cora' };
const e2e = e2eHub([SALES], undefined, { birSetup: false });

describe('sales desk on a store not yet set up for the BIR', () => {
  it('says what is missing up front and on Save; saves once the admin has set the store up', async () => {
    const p = await e2e.terminal('setup-desk', { as: SALES, size: { width: 1024, height: 768 } });
    await p.getByLabel('Search customer').fill('Walk-in Juan');
    await p.getByRole('button', { name: '+ New customer' }).click();
    await p.getByRole('button', { name: 'Save customer' }).click();
    await p.getByTestId('picked-customer').filter({ hasText: 'Walk-in Juan' }).waitFor();

    const notice = p.getByTestId('setup-notice');
    await notice.waitFor();
    const up = (await notice.innerText()).replace(/\s+/g, ' ');
    expect(up).toMatch(/^Ask an admin to finish the store setup: /);
    expect(up).toContain('TIN');
    expect(up).toContain('Register C1');

    await p.getByLabel('Line 1 description').fill('Photocopy');
    await p.getByLabel('Line 1 unit price').fill('50');
    await p.getByRole('button', { name: /Create transaction/ }).click();
    const refused = p.getByTestId('setup-incomplete');
    await refused.waitFor();
    const text = (await refused.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/^Ask an admin to finish the store setup: .*TIN.*Register C1.*No Sales Invoice can be issued until then\.$/);
    expect(e2e.hub.store.q.transactions.list({ limit: 5 })).toHaveLength(0);
    await refused.scrollIntoViewIfNeeded();
    await shot(p, 'invoices-setup-incomplete-1024');

    // The admin finishes the setup; the same form saves and the desk shows the SI number.
    const admin = await tokenOf(e2e.hub, ADMIN);
    await api(e2e.hub, admin, 'PUT', '/api/v1/receipt-settings', { tin: '123-456-789-00000', registeredName: 'Cora Copy Center', address: '3 Lapu-Lapu St, Cebu' });
    await api(e2e.hub, admin, 'PATCH', '/api/v1/registers/reg_c1', { min: '24031599999999', serialNo: 'KHR-0099' });
    await p.getByRole('button', { name: /Create transaction/ }).click();
    await p.getByTestId('created-confirmation').waitFor();
    expect(await p.getByTestId('created-si').innerText()).toMatch(/^SI-/);
    // The next sale's form no longer warns.
    await p.getByTestId('another-for-customer').click();
    await p.getByLabel('Line 1 description').waitFor();
    await expect.poll(() => p.getByTestId('setup-notice').count()).toBe(0);
  });
});
