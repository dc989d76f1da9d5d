import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import { waiveAuditOnClose } from '../../src/main/services/store.js';
import { cashier, seedCustomer, tempStore, type TempStore } from './support/ledger-fixtures.js';

describe('ledger audit and append-only guarantees', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  /** Breaks the book on purpose: this store closes without the suite's close-time audit. */
  function corrupt(sql: string, ...params: unknown[]) {
    waiveAuditOnClose(t.store);
    t.store.db.prepare(sql).run(...params);
  }

  function settleSome() {
    const { customer, transactions } = seedCustomer(t.store, [10_000, 20_000]);
    const r = t.store.settlements.settle(
      { customerId: customer.id, amount: 15_000, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } },
      cashier,
    );
    return { customer, transactions, settlement: r.settlement };
  }

  it('passes on a consistent book', () => {
    settleSome();
    expect(auditStore(t.store.db)).toMatchObject({ ok: true, problems: [], counts: { settlements: 1 } });
  });

  it('the database refuses UPDATE and DELETE of ledger entries and events', () => {
    settleSome();
    expect(() => t.store.db.prepare('UPDATE ledger_entries SET amount = 0').run()).toThrow(/append-only/);
    expect(() => t.store.db.prepare('DELETE FROM ledger_entries').run()).toThrow(/append-only/);
    expect(() => t.store.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
  });

  it('the database refuses paying a transaction beyond its total', () => {
    const { transactions } = settleSome();
    expect(() => t.store.db.prepare('UPDATE transactions SET paid_amount = total_amount + 1 WHERE id = ?').run(transactions[0]!.id)).toThrow(
      /CHECK/,
    );
  });

  it('detects a paid amount that does not match live allocations', () => {
    const { transactions } = settleSome();
    corrupt('UPDATE transactions SET paid_amount = paid_amount - 1 WHERE id = ?', transactions[1]!.id);
    const report = auditStore(t.store.db);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/paid .* but live allocations/);
  });

  it('detects a gap in the OR series', () => {
    settleSome();
    corrupt('UPDATE document_series SET last_number = last_number + 1');
    expect(auditStore(t.store.db).problems.join('\n')).toMatch(/OR series counter 2 but last issued 1/);
  });

  it('checks each register’s series on its own: the same counter on two registers is fine, a gap or a wrong total is not', () => {
    const { customer } = seedCustomer(t.store, [10_000, 20_000, 30_000]);
    const admin = { id: 'usr_admin', role: 'admin' as const };
    const c2 = t.store.registers.create({ code: 'C2', name: 'Counter 2' }, admin);
    const pay = (amount: number) =>
      t.store.settlements.settle({ customerId: customer.id, amount, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } }, cashier);
    pay(1_000); // C1 #1 (no shift: C1)
    t.store.shifts.open({ counter: 'C2', openingFloat: 0 }, cashier);
    expect(pay(2_000).settlement).toMatchObject({ registerId: c2.id, or_number: 'OR-TST01-C2-00000001' });
    pay(3_000);
    expect(auditStore(t.store.db)).toMatchObject({ ok: true, counts: { settlements: 3 } });
    corrupt("UPDATE document_series SET issued_total = issued_total + 1 WHERE register_id = ? AND kind = 'or'", c2.id);
    expect(auditStore(t.store.db).problems).toEqual([`register C2: accumulated total 5001 but its settlements sum to 5000`]);
    corrupt("UPDATE document_series SET issued_total = issued_total - 1, last_number = 3 WHERE register_id = ? AND kind = 'or'", c2.id);
    expect(auditStore(t.store.db).problems).toEqual(['register C2: OR series counter 3 but last issued 2']);
  });

  it('detects a void that left allocations live', () => {
    const { settlement } = settleSome();
    corrupt("UPDATE settlements SET status = 'void' WHERE id = ?", settlement.id);
    expect(auditStore(t.store.db).problems.join('\n')).toMatch(/allocations do not match/);
  });

  it('a store whose ledger is broken fails its close (the suite audits every store it opens)', () => {
    const suiteDir = process.env.KAHERA_AUDIT_ON_CLOSE;
    expect(suiteDir, 'tests/global-setup.ts sets KAHERA_AUDIT_ON_CLOSE for every worker').toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'kahera-audit-self-'));
    process.env.KAHERA_AUDIT_ON_CLOSE = dir;
    try {
      const broken = tempStore();
      process.env.KAHERA_AUDIT_ON_CLOSE = suiteDir;
      seedCustomer(broken.store, [10_000]);
      broken.store.db.prepare('UPDATE document_series SET last_number = last_number + 1').run();
      expect(() => broken.cleanup()).toThrow(/ledger:audit failed .*OR series counter 1 but last issued 0/);
      const reports = readdirSync(dir);
      expect(reports).toHaveLength(1);
      expect(readFileSync(join(dir, reports[0]!), 'utf8')).toMatch(/store\.sqlite\n.*OR series counter 1 but last issued 0/);
    } finally {
      process.env.KAHERA_AUDIT_ON_CLOSE = suiteDir;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
