import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import type { Customer } from '../../src/shared/customers.js';
import { ADMIN, api, CHROMIUM, cleanup, ensureRendererBuilt, openTerminal, shot, signIn, startTestHub, tokenOf, type Staff } from './harness.js';

// A whole cash sale with change, twice: once with the keyboard only (a cashier who never
// touches the mouse), once with taps only (a touch-screen counter). Each starts at the
// login screen and ends with the change on screen and the receipt on the hub.

const KEYS: Staff = { username: 'kiko', password: 'kiko-pass-123', role: 'cashier', displayName: 'Kiko Keys' };
const TOUCH: Staff = { username: 'tala', password: 'tala-pass-123', role: 'cashier', displayName: 'Tala Touch' };

let hub: Hub;
let dataDir: string;
const profiles: string[] = [];
const contexts: BrowserContext[] = [];

const text = async (l: Locator) => (await l.innerText()).replace(/\s+/g, ' ').trim();
const focusedTestId = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? null);
const settlementsOf = (name: string) =>
  hub.store.db
    .prepare('SELECT s.amount, s.tendered, s.change_amount AS change FROM settlements s JOIN customers c ON c.id = s.customer_id WHERE c.name = ?')
    .all(name) as { amount: number; tendered: number; change: number }[];

async function owing(name: string, admin: string): Promise<void> {
  const c = (await api<{ customer: Customer }>(hub, admin, 'POST', '/api/v1/customers', { name })).customer;
  await api(hub, admin, 'POST', '/api/v1/transactions', { customerId: c.id, lines: [{ description: 'Hollow blocks 4 in.', quantity: 1, unitPrice: 1_500_50 }] });
}

beforeAll(async () => {
  ensureRendererBuilt();
  ({ hub, dataDir } = await startTestHub([KEYS, TOUCH]));
  const admin = await tokenOf(hub, ADMIN);
  await api(hub, admin, 'POST', '/api/v1/registers', { code: 'C2', name: 'Counter 2' });
  await owing('Keyboard Customer', admin);
  await owing('Touch Customer', admin);
  await owing('Quick Customer', admin);
  await owing('Second Thoughts Customer', admin);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(contexts.map((c) => c.close()));
  await hub?.close();
  cleanup([dataDir, ...profiles]);
});

describe('a cash sale with change, end to end', () => {
  it('with the keyboard only', async () => {
    const t = await openTerminal('keys');
    contexts.push(t.context);
    profiles.push(t.profile);
    const p = t.page;
    await p.setViewportSize({ width: 1024, height: 768 });
    await p.goto(hub.url);
    // The username field has the cursor from the start.
    await expect.poll(() => focusedTestId(p)).toBe('username');
    await p.keyboard.type(KEYS.username);
    await p.keyboard.press('Tab');
    await p.keyboard.type(KEYS.password);
    await p.keyboard.press('Enter');
    await p.getByTestId('signed-in-user').waitFor();

    // Tab to the float, type it, Enter opens the shift.
    for (let i = 0; i < 15 && (await focusedTestId(p)) !== 'shift-float'; i++) await p.keyboard.press('Tab');
    expect(await focusedTestId(p)).toBe('shift-float');
    await p.keyboard.type('1000');
    await p.keyboard.press('Enter');
    await p.getByText('Shift open').waitFor();

    // 1 picks the first customer in the queue; the cursor lands in "Cash handed over".
    await p.locator('body').focus();
    await p.keyboard.press('1');
    await p.getByTestId('pay-customer').filter({ hasText: 'Keyboard Customer' }).waitFor();
    await expect.poll(() => focusedTestId(p)).toBe('pay-amount');
    await p.keyboard.type('2000');
    await expect.poll(() => text(p.getByTestId('pay-change'))).toBe('Change ₱499.50');
    await expect.poll(() => p.getByTestId('pay-blocked').count()).toBe(0);
    await p.keyboard.press('Enter');
    await p.getByTestId('receipt-or').waitFor();
    expect(await text(p.getByTestId('change-due'))).toContain('₱499.50');
    await shot(p, 'cashier-input-keyboard-receipt');
    await p.keyboard.press('Escape');
    await p.getByTestId('receipt-or').waitFor({ state: 'detached' });
    expect(await text(p.getByTestId('change-due'))).toContain('₱499.50');
    expect(settlementsOf('Keyboard Customer')).toEqual([{ amount: 1_500_50, tendered: 2_000_00, change: 499_50 }]);
  });

  it('with taps only, on a touch screen', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'kahera-touch-'));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1024, height: 768 },
      hasTouch: true,
      locale: 'en-PH',
      timezoneId: 'Asia/Manila',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    contexts.push(context);
    context.setDefaultTimeout(10_000);
    await context.addInitScript(() => {
      window.print = () => {};
    });
    const p = context.pages()[0] ?? (await context.newPage());
    await p.goto(hub.url);
    // Text goes in through the on-screen keyboard: tap the field, then type.
    await p.getByLabel('Username').tap();
    await p.keyboard.type(TOUCH.username);
    await p.getByLabel('Password').tap();
    await p.keyboard.type(TOUCH.password);
    await p.getByRole('button', { name: 'Sign in' }).tap();
    await p.getByTestId('signed-in-user').waitFor();

    // C1 is the keyboard cashier's: this one picks register C2.
    await p.getByTestId('shift-register').tap();
    await p.getByTestId('shift-register').selectOption('C2');
    await p.getByTestId('shift-float').tap();
    await p.keyboard.type('500');
    await p.getByTestId('open-shift').tap();
    await p.getByText('Shift open').waitFor();

    await p.locator('[data-testid="queue-row"]').filter({ hasText: 'Touch Customer' }).getByRole('button').tap();
    await p.getByTestId('pay-customer').filter({ hasText: 'Touch Customer' }).waitFor();
    // No typing at all for the money: the ₱2,000 note is a quick-tender button.
    await p.getByRole('group', { name: 'Quick tender' }).getByRole('button', { name: '₱2,000', exact: true }).tap();
    await expect.poll(() => text(p.getByTestId('pay-change'))).toBe('Change ₱499.50');
    await expect.poll(() => p.getByTestId('pay-post').isEnabled()).toBe(true);
    await p.getByTestId('pay-post').tap();
    await p.getByTestId('receipt-or').waitFor();
    expect(await text(p.getByTestId('change-due'))).toContain('₱499.50');
    await shot(p, 'cashier-input-touch-receipt');
    await p.getByTestId('close-receipt').tap();
    await p.getByTestId('receipt-or').waitFor({ state: 'detached' });
    expect(await text(p.getByTestId('change-due'))).toContain('₱499.50');
    expect(settlementsOf('Touch Customer')).toEqual([{ amount: 1_500_50, tendered: 2_000_00, change: 499_50 }]);
  });

  it('Enter pressed while the allocation is being checked posts once it is checked; typed over meanwhile, it does not', async () => {
    const t = await openTerminal('quick');
    contexts.push(t.context);
    profiles.push(t.profile);
    const p = t.page;
    // The hub's allocation check takes a while (a busy hub, a slow LAN).
    await p.route('**/api/v1/settlements/preview', async (route) => {
      await new Promise((r) => setTimeout(r, 1_200));
      await route.continue().catch(() => undefined);
    });
    await signIn(p, hub.url, KEYS); // the keyboard cashier's shift is open at C1
    await p.getByText('Shift open').waitFor();

    await p.locator('[data-testid="queue-row"]').filter({ hasText: 'Quick Customer' }).getByRole('button').click();
    await p.getByTestId('pay-customer').filter({ hasText: 'Quick Customer' }).waitFor();
    await p.getByTestId('pay-amount').fill('2000');
    await p.getByTestId('pay-amount').press('Enter');
    await expect.poll(() => text(p.getByTestId('pay-blocked'))).toBe('Checking allocation… posts once checked.');
    await shot(p, 'cashier-input-enter-while-checking');
    await p.setViewportSize({ width: 1024, height: 768 });
    await shot(p, 'cashier-input-enter-while-checking-1024');
    expect(settlementsOf('Quick Customer')).toEqual([]);
    await p.getByTestId('receipt-or').waitFor();
    expect(settlementsOf('Quick Customer')).toEqual([{ amount: 1_500_50, tendered: 2_000_00, change: 499_50 }]);
    await p.keyboard.press('Escape');
    await p.getByTestId('receipt-or').waitFor({ state: 'detached' });

    await p.locator('[data-testid="queue-row"]').filter({ hasText: 'Second Thoughts Customer' }).getByRole('button').click();
    await p.getByTestId('pay-customer').filter({ hasText: 'Second Thoughts Customer' }).waitFor();
    await p.getByTestId('pay-amount').fill('1600');
    await p.getByTestId('pay-amount').press('Enter');
    await expect.poll(() => text(p.getByTestId('pay-blocked'))).toContain('posts once checked');
    // The cashier corrects the amount before the check is back: the Enter was for the old one.
    await p.getByTestId('pay-amount').fill('1700');
    await expect.poll(() => p.getByTestId('pay-post').isEnabled(), { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 1_500)); // the first check is long back too
    expect(settlementsOf('Second Thoughts Customer')).toEqual([]);
    expect(await p.getByTestId('receipt-or').count()).toBe(0);
    await p.getByTestId('pay-post').click();
    await p.getByTestId('receipt-or').waitFor();
    expect(settlementsOf('Second Thoughts Customer')).toEqual([{ amount: 1_500_50, tendered: 1_700_00, change: 199_50 }]);
  });
});
