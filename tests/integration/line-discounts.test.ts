import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import { startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';

// SC/PWD per line (protocol.md v1 additions, domain.md "Registers and documents"), the
// worked examples of issue #13 through the HTTP API, and a non-VAT store.

const SENIOR = { kind: 'senior', holderName: 'Remedios Lim', idNumber: 'SC-MNL-0042' } as const;

async function sell(t: TestHub, token: string, customerId: string, body: Record<string, unknown>) {
  return t.api('POST', '/api/v1/transactions', { token, body: { customerId, ...body } });
}

/** Pays a transaction in full in cash and answers the receipt (JSON and HTML). */
async function payInFull(t: TestHub, cashier: Staff, tx: Json) {
  const s = await t.settle(cashier.token, {
    customerId: tx.customerId,
    amount: tx.balance_amount,
    tender: { method: 'cash', tendered: tx.balance_amount },
    allocation: { strategy: 'manual', lines: [{ transactionId: tx.id, amount: tx.balance_amount }] },
  });
  expect(s.status).toBe(201);
  const json = await t.api('GET', `/api/v1/receipts/${s.body.settlement.id}`, { token: cashier.token });
  const html = await t.api('GET', `/api/v1/receipts/${s.body.settlement.id}?format=html`, { token: cashier.token });
  return { receipt: json.body.receipt, html: html.body as string };
}

const sumTax = (lines: Json[]) =>
  lines.reduce(
    (s, l) => ({
      vatableSales: s.vatableSales + l.tax.vatableSales,
      vatAmount: s.vatAmount + l.tax.vatAmount,
      vatExemptSales: s.vatExemptSales + l.tax.vatExemptSales,
      zeroRatedSales: s.zeroRatedSales + l.tax.zeroRatedSales,
    }),
    { vatableSales: 0, vatAmount: 0, vatExemptSales: 0, zeroRatedSales: 0 },
  );

describe('a VAT-registered store', () => {
  let t: TestHub;
  let sales: Staff;
  let cashier: Staff;
  let customerId: string;
  beforeAll(async () => {
    t = await startTestHub();
    sales = await t.staff('sales', 'desk-ana');
    cashier = await t.staff('cashier', 'till-cora');
    customerId = await t.customer(sales.token, 'Walk-in');
  });
  afterAll(() => t.close());

  it('₱1,120 senior on the line → ₱800.00 due; the receipt and the slip name the holder with a signature line', async () => {
    const r = await sell(t, sales.token, customerId, { lines: [{ description: 'Lunch set', quantity: 1, unitPrice: 1_120_00, discount: SENIOR }] });
    expect(r.status).toBe(201);
    const tx = r.body.transaction;
    expect(tx).toMatchObject({ total_amount: 800_00, balance_amount: 800_00, discount: null });
    expect(tx.lines[0]).toMatchObject({
      amount: 800_00,
      discount: SENIOR,
      tax: { gross: 1_120_00, vatExemptSales: 1_000_00, vatAdjustment: 120_00, discountKind: 'senior', discountAmount: 200_00, vatAmount: 0 },
    });
    const again = await t.api('GET', `/api/v1/transactions/${tx.id}`, { token: sales.token });
    expect(again.body.transaction).toEqual(tx);

    const slip = await t.api('GET', `/api/v1/transactions/${tx.id}/job-order?format=html`, { token: sales.token });
    expect(slip.body).toContain('Senior Citizen: Remedios Lim');
    expect(slip.body).toContain('OSCA ID No.: SC-MNL-0042');
    expect(slip.body).toContain('<div class="sig">Signature</div>');
    const slipText = await t.api('GET', `/api/v1/transactions/${tx.id}/job-order?format=text`, { token: sales.token });
    expect(slipText.body).toMatch(/Signature: _+/);

    const { receipt, html } = await payInFull(t, cashier, tx);
    expect(receipt).toMatchObject({ amount: 800_00, discounts: [SENIOR], vat: { vatExemptSales: 1_000_00, seniorDiscount: 200_00, vatAmount: 0 } });
    expect(html).toContain('Senior Citizen: Remedios Lim');
    expect(html).toContain('OSCA ID No.: SC-MNL-0042');
    expect(html).toContain('Signature');
  });

  it('the same ₱1,120 with the whole-sale discount is ₱800.00 too (the transaction-level discount still means every line)', async () => {
    const r = await sell(t, sales.token, customerId, { lines: [{ description: 'Lunch set', quantity: 1, unitPrice: 1_120_00 }], discount: SENIOR });
    expect(r.body.transaction).toMatchObject({ total_amount: 800_00, discount: SENIOR });
    expect(r.body.transaction.lines[0].discount).toBeUndefined();
  });

  it('group meal ₱1,000 for 5 diners, one senior (sharedBy 5) → ₱942.86 due, not ₱714.29', async () => {
    const r = await sell(t, sales.token, customerId, {
      lines: [{ description: 'Group meal for 5', quantity: 1, unitPrice: 1_000_00, discount: { ...SENIOR, sharedBy: 5 } }],
    });
    expect(r.status).toBe(201);
    const tx = r.body.transaction;
    expect(tx.total_amount).toBe(942_86);
    expect(tx.lines[0]).toMatchObject({
      discount: { ...SENIOR, sharedBy: 5 },
      tax: { vatableSales: 714_29, vatAmount: 85_71, vatExemptSales: 178_57, discountAmount: 35_71, vatAdjustment: 21_43 },
    });
    const whole = await sell(t, sales.token, customerId, { lines: [{ description: 'Group meal for 5', quantity: 1, unitPrice: 1_000_00 }], discount: SENIOR });
    expect(whole.body.transaction.total_amount).toBe(714_29);

    const { receipt, html } = await payInFull(t, cashier, tx);
    expect(receipt.vat).toMatchObject({ amount: 942_86, vatableSales: 714_29, vatAmount: 85_71, vatExemptSales: 178_57, seniorDiscount: 35_71 });
    expect(receipt.transactions[0].lines[0].discount).toMatchObject({ sharedBy: 5 });
    expect(html).toContain('less SC 20% (1/5 share)');
  });

  it('mixed basket ₱112 vatable + ₱50 exempt + ₱100 zero-rated → VATable 100.00, VAT 12.00, exempt 50.00, zero-rated 100.00', async () => {
    const r = await sell(t, sales.token, customerId, {
      lines: [
        { description: 'Soap', quantity: 1, unitPrice: 112_00, vatCategory: 'vatable' },
        { description: 'Rice', quantity: 1, unitPrice: 50_00, vatCategory: 'exempt' },
        { description: 'Export order', quantity: 1, unitPrice: 100_00, vatCategory: 'zero_rated' },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body.transaction.total_amount).toBe(262_00);
    expect(sumTax(r.body.transaction.lines)).toEqual({ vatableSales: 100_00, vatAmount: 12_00, vatExemptSales: 50_00, zeroRatedSales: 100_00 });
    const { receipt, html } = await payInFull(t, cashier, r.body.transaction);
    expect(receipt.vat).toMatchObject({ vatableSales: 100_00, vatAmount: 12_00, vatExemptSales: 50_00, zeroRatedSales: 100_00 });
    expect(html).toMatch(/VATable Sales<\/td><td class="r">100\.00/);
    expect(html).toMatch(/VAT \(12%\)<\/td><td class="r">12\.00/);
    expect(html).toContain('VAT REG TIN');
    expect(html).not.toContain('NON-VAT');
  });

  it('refuses a discount on both the sale and a line, a shared line with a promo, a bad share; nothing is written', async () => {
    const before = t.hub.store.q.transactions.list({ limit: 500 }).length;
    const both = await sell(t, sales.token, customerId, { lines: [{ description: 'x', quantity: 1, unitPrice: 100_00, discount: SENIOR }], discount: SENIOR });
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe('validation_failed');
    const promo = await sell(t, sales.token, customerId, {
      lines: [{ description: 'x', quantity: 1, unitPrice: 100_00, promoDiscount: 10_00, discount: { ...SENIOR, sharedBy: 2 } }],
    });
    expect(promo.status).toBe(400);
    expect(promo.body.error.message).toMatch(/promo/);
    for (const sharedBy of [0, 1.5, 1001]) {
      const bad = await sell(t, sales.token, customerId, { lines: [{ description: 'x', quantity: 1, unitPrice: 100_00, discount: { ...SENIOR, sharedBy } }] });
      expect(bad.status).toBe(400);
    }
    const noId = await sell(t, sales.token, customerId, { lines: [{ description: 'x', quantity: 1, unitPrice: 100_00, discount: { kind: 'pwd', holderName: 'A' } }] });
    expect(noId.status).toBe(400);
    expect(t.hub.store.q.transactions.list({ limit: 500 }).length).toBe(before);
  });

  it('an edit can give lines their own discount, or the whole sale one, and the ledger follows', async () => {
    const cus = await t.customer(sales.token, 'Edit Customer');
    const tx = await t.transaction(sales.token, cus, 1_120_00);
    const lineEdit = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, {
      token: sales.token,
      body: { lines: [{ description: 'Meal', quantity: 1, unitPrice: 1_000_00, discount: { ...SENIOR, sharedBy: 5 } }] },
    });
    expect(lineEdit.status).toBe(200);
    expect(lineEdit.body.transaction).toMatchObject({ total_amount: 942_86, discount: null });

    const wholeEdit = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, {
      token: sales.token,
      body: { lines: [{ description: 'Meal', quantity: 1, unitPrice: 1_000_00 }], discount: SENIOR },
    });
    expect(wholeEdit.status).toBe(200);
    expect(wholeEdit.body.transaction).toMatchObject({ total_amount: 714_29, discount: SENIOR });
    // New lines without saying what happens to the whole-sale discount: refused, as before.
    const silent = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: sales.token, body: { lines: [{ description: 'Meal', quantity: 1, unitPrice: 500_00 }] } });
    expect(silent.status).toBe(409);
    // Only the discount: the stored lines are priced again without it.
    const off = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: sales.token, body: { discount: null } });
    expect(off.status).toBe(200);
    expect(off.body.transaction).toMatchObject({ total_amount: 1_000_00, discount: null });
    const edited = t.hub.store.eventsAfter(0, 10_000).filter((e) => e.type === 'transaction.edited' && (e.payload as Json).transaction.id === tx.id);
    expect(edited.map((e) => (e.payload as Json).changed)).toEqual([['lines'], ['lines', 'discount'], ['discount']]);
    expect((edited[2]!.payload as Json).previous.discount).toEqual(SENIOR);
    expect(t.hub.store.q.ledger.balance(cus)).toBe(1_000_00);
    expect(auditStore(t.hub.store.db)).toMatchObject({ ok: true, problems: [] });
  });
});

describe('a non-VAT store', () => {
  let t: TestHub;
  let sales: Staff;
  let cashier: Staff;
  beforeAll(async () => {
    t = await startTestHub();
    sales = await t.staff('sales', 'desk-ana');
    cashier = await t.staff('cashier', 'till-cora');
    const r = await t.api('PUT', '/api/v1/receipt-settings', { token: t.admin.token, body: { vatRegistered: false, tin: '123-456-789-00000' } });
    expect(r.status).toBe(200);
  });
  afterAll(() => t.close());

  it('a senior’s ₱1,000 → ₱800.00 (20% of the price as charged), no VAT; the receipt says NON-VAT REG TIN and the notice', async () => {
    const customerId = await t.customer(sales.token, 'Lola Nena');
    const r = await sell(t, sales.token, customerId, { lines: [{ description: 'Lunch', quantity: 1, unitPrice: 1_000_00, discount: SENIOR }] });
    expect(r.status).toBe(201);
    const tx = r.body.transaction;
    expect(tx.total_amount).toBe(800_00);
    expect(tx.lines[0].tax).toMatchObject({ vatableSales: 0, vatAmount: 0, vatExemptSales: 1_000_00, discountAmount: 200_00, vatAdjustment: 0 });

    const plain = await sell(t, sales.token, customerId, { lines: [{ description: 'Soap', quantity: 1, unitPrice: 1_120_00 }] });
    expect(plain.body.transaction.lines[0].tax).toMatchObject({ vatableSales: 0, vatAmount: 0, vatExemptSales: 1_120_00 });

    const { receipt, html } = await payInFull(t, cashier, tx);
    expect(receipt.vat).toMatchObject({ amount: 800_00, vatAmount: 0, vatableSales: 0, seniorDiscount: 200_00 });
    expect(html).toContain('NON-VAT REG TIN: 123-456-789-00000');
    expect(html).toContain('THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX.');
    expect(html).not.toContain('VATable Sales');
    expect(html).toMatch(/Less SC Discount \(20%\)<\/td><td class="r">200\.00/);
    const text = await t.api('GET', `/api/v1/receipts/${receipt.settlementId}?format=text`, { token: cashier.token });
    expect(text.body).toContain('NON-VAT REG TIN');
    expect(text.body).not.toContain('VAT (12%)');
  });
});
