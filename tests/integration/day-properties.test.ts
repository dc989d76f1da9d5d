import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/core/errors.js';
import { auditStore } from '../../src/main/services/audit.js';
import type { Store } from '../../src/main/services/store.js';
import type { TenderMethod } from '../../src/shared/common.js';
import type { ReadingFigures } from '../../src/shared/readings.js';
import { ADMIN, CASHIER, dayStore, SALES } from './support/day-fixtures.js';

// Random store days — sales of every VAT kind with SC/PWD and promos, part payments,
// deposits kept and applied, voids, refunds, paid-in/out — and after each: the ledger
// invariants hold, and every Z/X figure equals what the ledger tables say directly.

const arbLine = fc.record({
  quantity: fc.integer({ min: 1, max: 3 }),
  unitPrice: fc.integer({ min: 1, max: 200_000 }),
  vatCategory: fc.constantFrom('vatable' as const, 'exempt' as const, 'zero_rated' as const),
  promo: fc.integer({ min: 0, max: 30 }),
});
const arbTender = fc.constantFrom<TenderMethod>('cash', 'cash', 'card', 'gcash');
const arbOp = fc.oneof(
  { arbitrary: fc.record({
    op: fc.constant('sale' as const),
    customer: fc.nat(2),
    lines: fc.array(arbLine, { minLength: 1, maxLength: 3 }),
    discount: fc.constantFrom(null, 'senior' as const, 'pwd' as const),
    pay: fc.double({ min: 0.2, max: 1.3, noNaN: true }),
    tender: arbTender,
    byAdmin: fc.boolean(),
  }), weight: 5 },
  { arbitrary: fc.record({ op: fc.constant('pay' as const), customer: fc.nat(2), frac: fc.double({ min: 0.01, max: 1, noNaN: true }), useCredit: fc.boolean(), tender: arbTender }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('void' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('refund' as const), pick: fc.nat(), frac: fc.double({ min: 0.01, max: 1, noNaN: true }), tender: arbTender }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('drawer' as const), kind: fc.constantFrom('paid_in' as const, 'paid_out' as const), amount: fc.integer({ min: 1, max: 50_000 }) }), weight: 1 },
);

/** Runs one op; refusals the rules allow (a consumed deposit, a refunded receipt…) are fine. */
type Op = typeof arbOp extends fc.Arbitrary<infer T> ? T : never;

function apply(store: Store, op: Op, customers: string[], shiftId: string) {
  try {
    switch (op.op) {
      case 'sale': {
        const customerId = customers[op.customer]!;
        const lines = op.lines.map(({ promo, ...l }) => ({ ...l, description: 'Item', promoDiscount: Math.floor((l.quantity * l.unitPrice * promo) / 100) }));
        const discount = op.discount ? { kind: op.discount, holderName: 'Holder', idNumber: 'ID-1' } : undefined;
        const tx = store.transactions.createTransaction({ customerId, lines, ...(discount ? { discount } : {}) }, SALES);
        const amount = Math.floor(store.transactions.load(tx.id).balance_amount * op.pay);
        if (amount <= 0) return;
        const owed = store.transactions.list({ customerId, limit: 500 }).items.reduce((s, t) => s + (t.payment_status === 'void' ? 0 : t.balance_amount), 0);
        store.settlements.settle(
          { customerId, amount, tender: { method: op.tender }, allocation: { strategy: 'oldest_first' }, keepExcessAsCredit: amount > owed },
          op.byAdmin ? ADMIN : CASHIER,
        );
        return;
      }
      case 'pay': {
        const customerId = customers[op.customer]!;
        const owed = store.transactions.list({ customerId, limit: 500 }).items.reduce((s, t) => s + (t.payment_status === 'void' ? 0 : t.balance_amount), 0);
        const amount = Math.max(1, Math.floor(owed * op.frac));
        if (owed === 0) return;
        store.settlements.settle({ customerId, amount, tender: { method: op.tender }, allocation: { strategy: 'largest_first' }, useCredit: op.useCredit }, CASHIER);
        return;
      }
      case 'void': {
        const posted = store.settlements.list({ limit: 500, status: 'posted' }).items;
        if (posted.length) store.settlements.void(posted[op.pick % posted.length]!.id, { reason: 'property void' }, ADMIN);
        return;
      }
      case 'refund': {
        const posted = store.settlements.list({ limit: 500, status: 'posted' }).items;
        if (!posted.length) return;
        const s = posted[op.pick % posted.length]!;
        const allocated = s.allocations.reduce((a, l) => a + l.amount, 0);
        const amount = Math.max(1, Math.floor(allocated * op.frac));
        store.refunds.refund(s.id, { amount, method: op.tender, reason: 'property refund', shiftId }, ADMIN);
        return;
      }
      case 'drawer':
        store.shifts.move(shiftId, { kind: op.kind, amount: op.amount, reason: 'property' }, CASHIER);
        return;
    }
  } catch (e) {
    if (!isDomainError(e) || !['credit_consumed', 'conflict', 'overpayment', 'nothing_outstanding', 'insufficient_cash'].includes(e.code)) throw e;
  }
}

function identities(f: ReadingFigures) {
  expect(f.netSales).toBe(f.grossSales - f.discounts.senior - f.discounts.pwd - f.discounts.promo - f.vatAdjustment);
  expect(f.netSales).toBe(f.vatableSales + f.vatAmount + f.vatExemptSales + f.zeroRatedSales - f.discounts.senior - f.discounts.pwd);
  expect(f.collections).toBe(f.sales.amount - f.voids.amount - f.refunds.amount);
}

describe('random store days', () => {
  it('every reading figure matches the ledger, the VAT adds up, the invariants hold', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { minLength: 4, maxLength: 30 }), fc.integer({ min: -5_000, max: 5_000 }), (ops, delta) => {
        const day = dayStore();
        const { store } = day;
        try {
          day.at('2026-03-02', '08:00');
          const shift = store.shifts.open({ counter: 'C1', openingFloat: 1_000_00 }, CASHIER);
          const customers = [0, 1, 2].map((i) => store.transactions.createCustomer({ name: `C${i}` }, SALES).id);
          for (const op of ops) apply(store, op, customers, shift.id);
          const x = store.readings.x({ shiftId: shift.id }, ADMIN);
          const closed = store.shifts.close(shift.id, { countedCash: Math.max(0, x.drawer.expectedCash! + delta) }, CASHIER);
          const z = store.readings.z({ businessDate: '2026-03-02' }, ADMIN);
          const db = store.db;
          const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;

          expect(auditStore(db).problems).toEqual([]);
          expect(store.journal.verify().ok).toBe(true);
          identities(z.figures);
          identities(x.figures);
          const s = one<{ n: number; amt: number; kept: number; used: number }>(
            'SELECT count(*) AS n, coalesce(sum(amount), 0) AS amt, coalesce(sum(credit_kept), 0) AS kept, coalesce(sum(credit_used), 0) AS used FROM settlements',
          );
          const v = one<{ n: number; amt: number; kept: number; used: number }>(
            "SELECT count(*) AS n, coalesce(sum(amount), 0) AS amt, coalesce(sum(credit_kept), 0) AS kept, coalesce(sum(credit_used), 0) AS used FROM settlements WHERE status = 'void'",
          );
          const r = one<{ n: number; amt: number }>('SELECT count(*) AS n, coalesce(sum(amount), 0) AS amt FROM refunds');
          expect(z.figures.sales).toEqual({ count: s.n, amount: s.amt });
          expect(z.figures.voids).toEqual({ count: v.n, amount: v.amt });
          expect(z.figures.refunds).toEqual({ count: r.n, amount: r.amt });
          expect(z.figures.deposits).toEqual({ kept: s.kept - v.kept, applied: s.used - v.used });
          const net = one<{ n: number }>(
            "SELECT -coalesce(sum(amount), 0) AS n FROM ledger_entries WHERE type IN ('payment', 'void', 'refund') AND settlement_id IS NOT NULL AND transaction_id IS NOT NULL",
          );
          // Sales are recognised on their invoices (EOPT): what was invoiced, less what refunds
          // took back of it; the money is what the ledger's payments say.
          const invoiced = one<{ n: number; vat: number; exempt: number }>(
            `SELECT coalesce(sum(t.total_amount), 0) AS n,
                    coalesce(sum((SELECT sum(vat_amount) FROM transaction_lines WHERE transaction_id = t.id)), 0) AS vat,
                    coalesce(sum((SELECT sum(exempt_amount) FROM transaction_lines WHERE transaction_id = t.id)), 0) AS exempt
             FROM transactions t WHERE t.invoice_number IS NOT NULL AND t.voided = 0`,
          );
          const returned = one<{ n: number; vat: number; exempt: number }>(
            "SELECT coalesce(sum(amount), 0) AS n, coalesce(sum(vat_amount), 0) AS vat, coalesce(sum(vat_exempt_sales), 0) AS exempt FROM allocation_tax WHERE kind = 'refund'",
          );
          expect(z.figures.netSales).toBe(invoiced.n + returned.n);
          expect(z.figures.collections - z.figures.deposits.kept + z.figures.deposits.applied).toBe(net.n);
          expect(z.figures.invoices).toMatchObject({ count: one<{ n: number }>('SELECT count(*) AS n FROM transactions WHERE invoice_number IS NOT NULL').n });
          const byTender = db
            .prepare(
              `SELECT m, sum(a) AS a FROM (SELECT tender_method AS m, amount AS a FROM settlements UNION ALL
                 SELECT tender_method, -amount FROM settlements WHERE status = 'void' UNION ALL SELECT method, -amount FROM refunds)
               GROUP BY m HAVING sum(a) != 0 OR m IN (SELECT tender_method FROM settlements) ORDER BY m`,
            )
            .all() as { m: string; a: number }[];
          expect(Object.fromEntries(z.figures.tenders.map((t) => [t.method, t.amount]))).toEqual(Object.fromEntries(byTender.map((t) => [t.m, t.a])));
          // VAT: the invoices' lines, less what refunds gave back, by an independent path…
          expect([z.figures.vatAmount, z.figures.vatExemptSales]).toEqual([invoiced.vat + returned.vat, invoiced.exempt + returned.exempt]);
          // …and a fully paid transaction's live payments carry exactly its lines' VAT.
          const off = db
            .prepare(
              `SELECT t.id FROM transactions t WHERE t.voided = 0 AND t.paid_amount = t.total_amount AND
                 (SELECT sum(vat_amount) FROM transaction_lines WHERE transaction_id = t.id) !=
                 (SELECT coalesce(sum(x.vat_amount), 0) FROM allocation_tax x JOIN allocations a
                    ON a.settlement_id = x.settlement_id AND a.transaction_id = x.transaction_id AND a.live = 1
                  WHERE x.transaction_id = t.id AND x.kind = 'payment')`,
            )
            .all();
          expect(off).toEqual([]);
          // Drawer: float + cash taken in the shift (not void) − cash refunds from it + in − out.
          const cash = one<{ c: number }>(
            `SELECT (SELECT coalesce(sum(amount), 0) FROM settlements WHERE shift_id = @id AND tender_method = 'cash' AND status = 'posted')
                  - (SELECT coalesce(sum(amount), 0) FROM refunds WHERE shift_id = @id AND method = 'cash')
                  + (SELECT coalesce(sum(CASE kind WHEN 'paid_in' THEN amount WHEN 'paid_out' THEN -amount ELSE 0 END), 0) FROM drawer_movements WHERE shift_id = @id) AS c`,
            { id: shift.id },
          );
          expect(closed.expectedCash).toBe(1_000_00 + cash.c);
          expect(closed.overShort).toBe(closed.countedCash - closed.expectedCash);
          expect(z.shifts.overShort).toBe(closed.overShort);
        } finally {
          day.cleanup();
        }
      }),
      { numRuns: 40 },
    );
  });
});
