import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import type { Customer } from '../../src/shared/customers.js';
import type { SettlementResponse } from '../../src/shared/settlements.js';
import { ADMIN, api, CHROMIUM, cleanup, ensureRendererBuilt, shot, signIn, startTestHub, tokenOf, type Staff } from './harness.js';
import { NO_PROBLEMS, screenProblems } from './ui-checks.js';

// Everywhere: two tabs of one terminal are one session with one live state (a sign-out
// in one signs out the other; a change reaches both), and screens keep the store's clock
// (UTC+8, as the paper prints it) on a PC set to another zone.

const CASHIER: Staff = { username: 'tess', password: 'tess-pass-123', role: 'cashier', displayName: 'Tess Tabs' };

let hub: Hub;
let dataDir: string;
let profile: string;
let context: BrowserContext;
let a: Page;
let b: Page;
let admin: string;
let cashierToken: string;

const queueRow = (p: Page, name: string) => p.locator('[data-testid="queue-row"]').filter({ hasText: name });

beforeAll(async () => {
  ensureRendererBuilt();
  ({ hub, dataDir } = await startTestHub([CASHIER]));
  admin = await tokenOf(hub, ADMIN);
  cashierToken = await tokenOf(hub, CASHIER);
  profile = mkdtempSync(join(tmpdir(), 'kahera-tabs-'));
  // The PC's clock is set to California: 16 hours behind the store.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1024, height: 768 },
    locale: 'en-PH',
    timezoneId: 'America/Los_Angeles',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  context.setDefaultTimeout(10_000);
  a = context.pages()[0] ?? (await context.newPage());
}, 120_000);

afterAll(async () => {
  await context?.close();
  await hub?.close();
  cleanup([dataDir, profile].filter((p): p is string => !!p));
});

describe('two tabs of one terminal, one clock', () => {
  it('a second tab shares the session without signing in again', async () => {
    await signIn(a, hub.url, CASHIER);
    b = await context.newPage();
    await b.goto(hub.url);
    await b.getByTestId('signed-in-user').waitFor();
    expect(await b.getByTestId('signed-in-user').innerText()).toBe(CASHIER.displayName);
    await api(hub, cashierToken, 'POST', '/api/v1/shifts', { counter: 'C1', openingFloat: 0 });
  });

  it('a live update reaches both tabs', async () => {
    const c = (await api<{ customer: Customer }>(hub, admin, 'POST', '/api/v1/customers', { name: 'Both Tabs Trading' })).customer;
    await api(hub, admin, 'POST', '/api/v1/transactions', { customerId: c.id, lines: [{ description: 'Paint 1 gal', quantity: 1, unitPrice: 900_00 }] });
    await Promise.all([queueRow(a, 'Both Tabs Trading').waitFor({ timeout: 5_000 }), queueRow(b, 'Both Tabs Trading').waitFor({ timeout: 5_000 })]);

    // A payment taken elsewhere for this cashier empties both queues and lists the OR in both.
    const res = await api<SettlementResponse>(
      hub,
      cashierToken,
      'POST',
      '/api/v1/settlements',
      { customerId: c.id, amount: 900_00, tender: { method: 'cash', tendered: 1000_00 }, allocation: { strategy: 'oldest_first' } },
      { 'Idempotency-Key': 'tabs-test-0001' },
    );
    const or = res.settlement.or_number;
    for (const p of [a, b]) {
      await queueRow(p, 'Both Tabs Trading').waitFor({ state: 'detached', timeout: 5_000 });
      await p.locator(`[data-testid="recent-receipt-item"][data-or="${or}"]`).waitFor({ timeout: 5_000 });
    }

    // One clock: the time on screen is the time on the printed receipt (store time), not California's.
    const paper = await (await fetch(`${hub.url}/api/v1/receipts/${res.settlement.id}?format=text`, { headers: { Authorization: `Bearer ${cashierToken}` } })).text();
    const [, hh, mm] = /(\d{2}):(\d{2})/.exec(paper) ?? [];
    expect(hh, `a HH:MM time on the paper:\n${paper}`).toBeDefined();
    const h = Number(hh);
    const onScreen = `${h % 12 === 0 ? 12 : h % 12}:${mm} ${h < 12 ? 'AM' : 'PM'}`;
    const line = await a.locator(`[data-testid="recent-receipt-item"][data-or="${or}"] .muted`).first().innerText();
    expect(line.startsWith(onScreen), `screen “${line}” vs paper ${hh}:${mm}`).toBe(true);
    await shot(a, 'cashier-tabs-store-clock');
  });

  it('signing out in one tab signs out the other', async () => {
    await b.getByRole('button', { name: 'Sign out' }).click();
    await b.getByLabel('Username').waitFor();
    await a.getByLabel('Username').waitFor({ timeout: 3_000 });
    expect(await a.getByText('Signed out in another window of this terminal.').count()).toBe(1);
    expect(await a.getByTestId('signed-in-user').count()).toBe(0);
    await shot(a, 'cashier-tabs-signed-out-elsewhere');
    expect(await screenProblems(a)).toEqual(NO_PROBLEMS);
  });
});
