import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { derivePaymentStatus } from '../../src/core/status.js';
import { auditStore } from '../../src/main/services/audit.js';
import { admin, cashier, seedCustomer, tempStore, type TempStore } from './support/ledger-fixtures.js';

/** One step of a random day at the counter. */
type Op =
  | { kind: 'settle'; customer: number; amount: number; strategy: 'oldest_first' | 'largest_first'; keep: boolean; useCredit: boolean }
  | { kind: 'manual'; customer: number; frac: number }
  | { kind: 'void'; pick: number }
  | { kind: 'charge'; customer: number; amount: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('settle' as const),
    customer: fc.nat(2),
    amount: fc.integer({ min: 1, max: 400_000 }),
    strategy: fc.constantFrom('oldest_first' as const, 'largest_first' as const),
    keep: fc.boolean(),
    useCredit: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('manual' as const), customer: fc.nat(2), frac: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('void' as const), pick: fc.nat(1000) }),
  fc.record({ kind: fc.constant('charge' as const), customer: fc.nat(2), amount: fc.integer({ min: 1, max: 300_000 }) }),
);

describe('ledger invariants after any random sequence of settles and voids', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  it('allocations stay within balances, statuses match the numbers, ledger chains and balances agree', () => {
    const { store } = t;
    const customers = [0, 1, 2].map((i) => seedCustomer(store, [100_000 + i, 250_000, 40_000], { name: `Customer ${i}` }).customer);
    const settled: string[] = [];
    let ors = 0;
    fc.assert(
      fc.property(fc.array(arbOp, { minLength: 1, maxLength: 25 }), (ops) => {
        for (const op of ops) {
          try {
            if (op.kind === 'charge') {
              store.transactions.createTransaction(
                { customerId: customers[op.customer]!.id, lines: [{ description: 'More', quantity: 1, unitPrice: op.amount }] },
                admin,
              );
            } else if (op.kind === 'settle') {
              const r = store.settlements.settle(
                {
                  customerId: customers[op.customer]!.id,
                  amount: op.amount,
                  tender: { method: 'cash', tendered: op.amount + 1000 },
                  allocation: { strategy: op.strategy },
                  keepExcessAsCredit: op.keep,
                  useCredit: op.useCredit,
                },
                cashier,
              );
              settled.push(r.settlement.id);
              ors++;
              const sum = r.settlement.allocations.reduce((s, a) => s + a.amount, 0);
              expect(sum + r.settlement.creditAmount).toBe(op.amount + r.settlement.creditUsed);
              expect(r.settlement.change).toBe(1000);
            } else if (op.kind === 'manual') {
              const openTx = store.transactions.list({ customerId: customers[op.customer]!.id, limit: 100 }).items.filter(
                (x) => x.balance_amount > 0,
              );
              if (openTx.length === 0) continue;
              const target = openTx[0]!;
              const amount = Math.max(1, Math.floor(target.balance_amount * op.frac));
              const r = store.settlements.settle(
                {
                  customerId: customers[op.customer]!.id,
                  amount,
                  tender: { method: 'gcash', reference: 'ref-1' },
                  allocation: { strategy: 'manual', lines: [{ transactionId: target.id, amount }] },
                },
                cashier,
              );
              settled.push(r.settlement.id);
              ors++;
              expect(r.transactions[0]!.balance_amount).toBe(target.balance_amount - amount);
            } else if (settled.length > 0) {
              store.settlements.void(settled[op.pick % settled.length]!, { reason: 'customer changed mind' }, admin);
            }
          } catch (e) {
            // Refusals are part of the game; anything else is a defect.
            expect(e).toBeInstanceOf(DomainError);
            expect(['overpayment', 'nothing_outstanding', 'already_void', 'credit_consumed']).toContain((e as DomainError).code);
          }
        }
        const report = auditStore(store.db);
        expect(report.problems).toEqual([]);
        expect(report.counts.settlements).toBe(ors);
        for (const c of customers) {
          for (const tx of store.transactions.list({ customerId: c.id, limit: 500 }).items) {
            expect(tx.balance_amount).toBeGreaterThanOrEqual(0);
            expect(tx.balance_amount).toBe(tx.total_amount - tx.paid_amount);
            expect(tx.payment_status).toBe(derivePaymentStatus(tx.total_amount, tx.paid_amount));
          }
          const entries = store.q.ledger.allFor(c.id);
          let running = 0;
          for (const e of entries) {
            expect(e.balance_before).toBe(running);
            running += e.amount;
            expect(e.balance_after).toBe(running);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
