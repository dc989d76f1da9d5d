import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type Database from 'better-sqlite3';
import { isDomainError } from '../../../src/core/errors.js';
import type { Actor, Store } from '../../../src/main/services/store.js';

export const ADMIN: Actor = { id: 'usr_admin', role: 'admin' };
export const CASHIER: Actor = { id: 'usr_cashier', role: 'cashier' };
export const SALES: Actor = { id: 'usr_sales', role: 'sales' };

/** Deterministic PRNG (mulberry32): a failing chaos run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const TENDERS = ['cash', 'card', 'gcash', 'maya', 'bank_transfer', 'check'] as const;

/**
 * A store's day through the real ledger services: customers, transactions,
 * settlements (partial and full, every tender, some keeping credit) and voids. Refusals
 * the rules make (a void whose credit was used, …) are part of the day and skipped.
 */
export class SaleSimulator {
  private readonly random: () => number;
  private readonly openBalances: Database.Statement<[], { customer_id: string; owing: number }>;
  private readonly postedSettlements: Database.Statement<[], { id: string }>;
  private readonly customerIds: Database.Statement<[], { id: string }>;

  constructor(
    private readonly store: Store,
    seed: number,
  ) {
    this.random = prng(seed);
    this.openBalances = store.db.prepare(
      `SELECT customer_id, sum(total_amount - paid_amount) AS owing FROM transactions
        WHERE voided = 0 AND paid_amount < total_amount GROUP BY customer_id ORDER BY customer_id`,
    );
    this.postedSettlements = store.db.prepare(`SELECT id FROM settlements WHERE status = 'posted' ORDER BY or_counter DESC LIMIT 20`);
    this.customerIds = store.db.prepare('SELECT id FROM customers ORDER BY id');
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(this.random() * items.length)];
  }

  /** One business action; returns what it did (for logs). */
  step(): string {
    const r = this.random();
    const customers = this.customerIds.all();
    try {
      if (customers.length < 3 || r < 0.05) {
        this.store.transactions.createCustomer({ name: `Customer ${randomBytes(3).toString('hex')}` }, SALES);
        return 'customer';
      }
      if (r < 0.4) {
        const customer = this.pick(customers)!;
        const lines = Array.from({ length: 1 + Math.floor(this.random() * 3) }, (_, i) => ({
          description: `Item ${i + 1}`,
          quantity: 1 + Math.floor(this.random() * 3),
          unitPrice: 1000 + Math.floor(this.random() * 200_000),
        }));
        this.store.transactions.createTransaction({ customerId: customer.id, lines }, SALES);
        return 'transaction';
      }
      if (r < 0.9) {
        const open = this.openBalances.all();
        const c = this.pick(open);
        if (!c) return 'nothing-to-settle';
        const full = this.random() < 0.5;
        const amount = full ? c.owing : Math.max(1, Math.floor(c.owing * this.random()));
        const method = this.pick(TENDERS)!;
        const excess = method === 'cash' && this.random() < 0.1 ? 5000 : 0;
        this.store.settlements.settle(
          {
            customerId: c.customer_id,
            amount: amount + excess,
            tender: method === 'cash' ? { method, tendered: amount + excess + Math.floor(this.random() * 10_000) } : { method, reference: `REF${Math.floor(this.random() * 1e6)}` },
            allocation: { strategy: this.random() < 0.5 ? 'oldest_first' : 'largest_first' },
            keepExcessAsCredit: excess > 0,
          },
          // An admin takes the payment: a cashier would need an open shift, which is not
          // what this simulation is about (sync does not care who was at the till).
          ADMIN,
        );
        return 'settlement';
      }
      const s = this.pick(this.postedSettlements.all());
      if (!s) return 'nothing-to-void';
      this.store.settlements.void(s.id, { reason: 'customer changed tender' }, ADMIN);
      return 'void';
    } catch (err) {
      if (isDomainError(err)) return `refused:${err.code}`;
      throw err;
    }
  }
}

export interface BookTotals {
  settlements: { postedCount: number; postedAmount: number; voidCount: number; voidAmount: number };
  transactions: { count: number; voidCount: number; totalAmount: number; paidAmount: number; balanceAmount: number };
}

/** The store's own books, in the shape of central's StoreSummary. */
export function hubTotals(db: Database.Database): BookTotals {
  const s = db
    .prepare(
      `SELECT count(*) FILTER (WHERE status = 'posted') AS postedCount,
              coalesce(sum(amount) FILTER (WHERE status = 'posted'), 0) AS postedAmount,
              count(*) FILTER (WHERE status = 'void') AS voidCount,
              coalesce(sum(amount) FILTER (WHERE status = 'void'), 0) AS voidAmount
         FROM settlements`,
    )
    .get() as BookTotals['settlements'];
  const t = db
    .prepare(
      `SELECT count(*) AS count, count(*) FILTER (WHERE voided = 1) AS voidCount,
              coalesce(sum(total_amount) FILTER (WHERE voided = 0), 0) AS totalAmount,
              coalesce(sum(paid_amount) FILTER (WHERE voided = 0), 0) AS paidAmount,
              coalesce(sum(total_amount - paid_amount) FILTER (WHERE voided = 0), 0) AS balanceAmount
         FROM transactions`,
    )
    .get() as BookTotals['transactions'];
  return { settlements: { ...s }, transactions: { ...t } };
}

/**
 * Appends `count` events straight to the outbox in one SQLite transaction: pairs of
 * `transaction.created` and a `settlement.posted` paying it in full, shaped as the
 * store writes them. For backlogs too large to build through the services in a test.
 * Returns the totals head office should end up with.
 */
export function appendSyntheticSales(db: Database.Database, count: number, opts: { tag?: string; start?: Date } = {}) {
  const tag = opts.tag ?? randomBytes(3).toString('hex');
  const insert = db.prepare<[number, string, string, string]>('INSERT INTO events (seq, type, occurred_at, payload) VALUES (?, ?, ?, ?)');
  const first = ((db.prepare('SELECT max(seq) AS s FROM events').get() as { s: number | null }).s ?? 0) + 1;
  const t0 = (opts.start ?? new Date('2026-03-02T01:00:00.000Z')).getTime();
  let settlements = 0;
  let amountSum = 0;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const seq = first + i;
      const sale = Math.floor(i / 2);
      const at = new Date(t0 + sale * 1000).toISOString();
      const total = 1000 + ((sale * 7919) % 500_000);
      const txId = `txn_${tag}_${sale}`;
      const customerId = `cus_${tag}_${sale % 97}`;
      const transaction = {
        id: txId,
        customerId,
        createdBy: SALES.id,
        lines: [{ description: 'Job order', quantity: 1, unitPrice: total, amount: total }],
        total_amount: total,
        paid_amount: i % 2 === 0 ? 0 : total,
        balance_amount: i % 2 === 0 ? total : 0,
        payment_status: i % 2 === 0 ? 'unpaid' : 'paid',
        dueDate: null,
        notes: null,
        createdAt: at,
        updatedAt: at,
      };
      if (i % 2 === 0) {
        insert.run(seq, 'transaction.created', at, JSON.stringify({ transaction, actorId: SALES.id }));
        continue;
      }
      const settlement = {
        id: `stl_${tag}_${sale}`,
        or_number: `OR-${tag}-${String(sale + 1).padStart(8, '0')}`,
        customerId,
        amount: total,
        tender: { method: TENDERS[sale % TENDERS.length], reference: null, tendered: null },
        change: 0,
        creditAmount: 0,
        creditUsed: 0,
        allocations: [{ transactionId: txId, amount: total }],
        status: 'posted',
        cashierId: CASHIER.id,
        createdAt: at,
        voidedAt: null,
        voidReason: null,
        reprintCount: 0,
      };
      insert.run(seq, 'settlement.posted', at, JSON.stringify({ settlement, transactions: [transaction], actorId: CASHIER.id }));
      settlements++;
      amountSum += total;
    }
  })();
  return { first, last: first + count - 1, settlements, amountSum };
}
