import { describe, expect, it } from 'vitest';
import { ADMIN, shot, tokenOf, type Staff } from './harness.js';
import { e2eHub, openShift } from './suite.js';

// A paid-out over the store's limit: the cashier's drawer dialog says it needs an admin and
// sends a request; the admin approves it in the list of void requests; the cashier's
// dialog shows it approved and the paid-out recorded. Screens at 1024×768.

const CASHIER: Staff = { username: 'po-cashier', password: 'po-cashier-pass', role: 'cashier', displayName: 'Pia Cashier' };
const SMALL = { width: 1024, height: 768 };

let shiftId: string;
const e2e = e2eHub([CASHIER], async (hub) => {
  shiftId = await openShift(hub, await tokenOf(hub, CASHIER), 'C1', 3_000_00);
});

describe('paid-out over the limit, cashier → admin', () => {
  it('the dialog says it needs approval and shows it waiting; the admin approves it beside the void requests', async () => {
    const cashier = await e2e.terminal('cashier', { as: CASHIER, size: SMALL });
    await cashier.getByTestId('open-drawer-dialog').click();
    await cashier.getByTestId('drawer-amount').fill('1500');
    await cashier.getByTestId('drawer-reason').fill('Supplier COD: bond paper');
    await cashier.getByTestId('paid-out-needs-approval').waitFor();
    await expect.poll(() => cashier.getByTestId('drawer-save').textContent()).toBe('Ask an admin to approve');
    await shot(cashier, 'paid-out-cashier-needs-approval');
    await cashier.getByTestId('drawer-save').click();
    await cashier.getByTestId('paid-out-pending').getByText('Supplier COD: bond paper').waitFor();
    await shot(cashier, 'paid-out-cashier-waiting');

    const admin = await e2e.terminal('admin', { as: ADMIN, size: SMALL });
    await admin.getByRole('tab', { name: 'Receipts & voids' }).click();
    const row = admin.getByTestId('paid-out-request-row');
    await row.getByText('Supplier COD: bond paper').waitFor();
    await shot(admin, 'paid-out-admin-pending');
    await row.getByTestId('paid-out-request-approve').click();
    await admin.getByTestId('void-requests').waitFor({ state: 'detached' });

    // The decision reaches the cashier's open dialog live.
    await cashier.getByTestId('paid-out-decision').getByText('Approved', { exact: false }).waitFor({ timeout: 10_000 });
    await cashier.getByTestId('drawer-movements').getByText('Supplier COD: bond paper').waitFor();
    await shot(cashier, 'paid-out-cashier-approved');
    const movements = e2e.hub.store.q.shifts.movements(shiftId);
    expect(movements).toMatchObject([{ kind: 'paid_out', amount: 1_500_00, approved_by: expect.stringMatching(/^usr_/) }]);

    await admin.getByRole('tab', { name: 'Settings' }).click();
    await admin.getByTestId('settings-paid-out-limit').waitFor();
    await shot(admin, 'paid-out-admin-settings');
  }, 90_000);
});
