import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { auditStore } from '../../src/main/services/audit.js';
import { GroupCommitter } from '../../src/main/services/group-commit.js';
import type { StoreEvent } from '../../src/shared/events.js';
import { admin, businessSnapshot, cashier, seedCustomer, tempStore, type TempStore } from './support/ledger-fixtures.js';

describe('settlements on a real SQLite store', () => {
  let t: TempStore;
  let customerId: string;
  let txIds: string[];
  beforeEach(() => {
    t = tempStore();
    const s = seedCustomer(t.store, [100_000, 50_000]);
    customerId = s.customer.id;
    txIds = s.transactions.map((x) => x.id);
  });
  afterEach(() => t.cleanup());

  const body = (amount: number, extra: Record<string, unknown> = {}) => ({
    customerId,
    amount,
    tender: { method: 'cash', tendered: amount },
    allocation: { strategy: 'oldest_first' },
    ...extra,
  });

  it('posts a partial payment: OR issued, statuses derived, ledger and event written together', () => {
    const seen: StoreEvent[] = [];
    t.store.onEvents((e) => seen.push(...e));
    const r = t.store.settlements.settle(body(120_000), cashier);
    expect(r.settlement.or_number).toBe('OR-TST01-00000001');
    expect(r.transactions.map((x) => [x.id, x.payment_status, x.paid_amount, x.balance_amount])).toEqual([
      [txIds[0], 'paid', 100_000, 0],
      [txIds[1], 'partial', 20_000, 30_000],
    ]);
    expect(t.store.q.ledger.balance(customerId)).toBe(30_000);
    expect(seen.map((e) => e.type)).toEqual(['settlement.posted']);
    expect(seen[0]!.seq).toBe(r.seq);
    expect(t.store.lastSeq()).toBe(r.seq);
  });

  it('preview computes the same allocation and writes nothing', () => {
    const before = businessSnapshot(t.store.db);
    const p = t.store.settlements.preview({ ...body(120_000), tender: { method: 'cash', tendered: 150_000 } }, cashier);
    expect(businessSnapshot(t.store.db)).toBe(before);
    const r = t.store.settlements.settle({ ...body(120_000), tender: { method: 'cash', tendered: 150_000 } }, cashier);
    expect(p.allocations).toEqual(r.settlement.allocations);
    expect(p.change).toBe(30_000);
    expect(r.settlement.change).toBe(30_000);
  });

  it('a retry with the same idempotency key returns the first answer and issues no second OR', () => {
    const first = t.store.settlements.settle(body(10_000), cashier, { idempotencyKey: 'till-1-0001' });
    const snapshot = businessSnapshot(t.store.db);
    const again = t.store.settlements.settle(body(10_000), cashier, { idempotencyKey: 'till-1-0001' });
    expect(again.replayed).toBe(true);
    expect(again.settlement).toEqual(first.settlement);
    expect(businessSnapshot(t.store.db)).toBe(snapshot);
    expect(() => t.store.settlements.settle(body(20_000), cashier, { idempotencyKey: 'till-1-0001' })).toThrow(/different payment/);
  });

  it('void keeps the OR, reverses with new entries, recomputes statuses; void of a void is a conflict', () => {
    const r = t.store.settlements.settle(body(120_000), cashier);
    const ledgerBefore = t.store.q.ledger.allFor(customerId).length;
    const v = t.store.settlements.void(r.settlement.id, { reason: 'wrong customer' }, admin);
    expect(v.settlement).toMatchObject({ status: 'void', or_number: r.settlement.or_number, voidReason: 'wrong customer' });
    expect(v.transactions.map((x) => x.payment_status)).toEqual(['unpaid', 'unpaid']);
    const entries = t.store.q.ledger.allFor(customerId);
    expect(entries.length).toBe(ledgerBefore + 2);
    expect(entries.slice(-2).map((e) => [e.type, e.amount])).toEqual([
      ['void', 100_000],
      ['void', 20_000],
    ]);
    expect(t.store.q.ledger.balance(customerId)).toBe(150_000);
    expect(() => t.store.settlements.void(r.settlement.id, { reason: 'again' }, admin)).toThrow(
      expect.objectContaining({ code: 'already_void' }),
    );
    // The next OR continues the series; the voided one is never reused.
    expect(t.store.settlements.settle(body(1), cashier).settlement.or_number).toBe('OR-TST01-00000002');
  });

  it('a cashier may void with an active admin’s approval', () => {
    t.store.q.users.insert({ id: admin.id, username: 'owner', password_hash: 'x', role: 'admin', display_name: 'Owner', created_at: t.store.now() });
    const r = t.store.settlements.settle(body(1_000), cashier);
    expect(t.store.settlements.void(r.settlement.id, { reason: 'typo' }, cashier, admin.id).settlement.status).toBe('void');
  });

  it('keeps excess as credit, consumes it later, and refuses voiding a deposit already used', () => {
    const deposit = t.store.settlements.settle(body(160_000, { keepExcessAsCredit: true }), cashier);
    expect(deposit.settlement.creditAmount).toBe(10_000);
    expect(t.store.transactions.getCustomer(customerId).creditBalance).toBe(10_000);
    expect(t.store.q.ledger.balance(customerId)).toBe(-10_000);
    const next = t.store.transactions.createTransaction(
      { customerId, lines: [{ description: 'Reprint job', quantity: 1, unitPrice: 15_000 }] },
      admin,
    );
    const use = t.store.settlements.settle(body(5_000, { useCredit: true }), cashier);
    expect(use.settlement.creditUsed).toBe(10_000);
    expect(use.transactions).toEqual([expect.objectContaining({ id: next.id, payment_status: 'paid' })]);
    expect(() => t.store.settlements.void(deposit.settlement.id, { reason: 'x' }, admin)).toThrow(
      expect.objectContaining({ code: 'credit_consumed' }),
    );
    t.store.settlements.void(use.settlement.id, { reason: 'x' }, admin);
    t.store.settlements.void(deposit.settlement.id, { reason: 'x' }, admin);
    expect(auditStore(t.store.db).problems).toEqual([]);
    expect(t.store.transactions.getCustomer(customerId).creditBalance).toBe(0);
  });

  it('two cashiers on the same transaction never overpay it: the second sees the new balance', () => {
    const manual = (amount: number) => ({ ...body(amount), allocation: { strategy: 'manual', lines: [{ transactionId: txIds[1], amount }] } });
    t.store.settlements.settle(manual(40_000), cashier);
    let err: unknown;
    try {
      t.store.settlements.settle(manual(40_000), { id: 'usr_cashier2', role: 'cashier' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'balance_changed', details: { balance: 10_000 } });
  });

  it('a manual line on a transaction paid off meanwhile is a 409 with its new balance, not a bad request', () => {
    const manual = (amount: number) => ({ ...body(amount), allocation: { strategy: 'manual', lines: [{ transactionId: txIds[1], amount }] } });
    t.store.settlements.settle(manual(50_000), cashier);
    expect(() => t.store.settlements.settle(manual(1_000), { id: 'usr_cashier2', role: 'cashier' })).toThrow(
      expect.objectContaining({ code: 'balance_changed', details: expect.objectContaining({ balance: 0, payment_status: 'paid' }) }),
    );
  });

  it('group commit: one transaction for many, each its own OR and answer; a failing one does not take others down', async () => {
    const seen: StoreEvent[] = [];
    t.store.onEvents((e) => seen.push(...e));
    const g = new GroupCommitter(t.store, { windowMs: 2 });
    const submit = (amount: number) =>
      g.submit(() => t.store.settlements.settleInTransaction(t.store.settlements.prepare(body(amount), cashier, {}), cashier, {}));
    const results = await Promise.allSettled([submit(1_000), submit(9_999_999), submit(2_000), submit(3_000)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'overpayment' });
    const ors = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.settlement.or_number] : []));
    expect(ors).toEqual(['OR-TST01-00000001', 'OR-TST01-00000002', 'OR-TST01-00000003']);
    expect(seen.map((e) => e.seq)).toEqual([4, 5, 6]); // 1–3: customer and its two transactions
    expect(auditStore(t.store.db).problems).toEqual([]);
  });

  it('group commit: a job failing after it wrote (OR, journal, facts) is undone alone; later ones chain on what committed', async () => {
    // A hook that refuses the second settlement only after everything of it has been written.
    let calls = 0;
    t.store.settlements.addHooks({
      afterSettle: () => {
        calls += 1;
        if (calls === 2) throw new DomainError('conflict', 'refused late');
      },
    });
    const g = new GroupCommitter(t.store, { windowMs: 2 });
    const submit = (amount: number) =>
      g.submit(() => t.store.settlements.settleInTransaction(t.store.settlements.prepare(body(amount), cashier, {}), cashier, {}));
    const first = await Promise.allSettled([submit(1_000), submit(2_000), submit(3_000)]);
    expect(first.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // A batch on its own after the one with the failure: its numbers continue from what committed.
    const second = await Promise.all([submit(4_000), submit(5_000)]);
    const ors = [...first, ...second.map((value) => ({ status: 'fulfilled' as const, value }))].flatMap((r) =>
      r.status === 'fulfilled' ? [r.value.settlement.or_number] : [],
    );
    expect(ors).toEqual(['OR-TST01-00000001', 'OR-TST01-00000002', 'OR-TST01-00000003', 'OR-TST01-00000004']);
    // The two sales' invoices (issued with them, before this test's payments) and the four receipts.
    expect(t.store.journal.verify()).toMatchObject({ ok: true, entries: 6 });
    const settled = [...first.flatMap((r) => (r.status === 'fulfilled' ? [r.value.settlement.id] : [])), ...second.map((r) => r.settlement.id)];
    expect(t.store.journal.list({ after: 2, limit: 10 }).entries.map((e) => e.refId)).toEqual(settled);
    const facts = t.store.db.prepare("SELECT or_number FROM reading_facts WHERE kind = 'sale' ORDER BY id").all();
    expect(facts).toEqual(ors.map((or_number) => ({ or_number })));
    expect(t.store.q.ledger.balance(customerId)).toBe(150_000 - 13_000);
    expect(auditStore(t.store.db).problems).toEqual([]);
  });

  it('cancels an unpaid transaction with a reversing entry', () => {
    const v = t.store.transactions.voidTransaction(txIds[1], { reason: 'duplicate' }, admin);
    expect(v.payment_status).toBe('void');
    expect(t.store.q.ledger.balance(customerId)).toBe(100_000);
    expect(() => t.store.transactions.voidTransaction(txIds[1], { reason: 'x' }, admin)).toThrow(
      expect.objectContaining({ code: 'already_void' }),
    );
    expect(auditStore(t.store.db).problems).toEqual([]);
  });

  it('lists pages newest first with an opaque cursor', () => {
    for (let i = 0; i < 5; i++) t.store.settlements.settle(body(100), cashier);
    const p1 = t.store.settlements.list({ limit: 3 });
    const p2 = t.store.settlements.list({ limit: 3, cursor: p1.nextCursor! });
    expect(p1.items.map((s) => s.or_number)).toEqual(['OR-TST01-00000005', 'OR-TST01-00000004', 'OR-TST01-00000003']);
    expect(p2.items.map((s) => s.or_number)).toEqual(['OR-TST01-00000002', 'OR-TST01-00000001']);
    expect(p2.nextCursor).toBeNull();
  });
});
