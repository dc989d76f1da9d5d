import { describe, expect, it } from 'vitest';
import type { ReceiptData } from '../../shared/receipts.js';
import { renderReceiptText, toEscPos } from './escpos.js';
import { renderReceiptHtml } from './receipt-html.js';

// Stored text (from before the schemas refused control characters, or written some other
// way) must not be able to send printer commands or reorder what a receipt shows.
const HOSTILE = 'Juan\u001b@\u001dV\u0001\r\u0008\u202e00.0001\u0085\ud800 Cruz\nX';

function receipt(name: string): ReceiptData {
  const tax = { gross: 100_00, vatableSales: 89_29, vatAmount: 10_71, vatExemptSales: 0, zeroRatedSales: 0, discountKind: null, discountAmount: 0, vatAdjustment: 0 };
  return {
    settlementId: 'stl_1',
    transactionId: 'txn_1',
    documentType: 'SI',
    title: 'SALES INVOICE',
    notice: name,
    number: 'SI-000001',
    register: { code: 'C1', name, min: name, serialNo: name, ptuNo: name, ptuDate: name },
    buyer: { name, address: name, tin: name },
    issuedAt: '2026-03-02T01:05:00.000Z',
    tzOffsetMinutes: 480,
    store: {
      storeId: 'MNL01',
      storeName: name,
      registeredName: name,
      tin: '123-456-789-00000',
      address: name,
      documentType: 'SI',
      machineId: 'MIN1',
      serialNumber: 'SN1',
      permitNumber: 'PTU1',
      vatRegistered: true,
      footer: name,
    },
    cashier: { id: 'usr_1', name },
    customer: { id: 'cus_1', name },
    transactions: [{ id: 'txn_1', total: 100_00, applied: 100_00, balanceAfter: 0, invoiceNumber: name, lines: [{ description: name, quantity: 1, unitPrice: 100_00, amount: 100_00, vatCategory: 'vatable', tax }] }],
    vat: { amount: 100_00, gross: 100_00, vatableSales: 89_29, vatAmount: 10_71, vatExemptSales: 0, zeroRatedSales: 0, seniorDiscount: 0, pwdDiscount: 0, promoDiscount: 0, vatAdjustment: 0 },
    amount: 100_00,
    tender: { method: 'card', reference: name, tendered: null },
    change: 0,
    creditKept: 0,
    creditUsed: 0,
    discounts: [{ kind: 'senior', holderName: name, idNumber: name }],
    status: 'void',
    voidedAt: '2026-03-02T02:00:00.000Z',
    voidReason: name,
    reprint: false,
    reprintCount: 0,
    refunds: [],
  };
}

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/u; // eslint-disable-line no-control-regex -- what must not appear

describe('receipts never pass user bytes through raw', () => {
  it('text receipt: no control character, bidi override or lone surrogate from any field', () => {
    for (const width of ['58', '80'] as const) {
      const text = renderReceiptText(receipt(HOSTILE), width);
      expect(text).not.toMatch(UNSAFE);
      expect(text).toContain('Juan@V');
      // a line feed inside a name does not start a line of its own
      expect(text.split('\n').some((l) => l.trim() === 'X')).toBe(false);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(width === '58' ? 32 : 48);
    }
  });

  it('ESC/POS bytes: the only commands are the printer init, the feed and the cut', () => {
    const bytes = toEscPos(renderReceiptText(receipt(HOSTILE), '58'));
    const body = bytes.subarray(2, bytes.length - 6);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect([...bytes.subarray(-6)]).toEqual([0x1b, 0x64, 0x04, 0x1d, 0x56, 0x01]);
    for (const b of body) expect(b === 0x0a || (b >= 0x20 && b <= 0x7e)).toBe(true);
  });

  it('HTML receipt: the same characters are gone from the document', () => {
    const html = renderReceiptHtml(receipt(HOSTILE));
    expect(html).not.toMatch(UNSAFE);
    expect(html).toContain('Juan@V');
  });
});
