import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import { ADMIN, api, cleanup, openTerminal, signIn, startTestHub, tokenOf, type Staff } from './harness.js';

// The hub's Content-Security-Policy (header, not only the renderer's meta tag) and the
// UI it serves: every role's screens load, go live over Socket.IO and print from the
// srcdoc frame with no CSP violation; and the policy does refuse what it should.

const CASHIER: Staff = { username: 'csp-cashier', password: 'csp-cashier-pass', role: 'cashier', displayName: 'Cora Cashier' };
const SALES: Staff = { username: 'csp-sales', password: 'csp-sales-pass1', role: 'sales', displayName: 'Sam Sales' };

let hub: Hub;
let dataDir: string;
const open: { close: () => Promise<void>; profile: string }[] = [];

interface Watched {
  page: Page;
  violations: () => Promise<string[]>;
}

/** A terminal whose CSP violations (DOM events and console reports, any frame) are recorded. */
async function watchedTerminal(name: string): Promise<Watched> {
  const t = await openTerminal(name);
  open.push({ close: () => t.context.close(), profile: t.profile });
  const consoleReports: string[] = [];
  t.page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) consoleReports.push(m.text());
  });
  await t.context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return {
    page: t.page,
    violations: async () => [...consoleReports, ...(await t.page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))],
  };
}

beforeAll(async () => {
  ({ hub, dataDir } = await startTestHub([CASHIER, SALES]));
  const [ct, st] = [await tokenOf(hub, CASHIER), await tokenOf(hub, SALES)];
  await api(hub, ct, 'POST', '/api/v1/shifts', { counter: 'C1', openingFloat: 0 });
  const c = await api<{ customer: { id: string } }>(hub, st, 'POST', '/api/v1/customers', { name: 'Reyes Printing' });
  await api(hub, st, 'POST', '/api/v1/transactions', { customerId: c.customer.id, lines: [{ description: 'Job order', quantity: 1, unitPrice: 500_00 }] });
  const body = { customerId: c.customer.id, amount: 200_00, tender: { method: 'cash', tendered: 200_00 }, allocation: { strategy: 'oldest_first' } };
  await api(hub, ct, 'POST', '/api/v1/settlements', body, { 'Idempotency-Key': 'csp-e2e-1' });
}, 60_000);

afterAll(async () => {
  for (const t of open) await t.close().catch(() => {});
  await hub?.close();
  cleanup([dataDir, ...open.map((t) => t.profile)].filter(Boolean));
});

describe('Content-Security-Policy in Chromium', () => {
  it('is sent as a header on the UI, with frame-ancestors none and no inline script', async () => {
    const res = await fetch(`${hub.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('the cashier screen loads, goes live and prints a reading with no violation', async () => {
    const t = await watchedTerminal('csp-cashier');
    await signIn(t.page, hub.url, CASHIER);
    // Socket.IO connected through connect-src.
    await t.page.locator('[data-testid="live-banner"][data-live-status="online"]').waitFor({ state: 'attached' });
    await t.page.getByTestId('take-x-reading').click();
    const r = t.page.getByTestId('reading');
    await r.waitFor();
    await r.getByTestId('print-reading').click();
    const frame = t.page.frameLocator('[data-testid="print-frame"]');
    await frame.getByText('X-READING', { exact: true }).waitFor();
    // The print CSS (inline <style>, allowed by its hash) did apply inside the frame.
    const font = await frame.locator('.paper').evaluate((el) => getComputedStyle(el).fontFamily);
    expect(font).toMatch(/mono/i);
    expect(await t.violations()).toEqual([]);
  });

  it('the sales and admin screens load with no violation', async () => {
    const sales = await watchedTerminal('csp-sales');
    await signIn(sales.page, hub.url, SALES);
    await sales.page.waitForLoadState('networkidle');
    expect(await sales.violations()).toEqual([]);

    const admin = await watchedTerminal('csp-admin');
    await signIn(admin.page, hub.url, ADMIN);
    await admin.page.getByRole('tab', { name: 'Receipts & voids' }).click();
    await admin.page.waitForLoadState('networkidle');
    expect(await admin.violations()).toEqual([]);
  });

  it('and it refuses what it should: an injected inline script does not run and is reported', async () => {
    const t = await watchedTerminal('csp-probe');
    await t.page.goto(hub.url);
    await t.page.getByLabel('Username').waitFor();
    const ran = await t.page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = '(window).__injected = true';
      document.body.appendChild(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(async () => (await t.violations()).some((v) => /script-src/.test(v))).toBe(true);
  });
});
