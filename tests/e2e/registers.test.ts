import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import { TEST_BIR } from '../integration/support/bir-setup.js';
import { ADMIN, cleanup, ensureRendererBuilt, openTerminal, shot, signIn, startTestHub, type Staff } from './harness.js';

// Registers on the screens: the admin adds C2 with its MIN and serial, edits it, and a
// cashier picks C2 from the list to open a shift; the shift bar says where it is open.

const CASHIER: Staff = { username: 'reg-cashier', password: 'reg-cashier-pass', role: 'cashier', displayName: 'Rosa Register' };
let hub: Hub;
let dataDir: string;
const contexts: BrowserContext[] = [];
const profiles: string[] = [];
let admin: Page;
let cashier: Page;

beforeAll(async () => {
  ensureRendererBuilt();
  // The store's own BIR fields are in; its registers' MIN and serial are what the admin fills in.
  ({ hub, dataDir } = await startTestHub([CASHIER], { birSetup: false }));
  hub.store.receipts.saveSettings(TEST_BIR, { id: hub.store.q.users.byUsername(ADMIN.username)!.id, role: 'admin' });
  for (const name of ['reg-admin', 'reg-cashier']) {
    const t = await openTerminal(name);
    contexts.push(t.context);
    profiles.push(t.profile);
  }
  admin = contexts[0]!.pages()[0] ?? (await contexts[0]!.newPage());
  cashier = contexts[1]!.pages()[0] ?? (await contexts[1]!.newPage());
  await Promise.all([signIn(admin, hub.url, ADMIN), signIn(cashier, hub.url, CASHIER)]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(contexts.map((c) => c.close()));
  await hub?.close();
  cleanup([dataDir, ...profiles]);
});

describe('registers on the screens', () => {
  it('the admin adds C2 with its MIN and serial, and fills in C1’s', async () => {
    const p = admin;
    await p.getByRole('tab', { name: 'Registers' }).click();
    await p.locator('[data-testid="register-row"][data-code="C1"]').waitFor();
    expect(await p.locator('[data-testid="register-row"][data-code="C1"]').innerText()).toContain('not set');
    await p.getByTestId('register-code').last().fill('c2');
    await p.getByTestId('register-name').last().fill('Counter 2');
    await p.getByTestId('register-min').last().fill('18010912345678902');
    await p.getByTestId('register-serialNo').last().fill('SN-0002');
    await p.getByTestId('create-register').click();
    const c2 = p.locator('[data-testid="register-row"][data-code="C2"]');
    await c2.waitFor();
    expect(await c2.innerText()).toContain('18010912345678902');

    await p.locator('[data-testid="register-row"][data-code="C1"]').getByTestId('register-edit').click();
    const form = p.getByTestId('register-edit-form');
    await form.getByTestId('register-min').fill('18010912345678901');
    await form.getByTestId('register-serialNo').fill('SN-0001');
    await form.getByTestId('register-save').click();
    await form.waitFor({ state: 'detached' });
    expect(await p.locator('[data-testid="register-row"][data-code="C1"]').innerText()).toContain('SN-0001');
    expect(hub.store.q.registers.byCode('C1')).toMatchObject({ min: '18010912345678901', serial_no: 'SN-0001' });
    for (const [w, h] of [[1024, 768], [1366, 768]] as const) {
      await p.setViewportSize({ width: w, height: h });
      await shot(p, `registers-admin-${w}`);
    }
  });

  it('the cashier picks C2 from the registers to open a shift; its receipts are C2’s', async () => {
    const p = cashier;
    await p.reload();
    const pick = p.getByTestId('shift-register');
    await pick.waitFor();
    await expect.poll(async () => (await pick.locator('option').allInnerTexts()).join('|')).toBe('C1 · Counter 1|C2 · Counter 2');
    await pick.selectOption('C2');
    for (const [w, h] of [[1024, 768], [1366, 768]] as const) {
      await p.setViewportSize({ width: w, height: h });
      await shot(p, `registers-cashier-open-${w}`);
    }
    await p.getByTestId('open-shift').click();
    await p.getByText('Shift open').waitFor();
    expect(await p.getByTestId('shift-bar').innerText()).toContain('at C2');
    const user = hub.store.q.users.byUsername(CASHIER.username)!;
    expect(hub.store.q.shifts.openOfCashier(user.id)).toMatchObject({ counter: 'C2', register_id: hub.store.q.registers.byCode('C2')!.id });
  });
});
