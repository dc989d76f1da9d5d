import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import type { Actor } from '../../src/main/services/store.js';
import { admin, businessSnapshot, cashier, sales, seedCustomer, tempStore, type TempStore } from './support/ledger-fixtures.js';

/**
 * Every service call with bad input answers with a typed error and leaves the
 * business tables byte-for-byte as they were — and burns no OR number.
 */
describe('bad input to the ledger services', () => {
  let t: TempStore;
  let customerId: string;
  let txId: string;
  let settlementId: string;
  beforeEach(() => {
    t = tempStore();
    const seeded = seedCustomer(t.store, [50_000, 70_000], { creditLimit: 200_000 });
    customerId = seeded.customer.id;
    txId = seeded.transactions[0]!.id;
    settlementId = t.store.settlements.settle(
      { customerId, amount: 1_000, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } },
      cashier,
    ).settlement.id;
  });
  afterEach(() => t.cleanup());

  const settleBody = (over: Record<string, unknown>) => ({
    customerId,
    amount: 1_000,
    tender: { method: 'cash' },
    allocation: { strategy: 'oldest_first' },
    ...over,
  });

  const cases: [string, string, () => unknown][] = [
    ['settle: negative amount', 'validation_failed', () => t.store.settlements.settle(settleBody({ amount: -100 }), cashier)],
    ['settle: zero amount', 'validation_failed', () => t.store.settlements.settle(settleBody({ amount: 0 }), cashier)],
    ['settle: fractional centavos', 'validation_failed', () => t.store.settlements.settle(settleBody({ amount: 100.5 }), cashier)],
    ['settle: amount as string', 'validation_failed', () => t.store.settlements.settle(settleBody({ amount: '1000' }), cashier)],
    ['settle: huge amount', 'validation_failed', () => t.store.settlements.settle(settleBody({ amount: 2 ** 53 }), cashier)],
    ['settle: missing tender', 'validation_failed', () => t.store.settlements.settle(settleBody({ tender: undefined }), cashier)],
    ['settle: unknown tender method', 'validation_failed', () => t.store.settlements.settle(settleBody({ tender: { method: 'bitcoin' } }), cashier)],
    ['settle: missing customer', 'validation_failed', () => t.store.settlements.settle(settleBody({ customerId: undefined }), cashier)],
    ['settle: unknown customer', 'not_found', () => t.store.settlements.settle(settleBody({ customerId: 'cus_nobody' }), cashier)],
    ['settle: overpayment', 'overpayment', () => t.store.settlements.settle(settleBody({ amount: 10_000_000 }), cashier)],
    ['settle: cash tendered below amount', 'tender_insufficient', () => t.store.settlements.settle(settleBody({ tender: { method: 'cash', tendered: 999 } }), cashier)],
    ['settle: manual without lines', 'validation_failed', () => t.store.settlements.settle(settleBody({ allocation: { strategy: 'manual' } }), cashier)],
    [
      'settle: manual line above balance',
      'balance_changed',
      () => t.store.settlements.settle(settleBody({ amount: 60_000, allocation: { strategy: 'manual', lines: [{ transactionId: txId, amount: 60_000 }] } }), cashier),
    ],
    [
      'settle: manual line on unknown transaction',
      'invalid_allocation',
      () => t.store.settlements.settle(settleBody({ allocation: { strategy: 'manual', lines: [{ transactionId: 'txn_nope', amount: 1_000 }] } }), cashier),
    ],
    ['settle: sales role', 'forbidden', () => t.store.settlements.settle(settleBody({}), sales)],
    ['settle: bad idempotency key', 'bad_request', () => t.store.settlements.settle(settleBody({}), cashier, { idempotencyKey: '' })],
    ['preview: negative', 'validation_failed', () => t.store.settlements.preview(settleBody({ amount: -1 }), cashier)],
    ['void: unknown settlement', 'not_found', () => t.store.settlements.void('stl_nope', { reason: 'x' }, admin)],
    ['void: missing reason', 'validation_failed', () => t.store.settlements.void(settlementId, {}, admin)],
    ['void: by a cashier without approval', 'forbidden', () => t.store.settlements.void(settlementId, { reason: 'x' }, cashier)],
    ['void: bad id type', 'validation_failed', () => t.store.settlements.void(42, { reason: 'x' }, admin)],
    ['transaction: no lines', 'validation_failed', () => t.store.transactions.createTransaction({ customerId, lines: [] }, sales)],
    [
      'transaction: negative price',
      'validation_failed',
      () => t.store.transactions.createTransaction({ customerId, lines: [{ description: 'x', quantity: 1, unitPrice: -5 }] }, sales),
    ],
    [
      'transaction: fractional quantity',
      'validation_failed',
      () => t.store.transactions.createTransaction({ customerId, lines: [{ description: 'x', quantity: 1.5, unitPrice: 5 }] }, sales),
    ],
    [
      'transaction: zero total',
      'validation_failed',
      () => t.store.transactions.createTransaction({ customerId, lines: [{ description: 'x', quantity: 1, unitPrice: 0 }] }, sales),
    ],
    [
      'transaction: unknown customer',
      'not_found',
      () => t.store.transactions.createTransaction({ customerId: 'cus_nope', lines: [{ description: 'x', quantity: 1, unitPrice: 5 }] }, sales),
    ],
    [
      'transaction: above credit limit',
      'credit_limit_exceeded',
      () => t.store.transactions.createTransaction({ customerId, lines: [{ description: 'x', quantity: 1, unitPrice: 90_000 }] }, sales),
    ],
    [
      'transaction: credit override by non-admin',
      'forbidden',
      () =>
        t.store.transactions.createTransaction(
          { customerId, lines: [{ description: 'x', quantity: 1, unitPrice: 90_000 }], creditOverride: { reason: 'regular' } },
          sales,
        ),
    ],
    [
      'transaction: by a cashier',
      'forbidden',
      () => t.store.transactions.createTransaction({ customerId, lines: [{ description: 'x', quantity: 1, unitPrice: 5 }] }, cashier),
    ],
    ['transaction: bad due date', 'validation_failed', () => t.store.transactions.createTransaction({ customerId, lines: [{ description: 'x', quantity: 1, unitPrice: 5 }], dueDate: '31/12/2026' }, sales)],
    ['transaction void: has allocations', 'has_allocations', () => t.store.transactions.voidTransaction(txId, { reason: 'x' }, admin)],
    ['customer: empty name', 'validation_failed', () => t.store.transactions.createCustomer({ name: '   ' }, sales)],
    ['customer: negative credit limit', 'validation_failed', () => t.store.transactions.createCustomer({ name: 'A', creditLimit: -1 }, sales)],
    ['customer: not an object', 'validation_failed', () => t.store.transactions.createCustomer(null, sales)],
    ['customer: by a cashier', 'forbidden', () => t.store.transactions.createCustomer({ name: 'A' }, cashier as Actor)],
  ];

  it.each(cases)('%s → %s, nothing written', (_name, code, call) => {
    const before = businessSnapshot(t.store.db);
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(code);
    expect(businessSnapshot(t.store.db)).toBe(before);
  });

  it('a refused settlement burns no OR number: the next one is contiguous', () => {
    expect(() => t.store.settlements.settle(settleBody({ amount: 10_000_000 }), cashier)).toThrow(DomainError);
    const r = t.store.settlements.settle(settleBody({}), cashier);
    expect(r.settlement.or_number).toBe('OR-TST01-00000002');
  });

  it('an admin override of the credit limit is recorded', () => {
    const tx = t.store.transactions.createTransaction(
      { customerId, lines: [{ description: 'x', quantity: 1, unitPrice: 90_000 }], creditOverride: { reason: 'long-time customer' } },
      admin,
    );
    const row = t.store.q.transactions.get(tx.id)!;
    expect(row).toMatchObject({ credit_override_by: admin.id, credit_override_reason: 'long-time customer' });
  });
});
