import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Hub } from '../../src/main/hub/server.js';
import { api, cleanup, ensureRendererBuilt, openTerminal, signIn, startTestHub, tokenOf, type Staff } from './harness.js';

// What every e2e file sets up the same way: a real hub with its staff (and whatever the
// file seeds through the API), the Chromium terminals it opens, and closing all of them
// afterwards. Kept apart from harness.ts, which the benches import outside vitest.

export interface E2eHub {
  /** The running hub (after the file's beforeAll). */
  readonly hub: Hub;
  /** A new terminal (its own Chromium profile) at `size`, signed in as `as` when given. */
  terminal(name: string, opts?: { as?: Staff; size?: { width: number; height: number } }): Promise<Page>;
}

/**
 * Starts a hub for this test file in `beforeAll` (renderer built first), runs `seed`, and
 * in `afterAll` closes every terminal opened through it, the hub, and their folders.
 */
export function e2eHub(staff: Staff[], seed?: (hub: Hub) => Promise<void>, opts: { birSetup?: boolean } = {}): E2eHub {
  let hub: Hub | undefined;
  let dataDir = '';
  const open: { close: () => Promise<void>; profile: string }[] = [];
  beforeAll(async () => {
    ensureRendererBuilt();
    ({ hub, dataDir } = await startTestHub(staff, opts));
    await seed?.(hub);
  }, 120_000);
  afterAll(async () => {
    for (const t of open) await t.close().catch(() => {});
    await hub?.close();
    cleanup([dataDir, ...open.map((t) => t.profile)].filter(Boolean));
  });
  return {
    get hub() {
      if (!hub) throw new Error('the hub starts in beforeAll');
      return hub;
    },
    async terminal(name, { as, size } = {}) {
      const t = await openTerminal(name);
      open.push({ close: () => t.context.close(), profile: t.profile });
      if (size) await t.page.setViewportSize(size);
      if (as) await signIn(t.page, hub!.url, as);
      return t.page;
    },
  };
}

/** Opens a shift for the cashier whose token this is; returns its id. */
export async function openShift(hub: Hub, cashierToken: string, counter: string, openingFloat: number): Promise<string> {
  return (await api<{ shift: { id: string } }>(hub, cashierToken, 'POST', '/api/v1/shifts', { counter, openingFloat })).shift.id;
}

/**
 * For each row: a customer and one job order written by `sales`, and a cash payment of
 * `paid` taken by `cashier` (whose shift must be open). Returns the receipts in order.
 */
export async function seedPaidReceipts(
  hub: Hub,
  who: { sales: Staff; cashier: Staff },
  rows: { customer: string; price: number; paid: number }[],
  keyPrefix: string,
): Promise<{ id: string; or_number: string }[]> {
  const [st, ct] = [await tokenOf(hub, who.sales), await tokenOf(hub, who.cashier)];
  const receipts: { id: string; or_number: string }[] = [];
  for (const [i, row] of rows.entries()) {
    const c = await api<{ customer: { id: string } }>(hub, st, 'POST', '/api/v1/customers', { name: row.customer });
    await api(hub, st, 'POST', '/api/v1/transactions', { customerId: c.customer.id, lines: [{ description: 'Job order', quantity: 1, unitPrice: row.price }] });
    const body = { customerId: c.customer.id, amount: row.paid, tender: { method: 'cash', tendered: row.paid }, allocation: { strategy: 'oldest_first' } };
    const s = await api<{ settlement: { id: string; or_number: string } }>(hub, ct, 'POST', '/api/v1/settlements', body, { 'Idempotency-Key': `${keyPrefix}-${i}` });
    receipts.push(s.settlement);
  }
  return receipts;
}
