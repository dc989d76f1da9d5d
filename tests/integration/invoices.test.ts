import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';
import { TEST_BIR } from './support/bir-setup.js';

// EOPT documents (domain.md "Registers (machines) and documents", protocol.md v1
// additions): one Sales Invoice per sale, VAT recognised on it in the Z of the day it was
// issued; collection receipts for later payments; a sale paid whole at once prints one
// document, its SI; Z per register and the store's day report; the BIR setup gate.

/** Today on the store's clock (UTC+8, the default). */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const line = (unitPrice: number, extra: Record<string, unknown> = {}) => ({ description: 'Lunch set', quantity: 1, unitPrice, ...extra });

function pay(t: TestHub, cashier: Staff, tx: Json, amount: number) {
  return t.settle(cashier.token, {
    customerId: tx.customerId,
    amount,
    tender: { method: 'cash', tendered: amount },
    allocation: { strategy: 'manual', lines: [{ transactionId: tx.id, amount }] },
  });
}

async function receipt(t: TestHub, token: string, settlementId: string): Promise<Json> {
  const r = await t.api('GET', `/api/v1/receipts/${settlementId}`, { token });
  expect(r.status).toBe(200);
  return r.body.receipt;
}

describe('Sales Invoices and collection receipts', () => {
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

  it('₱1,120 sale paid 500 + 620 → one SI with VAT 120.00 in the sale day’s Z, two collection receipts with none', async () => {
    const created = await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(1_120_00)] } });
    expect(created.status).toBe(201);
    const tx = created.body.transaction;
    expect(tx.invoice).toMatchObject({ registerId: 'reg_c1', vat: { vatableSales: 1_000_00, vatAmount: 120_00, vatExemptSales: 0, zeroRatedSales: 0 } });
    expect(tx.invoice.number).toMatch(/^SI-STORE01-\d{8}$/);

    const first = await pay(t, cashier, tx, 500_00);
    const second = await pay(t, cashier, { ...tx }, 620_00);
    for (const r of [first, second]) {
      expect(r.status).toBe(201);
      expect(r.body.settlement.documentType).toBe('collection_receipt');
      expect(r.body.settlement.or_number).toMatch(/^OR-STORE01-\d{8}$/);
      const doc = await receipt(t, cashier.token, r.body.settlement.id);
      expect(doc).toMatchObject({ documentType: 'OR', title: 'COLLECTION RECEIPT', notice: 'THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX.' });
      expect(doc.vat).toMatchObject({ vatableSales: 0, vatAmount: 0 });
      expect(doc.transactions[0].invoiceNumber).toBe(tx.invoice.number);
    }
    expect((await receipt(t, cashier.token, first.body.settlement.id)).transactions[0].balanceAfter).toBe(620_00);

    const z = await t.api('POST', '/api/v1/readings/z', { token: t.admin.token, body: { businessDate: today(), registerId: 'reg_c1' } });
    expect(z.status).toBe(201);
    expect(z.body.figures).toMatchObject({
      vatAmount: 120_00,
      vatableSales: 1_000_00,
      netSales: 1_120_00,
      receiptCount: 2,
      collections: 1_120_00,
      invoices: { count: 1, amount: 1_120_00, beginning: tx.invoice.number, ending: tx.invoice.number },
      beginningOr: first.body.settlement.or_number,
      endingOr: second.body.settlement.or_number,
    });
    expect(z.body.register).toMatchObject({ code: 'C1', min: 'MIN-TEST-C1', serialNo: 'SN-TEST-C1' });
    // One Z per register and business day.
    const again = await t.api('POST', '/api/v1/readings/z', { token: t.admin.token, body: { businessDate: today(), registerId: 'reg_c1' } });
    expect(again.status).toBe(409);
  });
});

describe('a sale paid in full at once prints one document: its SI', () => {
  let t: TestHub;
  let sales: Staff;
  let cashier: Staff;
  let customerId: string;
  beforeAll(async () => {
    t = await startTestHub({ storeId: 'MNL01' });
    sales = await t.staff('sales', 'desk-ana');
    cashier = await t.staff('cashier', 'till-cora');
    customerId = await t.customer(sales.token, 'Walk-in');
  });
  afterAll(() => t.close());

  it('the payment is the SI (its number, its VAT, the buyer); the OR series does not move; a reprint is the same document marked REPRINT', async () => {
    const buyer = { name: 'Acme Builders Inc.', address: '5 Ayala Ave., Makati', tin: '987-654-321-00000' };
    const created = await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(2_240_00)], buyer } });
    expect(created.status).toBe(201);
    const tx = created.body.transaction;
    expect(tx.buyer).toEqual(buyer);
    const s = await pay(t, cashier, tx, 2_240_00);
    expect(s.status).toBe(201);
    expect(s.body.settlement).toMatchObject({ documentType: 'sales_invoice', or_number: tx.invoice.number, registerId: 'reg_c1' });
    const doc = await receipt(t, cashier.token, s.body.settlement.id);
    expect(doc).toMatchObject({ documentType: 'SI', title: 'SALES INVOICE', notice: null, number: tx.invoice.number, buyer, transactionId: tx.id });
    expect(doc.vat).toMatchObject({ vatableSales: 2_000_00, vatAmount: 240_00 });
    expect(doc.tender).toMatchObject({ method: 'cash' });

    const reprint = await t.api('POST', `/api/v1/receipts/${s.body.settlement.id}/reprint`, { token: cashier.token });
    expect(reprint.status).toBe(200);
    expect(reprint.body.receipt).toEqual({ ...doc, reprint: true, reprintCount: 1 });

    // The next payment of another sale is a collection receipt: OR 1 (no OR was used above).
    const other = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(100_00)] } })).body.transaction;
    const part = await pay(t, cashier, other, 40_00);
    expect(part.body.settlement).toMatchObject({ documentType: 'collection_receipt', or_number: 'OR-MNL01-00000001' });
  });

  it('a reopened receipt is the one issued, even after the sale changed since', async () => {
    const tx = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(300_00, { description: 'Paint, 1 gal' })] } })).body
      .transaction;
    const s = await pay(t, cashier, tx, 100_00);
    const before = await receipt(t, cashier.token, s.body.settlement.id);
    await pay(t, cashier, tx, 200_00);
    const after = await receipt(t, cashier.token, s.body.settlement.id);
    expect(after).toEqual(before);
    expect(after.transactions[0]).toMatchObject({ balanceAfter: 200_00, lines: [expect.objectContaining({ description: 'Paint, 1 gal' })] });
  });

  it('a sale’s invoice prints from the sales desk before any payment, and a business buyer must give an address with a TIN', async () => {
    const tx = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(500_00)] } })).body.transaction;
    const inv = await t.api('GET', `/api/v1/transactions/${tx.id}/invoice`, { token: sales.token });
    expect(inv.status).toBe(200);
    expect(inv.body.receipt).toMatchObject({ documentType: 'SI', number: tx.invoice.number, settlementId: null, tender: null, amount: 0, reprint: false });
    const html = await t.api('GET', `/api/v1/transactions/${tx.id}/invoice?format=html`, { token: sales.token });
    expect(html.status).toBe(200);
    expect(String(html.body)).toContain(tx.invoice.number);
    const re = await t.api('POST', `/api/v1/transactions/${tx.id}/invoice/reprint`, { token: sales.token });
    expect(re.body.receipt).toMatchObject({ number: tx.invoice.number, reprint: true, reprintCount: 1 });

    const bad = await t.api('POST', '/api/v1/transactions', {
      token: sales.token,
      body: { customerId, lines: [line(1_500_00)], buyer: { name: 'Acme', tin: '987-654-321-00000' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('an SI whose original was printed at the desk is not printed again as the payment: paying it whole is a collection receipt', async () => {
    const tx = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(336_00)] } })).body.transaction;
    const first = await t.api('POST', `/api/v1/transactions/${tx.id}/invoice/print`, { token: sales.token });
    expect(first.body.receipt).toMatchObject({ number: tx.invoice.number, reprint: false });
    const second = await t.api('POST', `/api/v1/transactions/${tx.id}/invoice/print`, { token: sales.token });
    expect(second.body.receipt).toMatchObject({ number: tx.invoice.number, reprint: true, reprintCount: 1 });
    const s = await pay(t, cashier, tx, 336_00);
    expect(s.body.settlement.documentType).toBe('collection_receipt');
    // And the other way round: once a payment was the SI, the desk's print of it is a reprint.
    const tx2 = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(112_00)] } })).body.transaction;
    expect((await pay(t, cashier, tx2, 112_00)).body.settlement.documentType).toBe('sales_invoice');
    const after = await t.api('POST', `/api/v1/transactions/${tx2.id}/invoice/print`, { token: sales.token });
    expect(after.body.receipt).toMatchObject({ reprint: true, reprintCount: 1 });
  });

  it('an edit of an invoiced sale cancels its SI (a void in the Z) and issues the next number; cancelling the sale voids it', async () => {
    const tx = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(112_00)] } })).body.transaction;
    const edited = await t.api('PATCH', `/api/v1/transactions/${tx.id}`, { token: sales.token, body: { lines: [line(224_00)] } });
    expect(edited.status).toBe(200);
    const next = edited.body.transaction.invoice;
    expect(next.number).not.toBe(tx.invoice.number);
    expect(next.vat.vatAmount).toBe(24_00);
    const voided = await t.api('POST', `/api/v1/transactions/${tx.id}/void`, { token: sales.token, body: { reason: 'customer left' } });
    expect(voided.status).toBe(200);
    const day = await t.api('GET', `/api/v1/readings/day?businessDate=${today()}`, { token: t.admin.token });
    expect(day.status).toBe(200);
    const c1 = day.body.registers.find((r: Json) => r.register.code === 'C1');
    // Two invoices issued and both cancelled: their VAT nets to nothing, each void counted once.
    expect(c1.figures.voidNumbers).toEqual({ beginning: tx.invoice.number, ending: next.number });
  });
});

describe('invoiceAt full_payment', () => {
  let t: TestHub;
  let sales: Staff;
  let cashier: Staff;
  beforeAll(async () => {
    t = await startTestHub();
    sales = await t.staff('sales', 'desk-ana');
    cashier = await t.staff('cashier', 'till-cora');
    const settings = (await t.api('GET', '/api/v1/backoffice/settings', { token: t.admin.token })).body.settings;
    const put = await t.api('PUT', '/api/v1/backoffice/settings', { token: t.admin.token, body: { ...settings, invoiceAt: 'full_payment' } });
    expect(put.status).toBe(200);
    expect(put.body.settings.invoiceAt).toBe('full_payment');
  });
  afterAll(() => t.close());

  it('the SI is issued by the payment that completes the sale, at the cashier’s register; earlier payments are collection receipts', async () => {
    const customerId = await t.customer(sales.token, 'Deposit customer');
    const tx = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(1_120_00)] } })).body.transaction;
    expect(tx.invoice).toBeNull();
    const deposit = await pay(t, cashier, tx, 120_00);
    expect(deposit.body.settlement.documentType).toBe('collection_receipt');
    expect(deposit.body.transactions[0].invoice).toBeNull();
    const rest = await pay(t, cashier, tx, 1_000_00);
    expect(rest.body.settlement.documentType).toBe('collection_receipt');
    const invoice = rest.body.transactions[0].invoice;
    expect(invoice).toMatchObject({ registerId: 'reg_c1', vat: { vatAmount: 120_00 } });

    // Paid whole at once: the payment is the SI, issued now.
    const whole = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(560_00)] } })).body.transaction;
    const s = await pay(t, cashier, whole, 560_00);
    expect(s.body.settlement.documentType).toBe('sales_invoice');
    expect(s.body.settlement.or_number).toBe(s.body.transactions[0].invoice.number);

    const z = await t.api('POST', '/api/v1/readings/z', { token: t.admin.token, body: { businessDate: today() } });
    expect(z.status).toBe(201);
    expect(z.body.figures).toMatchObject({ vatAmount: 180_00, invoices: { count: 2 }, collections: 1_680_00 });
  });
});

describe('Z per register and the store day report', () => {
  let t: TestHub;
  let sales: Staff;
  let ana: Staff;
  let ben: Staff;
  beforeAll(async () => {
    t = await startTestHub();
    sales = await t.staff('sales', 'desk-ana');
    ana = await t.staff('cashier', 'till-ana'); // opens at C1
    ben = await t.staff('cashier', 'till-ben'); // opens at a register of its own
  });
  afterAll(() => t.close());

  it('each register’s Z holds its own documents; a second Z is 409; the day report is the sum of its registers', async () => {
    const customerId = await t.customer(sales.token, 'Two-counter customer');
    const a = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(1_120_00)] } })).body.transaction;
    const b = (await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(560_00)] } })).body.transaction;
    expect((await pay(t, ana, a, 120_00)).status).toBe(201);
    const byBen = await pay(t, ben, b, 60_00);
    expect(byBen.status).toBe(201);
    const benRegister = byBen.body.settlement.registerId;
    expect(benRegister).not.toBe('reg_c1');
    expect(byBen.body.settlement.or_number).toMatch(/^OR-STORE01-TILL-BEN-00000001$/);

    const report = await t.api('GET', `/api/v1/readings/day?businessDate=${today()}`, { token: t.admin.token });
    expect(report.status).toBe(200);
    const regs: Json[] = report.body.registers;
    const sum = (f: (x: Json) => number) => regs.reduce((s, r) => s + f(r.figures), 0);
    expect(report.body.totals.collections).toBe(sum((f) => f.collections));
    expect(report.body.totals.netSales).toBe(sum((f) => f.netSales));
    expect(report.body.totals.vatAmount).toBe(sum((f) => f.vatAmount));
    expect(report.body.totals.collections).toBe(180_00);
    expect(report.body.totals.invoices.count).toBe(2);

    const zAll = await t.api('POST', '/api/v1/readings/z', { token: t.admin.token, body: { businessDate: today() } });
    expect(zAll.status).toBe(201);
    const taken: Json[] = zAll.body.readings;
    expect(taken.map((z) => z.registerId).sort()).toEqual([benRegister, 'reg_c1'].sort());
    const zBen = taken.find((z) => z.registerId === benRegister)!;
    expect(zBen.figures).toMatchObject({ collections: 60_00, invoices: { count: 0 }, beginningOr: byBen.body.settlement.or_number });
    expect(zBen.zCounter).toBe(1);
    const second = await t.api('POST', '/api/v1/readings/z', { token: t.admin.token, body: { businessDate: today(), registerId: benRegister } });
    expect(second.status).toBe(409);

    const after = await t.api('GET', `/api/v1/readings/day?businessDate=${today()}`, { token: t.admin.token });
    expect(after.body.registers.every((r: Json) => r.z !== null || r.figures.receiptCount === 0)).toBe(true);
    expect(after.body.totals.collections).toBe(taken.reduce((s, z) => s + z.figures.collections, 0));
    expect(after.body.grandTotal.present).toBe(taken.reduce((s, z) => s + z.grandTotal.present, 0));
  });
});

describe('the BIR setup gate', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ birSetup: false });
  });
  afterAll(() => t.close());

  it('a bare store lists what is missing, refuses an SI and a Z (422 setup_incomplete), and works once set up', async () => {
    const sales = await t.staff('sales', 'desk-ana');
    const setup = await t.api('GET', '/api/v1/setup', { token: sales.token });
    expect(setup.status).toBe(200);
    expect(setup.body.ready).toBe(false);
    expect(setup.body.missing.map((m: Json) => m.field).sort()).toEqual(['address', 'min', 'registeredName', 'serialNo', 'tin']);
    const customerId = await t.customer(sales.token, 'Walk-in');
    const refused = await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(100_00)] } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('setup_incomplete');
    expect(refused.body.error.details.missing).toHaveLength(5);
    const z = await t.api('POST', '/api/v1/readings/z', { token: t.admin.token, body: { businessDate: today() } });
    expect(z.status).toBe(422);

    expect((await t.api('PUT', '/api/v1/receipt-settings', { token: t.admin.token, body: TEST_BIR })).status).toBe(200);
    const half = await t.api('GET', '/api/v1/setup', { token: t.admin.token });
    expect(half.body.missing).toEqual([
      expect.objectContaining({ field: 'min', registerCode: 'C1' }),
      expect.objectContaining({ field: 'serialNo', registerCode: 'C1' }),
    ]);
    expect((await t.api('PATCH', '/api/v1/registers/reg_c1', { token: t.admin.token, body: { min: '24031512345678', serialNo: 'KHR-0001' } })).status).toBe(200);
    expect((await t.api('GET', '/api/v1/setup', { token: t.admin.token })).body).toEqual({ ready: true, missing: [] });
    const ok = await t.api('POST', '/api/v1/transactions', { token: sales.token, body: { customerId, lines: [line(100_00)] } });
    expect(ok.status).toBe(201);
    expect(ok.body.transaction.invoice.number).toBe('SI-STORE01-00000001');
  });
});
