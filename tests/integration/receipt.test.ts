import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReceiptText, toEscPos } from '../../src/main/receipts/escpos.js';
import { HtmlPrinter } from '../../src/main/receipts/printer.js';
import { renderReadingHtml } from '../../src/main/receipts/reading-html.js';
import { buildReceipt } from '../../src/main/receipts/receipt-data.js';
import { renderReceiptHtml } from '../../src/main/receipts/receipt-html.js';
import { readReceiptSettings } from '../../src/main/receipts/settings.js';
import type { Reading } from '../../src/shared/readings.js';
import { ADMIN, CASHIER, dayStore, sell } from './support/day-fixtures.js';

// Receipts and readings rendered as a person gets them: HTML, PDF and PNG through a real
// Chromium, plain text for a thermal printer. Artifacts land in artifacts/receipts/.

const OUT = join(process.cwd(), 'artifacts', 'receipts');
const day = dayStore();
const { store } = day;
const printer = new HtmlPrinter();
const ids: Record<string, string> = {};
let x: Reading;
let z: Reading;

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
  day.at('2026-03-02', '08:00');
  const shift = store.shifts.open({ counter: 'C1', openingFloat: 2_000_00 }, CASHIER);
  day.at('2026-03-02', '09:05');
  ids.cash = sell(
    store,
    CASHIER,
    [
      { description: 'LPG regulator with hose', quantity: 2, unitPrice: 560_00 },
      { description: 'Rice 10 kg (VAT-exempt)', quantity: 1, unitPrice: 500_00, vatCategory: 'exempt' },
      { description: 'Sardines 155 g', quantity: 3, unitPrice: 99_99, promoDiscount: 50_00 },
    ],
    { method: 'cash', tendered: 2_000_00 },
  ).settlement.id;
  day.at('2026-03-02', '10:00');
  ids.senior = sell(store, CASHIER, [{ description: 'Maintenance medicine', quantity: 1, unitPrice: 1_120_00 }], { method: 'cash' }, {
    discount: { kind: 'senior', holderName: 'Remedios Lim', idNumber: 'SC-MNL-0042' },
  }).settlement.id;
  day.at('2026-03-02', '11:00');
  ids.partial = sell(store, CASHIER, [{ description: 'Paint, 4 L, white', quantity: 1, unitPrice: 1_000_00 }], { method: 'gcash', reference: 'GC-1234' }, { amount: 400_00 }).settlement.id;
  ids.voided = sell(store, CASHIER, [{ description: 'Wrong item', quantity: 1, unitPrice: 336_00 }], { method: 'cash' }).settlement.id;
  store.settlements.void(ids.voided, { reason: 'wrong item rung up' }, ADMIN);
  store.settlements.reprint(ids.cash, CASHIER);
  day.at('2026-03-02', '14:00');
  x = store.readings.x({ shiftId: shift.id }, ADMIN);
  day.at('2026-03-02', '17:00');
  store.shifts.close(shift.id, { countedCash: 3_000_00 }, CASHIER);
  day.at('2026-03-02', '21:00');
  z = store.readings.z({ businessDate: '2026-03-02' }, ADMIN);
});

afterAll(async () => {
  await printer.close();
  day.cleanup();
});

async function save(name: string, html: string) {
  writeFileSync(join(OUT, `${name}.html`), html);
  const pdf = await printer.pdf(html);
  const png = await printer.png(html);
  writeFileSync(join(OUT, `${name}.pdf`), pdf);
  writeFileSync(join(OUT, `${name}.png`), png);
  return { pdf, png };
}

function pngSize(png: Buffer) {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('receipts', () => {
  it('a cash sale: header, lines with VAT marks, tender and change, VAT breakdown; PDF and PNG', async () => {
    const html = renderReceiptHtml(buildReceipt(store, ids.cash!));
    // Paid whole at once: one document, the sale's Sales Invoice showing the payment.
    for (const s of ['Tindahan ni Aling Nena', 'VAT REG TIN: 123-456-789-00000', 'MIN 24031512345678', 'SN KHR-0001', 'SALES INVOICE', 'SI No.', 'SI-MNL01-00000001', '2026-03-02 09:05', 'Ana Cruz', '2,000.00', '1,120.00 V', '500.00 E', '-50.00']) {
      expect(html).toContain(s);
    }
    // 1,120 + 500 + 249.97 = 1,869.97; VAT = 120 + 26.78; VATable = 1,000 + 223.19
    expect(html).toMatch(/VATable Sales<\/td><td class="r">1,223\.19/);
    expect(html).toMatch(/VAT \(12%\)<\/td><td class="r">146\.78/);
    expect(html).toMatch(/Change<\/td><td class="r">130\.03/);
    expect(html).not.toContain('REPRINT');
    const { pdf, png } = await save('receipt-cash', html);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    const size = pngSize(png);
    expect(size.width).toBeGreaterThan(550); // 80 mm at 2×
    expect(size.height).toBeGreaterThan(size.width);
  });

  it('a senior citizen receipt shows the exempt sale, the 20% and the holder’s ID with a signature line', async () => {
    const html = renderReceiptHtml(buildReceipt(store, ids.senior!));
    expect(html).toMatch(/VAT-Exempt Sales<\/td><td class="r">1,000\.00/);
    expect(html).toMatch(/Less SC Discount \(20%\)<\/td><td class="r">200\.00/);
    expect(html).toMatch(/AMOUNT PAID<\/td><td class="r">₱800\.00/);
    expect(html).toContain('OSCA ID No.: SC-MNL-0042');
    expect(html).toContain('Signature');
    await save('receipt-senior', html);
  });

  it('a reprint says REPRINT, a void says VOID, a part payment says how much was applied', async () => {
    const reprint = renderReceiptHtml(buildReceipt(store, ids.cash!, { reprint: true }));
    expect(reprint).toContain('<div class="banner">REPRINT</div>');
    expect(reprint).toContain('Reprint no. 1');
    const voided = renderReceiptHtml(buildReceipt(store, ids.voided!));
    expect(voided).toContain('<div class="banner">VOID</div>');
    expect(voided).toContain('wrong item rung up');
    const partial = renderReceiptHtml(buildReceipt(store, ids.partial!));
    expect(partial).toMatch(/400\.00 of 1,000\.00/);
    // A part payment is a collection receipt: the sale's VAT is on its invoice, not repeated here.
    expect(partial).toContain('COLLECTION RECEIPT');
    expect(partial).toContain('OR-MNL01-00000001');
    expect(partial).not.toMatch(/VAT \(12%\)<\/td><td class="r">42\.86/);
    await save('receipt-reprint', reprint);
    await save('receipt-void', voided);
  });

  it('a collection receipt under EOPT says it is not valid for claim of input tax, whatever the old document setting says', () => {
    store.write(() => store.q.settings.set('receipt.documentType', JSON.stringify('OR')));
    const asSi = renderReceiptHtml(buildReceipt(store, ids.cash!));
    const html = renderReceiptHtml(buildReceipt(store, ids.partial!));
    store.write(() => store.q.settings.set('receipt.documentType', JSON.stringify('SI')));
    // The document follows its type (an SI is never an OR), not the store-wide setting.
    expect(asSi).toContain('SALES INVOICE');
    expect(html).toContain('COLLECTION RECEIPT');
    expect(html).toContain('OR No.');
    expect(html).toContain('NOT VALID FOR CLAIM OF INPUT TAX');
  });

  it('prints as text columns for 58 and 80 mm thermal printers, and as ESC/POS bytes', () => {
    const receipt = buildReceipt(store, ids.senior!);
    for (const [width, cols] of [['58', 32], ['80', 48]] as const) {
      const text = renderReceiptText(receipt, width);
      writeFileSync(join(OUT, `receipt-senior-${width}mm.txt`), text);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(cols);
      expect(text).toMatch(/VAT-Exempt Sales +1,000\.00/);
      expect(text).toContain('SC-MNL-0042');
    }
    const bytes = toEscPos(renderReceiptText(receipt, '58'));
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect([...bytes.subarray(-3)]).toEqual([0x1d, 0x56, 0x01]);
  });
});

describe('readings', () => {
  it('X- and Z-readings render with their figures; PDF and PNG', async () => {
    const settings = readReceiptSettings(store.q.settings, store.storeId);
    const { tzOffsetMinutes, ...header } = settings;
    const names = { [CASHIER.id]: 'Ana Cruz', [ADMIN.id]: 'Aling Nena' };
    const xHtml = renderReadingHtml(x, { ...header, storeId: store.storeId }, tzOffsetMinutes, names);
    expect(xHtml).toContain('X-READING');
    expect(xHtml).toContain('Ana Cruz');
    expect(xHtml).toMatch(/EXPECTED CASH<\/td><td class="r">/);
    const zHtml = renderReadingHtml(z, { ...header, storeId: store.storeId }, tzOffsetMinutes, names);
    expect(zHtml).toContain('Z-READING');
    expect(zHtml).toMatch(/Present accumulated sales<\/td><td class="r">/);
    // Per register (RR 10-2015): its MIN and serial, its SI and OR ranges, voids and returns, the VAT adjustment split.
    expect(zHtml).toMatch(/MIN<\/td><td class="r">MIN 24031512345678/);
    expect(zHtml).toMatch(/Beginning SI No\.<\/td><td class="r">SI-MNL01-00000001/);
    expect(zHtml).toMatch(/Beginning OR No\.<\/td><td class="r">OR-MNL01-00000001/);
    expect(zHtml).toMatch(/VAT ADJUSTMENT: SC<\/td><td class="r">120\.00/);
    expect(zHtml).toContain('Beginning / ending void No.');
    expect(zHtml).toContain(`Z counter</td><td class="r">1`);
    expect(z.kind === 'z' && z.figures.vatExemptSales).toBe(1_500_00);
    await save('x-reading', xHtml);
    const { pdf } = await save('z-reading', zHtml);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
