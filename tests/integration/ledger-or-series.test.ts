import { openTestStore } from './support/bir-setup.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import { sales, tempStore, type TempStore } from './support/ledger-fixtures.js';

const SETTLER = fileURLToPath(new URL('./support/ledger-settler.ts', import.meta.url));

interface Child {
  proc: ChildProcess;
  committed: { or: string; id: string }[];
  exited: Promise<number | null>;
  stderr: string[];
}

function startSettler(file: string, customerId: string, count: number | 'forever', cashierId: string): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', SETTLER, file, customerId, String(count), cashierId], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child: Child = { proc, committed: [], stderr: [], exited: new Promise((res) => proc.on('exit', (code) => res(code))) };
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      const [ok, or, id] = l.split(' ');
      if (ok === 'OK' && or && id) child.committed.push({ or, id });
    }
  });
  proc.stderr!.on('data', (d: Buffer) => child.stderr.push(d.toString()));
  return child;
}

/** A customer owing 4,000 job orders of ₱50.00, so each payment spans 1–3 of them. */
function seedBigCustomer(t: TempStore): string {
  const customer = t.store.transactions.createCustomer({ name: 'Bulk Buyer Inc.' }, sales);
  t.store.write(() => {
    for (let i = 0; i < 4_000; i++) {
      t.store.transactions.createTransaction({ customerId: customer.id, lines: [{ description: `JO ${i}`, quantity: 1, unitPrice: 5_000 }] }, sales);
    }
  });
  return customer.id;
}

function orCounters(t: TempStore): number[] {
  // The OR series numbers collection receipts; a payment that is its sale's SI has the SI's number.
  return (
    t.store.db.prepare("SELECT or_counter FROM settlements WHERE document_type = 'collection_receipt' ORDER BY or_counter").all() as { or_counter: number }[]
  ).map((r) => r.or_counter);
}

/** Payments that were their sale's SI (numbered in the SI series, which the audit checks). */
function invoicesAsPayments(t: TempStore): number {
  return (t.store.db.prepare("SELECT count(*) AS n FROM settlements WHERE document_type = 'sales_invoice'").get() as { n: number }).n;
}

describe('OR series under concurrency and crashes', () => {
  let t: TempStore;
  let customerId: string;
  beforeEach(() => {
    t = tempStore('RACE1');
    customerId = seedBigCustomer(t);
  });
  afterEach(() => t.cleanup());

  it('is gapless and unique when four processes settle on one database file at once', async () => {
    const children = [0, 1, 2, 3].map((i) => startSettler(t.file, customerId, 120, `usr_cashier${i}`));
    const codes = await Promise.all(children.map((c) => c.exited));
    expect(children.map((c) => c.stderr.join(''))).toEqual(['', '', '', '']);
    expect(codes).toEqual([0, 0, 0, 0]);
    const all = children.flatMap((c) => c.committed.map((x) => x.or));
    expect(all.length).toBe(480);
    expect(new Set(all).size).toBe(480);
    const ors = orCounters(t);
    expect(ors).toEqual(Array.from({ length: ors.length }, (_, i) => i + 1));
    expect(ors.length + invoicesAsPayments(t)).toBe(480);
    // Each process saw its own numbers strictly increase, in each series (a payment that
    // was its sale's SI has the SI series' number, the others the OR series').
    for (const c of children) {
      const bySeries = new Map<string, number[]>();
      for (const x of c.committed) {
        const series = x.or.slice(0, -8);
        bySeries.set(series, [...(bySeries.get(series) ?? []), Number(x.or.slice(-8))]);
      }
      expect(bySeries.size).toBeGreaterThan(0);
      for (const nums of bySeries.values()) expect(nums).toEqual([...nums].sort((a, b) => a - b));
    }
    expect(auditStore(t.store.db).problems).toEqual([]);
  });

  it('survives SIGKILL at random moments: no gap, no duplicate, no half-written settlement', async () => {
    t.store.close();
    let expectedAtLeast = 0;
    for (let round = 0; round < 3; round++) {
      const children = [0, 1].map((i) => startSettler(t.file, customerId, 'forever', `usr_k${round}_${i}`));
      // Wait until both are really writing, then kill at a random moment.
      while (children.some((c) => c.committed.length < 2)) {
        if (children.some((c) => c.proc.exitCode !== null)) throw new Error(`settler died: ${children.map((c) => c.stderr.join('')).join('\n')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
      for (const c of children) c.proc.kill('SIGKILL');
      await Promise.all(children.map((c) => c.exited));

      const reopened = openTestStore({ file: t.file });
      try {
        const report = auditStore(reopened.db);
        expect(report.problems).toEqual([]);
        const committed = children.flatMap((c) => c.committed);
        expectedAtLeast += committed.length;
        // Every settlement a child reported as committed is there, with its OR.
        const get = reopened.db.prepare('SELECT or_number FROM settlements WHERE id = ?');
        for (const c of committed) expect(get.get(c.id)).toEqual({ or_number: c.or });
        // At most one per child may have committed after its last line was read.
        expect(report.counts.settlements).toBeGreaterThanOrEqual(expectedAtLeast);
        expect(report.counts.settlements).toBeLessThanOrEqual(expectedAtLeast + 2 * (round + 1));
        expectedAtLeast = report.counts.settlements;
        // No settlement without allocations and ledger entries.
        const orphans = reopened.db
          .prepare(
            `SELECT count(*) AS n FROM settlements s WHERE NOT EXISTS (SELECT 1 FROM allocations a WHERE a.settlement_id = s.id)
               OR NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.settlement_id = s.id)
               OR NOT EXISTS (SELECT 1 FROM events e WHERE e.type = 'settlement.posted' AND json_extract(e.payload, '$.settlement.id') = s.id)`,
          )
          .get() as { n: number };
        expect(orphans.n).toBe(0);
      } finally {
        reopened.close();
      }
    }
    t.store = openTestStore({ file: t.file });
    const ors = orCounters(t);
    expect(ors).toEqual(Array.from({ length: ors.length }, (_, i) => i + 1));
    expect(ors.length + invoicesAsPayments(t)).toBe(expectedAtLeast);
  });
});
