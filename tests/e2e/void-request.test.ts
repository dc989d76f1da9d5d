import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import { ADMIN, api, cleanup, openTerminal, shot, signIn, startTestHub, tokenOf, type Staff } from './harness.js';

// A cashier asks for a void from its recent receipts; the back office approves it; the
// cashier's list shows it voided. A rejected request shows the admin's note.

const CASHIER: Staff = { username: 'vr-cashier', password: 'vr-cashier-pass', role: 'cashier', displayName: 'Cora Cashier' };
const SALES: Staff = { username: 'vr-sales', password: 'vr-sales-pass1', role: 'sales', displayName: 'Sam Sales' };

let hub: Hub;
let dataDir: string;
const open: { close: () => Promise<void>; profile: string }[] = [];
const receipts: { id: string; or_number: string }[] = [];

beforeAll(async () => {
  ({ hub, dataDir } = await startTestHub([CASHIER, SALES]));
  const [ct, st, at] = [await tokenOf(hub, CASHIER), await tokenOf(hub, SALES), await tokenOf(hub, ADMIN)];
  await api(hub, ct, 'POST', '/api/v1/shifts', { counter: 'C1', openingFloat: 0 });
  for (const [i, name] of ['Reyes Printing', 'Dela Cruz Store'].entries()) {
    const c = await api<{ customer: { id: string } }>(hub, st, 'POST', '/api/v1/customers', { name });
    await api(hub, st, 'POST', '/api/v1/transactions', { customerId: c.customer.id, lines: [{ description: 'Job order', quantity: 1, unitPrice: 500_00 }] });
    const body = { customerId: c.customer.id, amount: 500_00, tender: { method: 'cash', tendered: 500_00 }, allocation: { strategy: 'oldest_first' } };
    const s = await api<{ settlement: { id: string; or_number: string } }>(hub, ct, 'POST', '/api/v1/settlements', body, { 'Idempotency-Key': `vr-e2e-${i}` });
    receipts.push(s.settlement);
  }
  // The older receipt: asked for and already rejected, with a note.
  const r = await api<{ request: { id: string } }>(hub, ct, 'POST', `/api/v1/settlements/${receipts[0]!.id}/void-requests`, { reason: 'Changed mind' });
  await api(hub, at, 'POST', `/api/v1/void-requests/${r.request.id}/reject`, { note: 'Goods already delivered' });
}, 60_000);

afterAll(async () => {
  for (const t of open) await t.close().catch(() => {});
  await hub?.close();
  cleanup([dataDir, ...open.map((t) => t.profile)].filter(Boolean));
});

describe('void request, cashier → admin', () => {
  it('the cashier requests, the admin approves, the receipt shows Voided; a rejection shows its note', async () => {
    const cashier = await openTerminal('cashier');
    open.push({ close: () => cashier.context.close(), profile: cashier.profile });
    await signIn(cashier.page, hub.url, CASHIER);
    const item = (or: string) => cashier.page.locator(`[data-testid="recent-receipt-item"][data-or="${or}"]`);
    await item(receipts[0]!.or_number).getByText('Rejected: Goods already delivered').waitFor();

    const latest = item(receipts[1]!.or_number);
    await latest.getByTestId('request-void').click();
    await cashier.page.getByTestId('void-request-reason').fill('Wrong customer keyed');
    await cashier.page.getByTestId('void-request-confirm').click();
    await latest.getByText('Void requested').waitFor();
    await shot(cashier.page, 'void-request-cashier-requested');

    const admin = await openTerminal('admin');
    open.push({ close: () => admin.context.close(), profile: admin.profile });
    await signIn(admin.page, hub.url, ADMIN);
    await admin.page.getByRole('tab', { name: 'Receipts & voids' }).click();
    const pending = admin.page.locator(`[data-testid="void-request-row"][data-or="${receipts[1]!.or_number}"]`);
    await pending.getByText('Wrong customer keyed').waitFor();
    await shot(admin.page, 'void-request-admin-pending');
    await pending.getByTestId('void-request-approve').click();
    await admin.page.getByTestId('void-requests').waitFor({ state: 'detached' });
    await admin.page.locator(`[data-testid="settlement-row"][data-or="${receipts[1]!.or_number}"]`).getByText('Void', { exact: true }).waitFor();

    // The void's settlement.voided broadcast reaches the cashier's terminal live.
    await latest.getByText('Voided').waitFor({ timeout: 10_000 });
    await shot(cashier.page, 'void-request-cashier-voided');
    expect(hub.store.q.settlements.get(receipts[1]!.id)).toMatchObject({ status: 'void', or_number: receipts[1]!.or_number });
    expect(hub.store.q.settlements.get(receipts[0]!.id)?.status).toBe('posted');
  }, 60_000);
});
