import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import { ADMIN, api, cleanup, ensureRendererBuilt, openTerminal, shot, signIn, startTestHub, tokenOf, type Staff } from './harness.js';

// A paid-out over the store's limit: the cashier's drawer dialog says it needs an admin and
// sends a request; the admin approves it in the list of void requests; the cashier's
// dialog shows it approved and the paid-out recorded. Screens at 1024×768.

const CASHIER: Staff = { username: 'po-cashier', password: 'po-cashier-pass', role: 'cashier', displayName: 'Pia Cashier' };

let hub: Hub;
let dataDir: string;
let shiftId: string;
const open: { close: () => Promise<void>; profile: string }[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  ({ hub, dataDir } = await startTestHub([CASHIER]));
  const ct = await tokenOf(hub, CASHIER);
  shiftId = (await api<{ shift: { id: string } }>(hub, ct, 'POST', '/api/v1/shifts', { counter: 'C1', openingFloat: 3_000_00 })).shift.id;
}, 120_000);

afterAll(async () => {
  for (const t of open) await t.close().catch(() => {});
  await hub?.close();
  cleanup([dataDir, ...open.map((t) => t.profile)].filter(Boolean));
});

describe('paid-out over the limit, cashier → admin', () => {
  it('the dialog says it needs approval and shows it waiting; the admin approves it beside the void requests', async () => {
    const cashier = await openTerminal('cashier');
    open.push({ close: () => cashier.context.close(), profile: cashier.profile });
    await cashier.page.setViewportSize({ width: 1024, height: 768 });
    await signIn(cashier.page, hub.url, CASHIER);
    await cashier.page.getByTestId('open-drawer-dialog').click();
    await cashier.page.getByTestId('drawer-amount').fill('1500');
    await cashier.page.getByTestId('drawer-reason').fill('Supplier COD: bond paper');
    await cashier.page.getByTestId('paid-out-needs-approval').waitFor();
    await expect.poll(() => cashier.page.getByTestId('drawer-save').textContent()).toBe('Ask an admin to approve');
    await shot(cashier.page, 'paid-out-cashier-needs-approval');
    await cashier.page.getByTestId('drawer-save').click();
    await cashier.page.getByTestId('paid-out-pending').getByText('Supplier COD: bond paper').waitFor();
    await shot(cashier.page, 'paid-out-cashier-waiting');

    const admin = await openTerminal('admin');
    open.push({ close: () => admin.context.close(), profile: admin.profile });
    await admin.page.setViewportSize({ width: 1024, height: 768 });
    await signIn(admin.page, hub.url, ADMIN);
    await admin.page.getByRole('tab', { name: 'Receipts & voids' }).click();
    const row = admin.page.getByTestId('paid-out-request-row');
    await row.getByText('Supplier COD: bond paper').waitFor();
    await shot(admin.page, 'paid-out-admin-pending');
    await row.getByTestId('paid-out-request-approve').click();
    await admin.page.getByTestId('void-requests').waitFor({ state: 'detached' });

    // The decision reaches the cashier's open dialog live.
    await cashier.page.getByTestId('paid-out-decision').getByText('Approved', { exact: false }).waitFor({ timeout: 10_000 });
    await cashier.page.getByTestId('drawer-movements').getByText('Supplier COD: bond paper').waitFor();
    await shot(cashier.page, 'paid-out-cashier-approved');
    const movements = hub.store.q.shifts.movements(shiftId);
    expect(movements).toMatchObject([{ kind: 'paid_out', amount: 1_500_00, approved_by: expect.stringMatching(/^usr_/) }]);

    await admin.page.getByRole('tab', { name: 'Settings' }).click();
    await admin.page.getByTestId('settings-paid-out-limit').waitFor();
    await shot(admin.page, 'paid-out-admin-settings');
  }, 90_000);
});
