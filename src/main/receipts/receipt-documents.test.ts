import { describe, expect, it } from 'vitest';
import type { ReceiptData } from '../../shared/receipts.js';
import { renderReceiptText } from './escpos.js';
import { renderReceiptHtml } from './receipt-html.js';

const NOT_FOR_INPUT_TAX = 'THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX.';
const ZERO_VAT = { amount: 0, gross: 0, vatableSales: 0, vatAmount: 0, vatExemptSales: 0, zeroRatedSales: 0, seniorDiscount: 0, pwdDiscount: 0, promoDiscount: 0, vatAdjustment: 0 };

/** A ₱1,120 vatable sale plus a ₱500 senior line (₱400 after 20% of the VAT-exempt price), as the hub would send it. */
function invoice(over: Partial<ReceiptData> = {}): ReceiptData {
  const vatable = { gross: 1_120_00, vatableSales: 1_000_00, vatAmount: 120_00, vatExemptSales: 0, zeroRatedSales: 0, discountKind: null, discountAmount: 0, vatAdjustment: 0 };
  const senior = { gross: 560_00, vatableSales: 0, vatAmount: 0, vatExemptSales: 500_00, zeroRatedSales: 0, discountKind: 'senior' as const, discountAmount: 100_00, vatAdjustment: 60_00 };
  return {
    settlementId: 'stl_paid',
    transactionId: 'txn_0000abc123',
    documentType: 'SI',
    title: 'SALES INVOICE',
    notice: null,
    number: 'SI-MNL01-00000007',
    register: { code: 'C1', name: 'Front counter', min: '24031512345678', serialNo: 'KHR-0001', ptuNo: 'FP012024-123-0000001-00000', ptuDate: '2024-01-15' },
    buyer: { name: 'Dela Cruz Trading Corp.', address: '12 Rizal Ave, Manila', tin: '987-654-321-00000' },
    issuedAt: '2026-03-02T01:05:00.000Z',
    tzOffsetMinutes: 480,
    store: {
      storeId: 'MNL01',
      storeName: 'Tindahan ni Aling Nena',
      registeredName: 'Nena Santos',
      tin: '123-456-789-00000',
      address: '1 Mabini St, Manila',
      documentType: 'SI',
      machineId: 'STORE-WIDE-MIN',
      serialNumber: 'STORE-WIDE-SN',
      permitNumber: 'STORE-PTU',
      vatRegistered: true,
      footer: 'Salamat po!',
    },
    cashier: { id: 'usr_1', name: 'Ana Cruz' },
    customer: { id: 'cus_1', name: 'Dela Cruz Trading' },
    transactions: [
      {
        id: 'txn_0000abc123',
        total: 1_520_00,
        applied: 1_520_00,
        balanceAfter: 0,
        invoiceNumber: 'SI-MNL01-00000007',
        lines: [
          { description: 'Printing, 100 pages', quantity: 1, unitPrice: 1_120_00, amount: 1_120_00, vatCategory: 'vatable', tax: vatable },
          { description: 'Lunch set (senior)', quantity: 1, unitPrice: 560_00, amount: 400_00, vatCategory: 'vatable', tax: senior, discount: { kind: 'senior', holderName: 'Lola Ising', idNumber: 'SC-0042' } },
        ],
      },
    ],
    vat: { amount: 1_520_00, gross: 1_680_00, vatableSales: 1_000_00, vatAmount: 120_00, vatExemptSales: 500_00, zeroRatedSales: 0, seniorDiscount: 100_00, pwdDiscount: 0, promoDiscount: 0, vatAdjustment: 60_00 },
    amount: 1_520_00,
    tender: { method: 'cash', reference: null, tendered: 2_000_00 },
    change: 480_00,
    creditKept: 0,
    creditUsed: 0,
    discounts: [{ kind: 'senior', holderName: 'Lola Ising', idNumber: 'SC-0042' }],
    status: 'posted',
    voidedAt: null,
    voidReason: null,
    reprint: false,
    reprintCount: 0,
    refunds: [],
    ...over,
  };
}

/** A ₱500 part payment against that invoice, on C2: a collection receipt with no VAT of its own. */
function collection(over: Partial<ReceiptData> = {}): ReceiptData {
  const base = invoice();
  return invoice({
    settlementId: 'stl_part',
    transactionId: null,
    documentType: 'OR',
    title: 'COLLECTION RECEIPT',
    notice: NOT_FOR_INPUT_TAX,
    number: 'OR-MNL01-C2-00000003',
    register: { code: 'C2', name: 'Side counter', min: 'MIN-C2', serialNo: 'SN-C2', ptuNo: null, ptuDate: null },
    transactions: [{ ...base.transactions[0]!, applied: 500_00, balanceAfter: 1_020_00 }],
    vat: ZERO_VAT,
    amount: 500_00,
    tender: { method: 'gcash', reference: 'GC-778899', tendered: null },
    change: 0,
    ...over,
  });
}

/** The document's visible text, tags gone, so order and wording can be asserted as a reader sees them. */
function visible(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<title>[\s\S]*?<\/title>/, '')
    .replace(/<\/(td|div|tr)>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)))
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');
}

const renderers = {
  html: (r: ReceiptData) => visible(renderReceiptHtml(r)),
  'text 58 mm': (r: ReceiptData) => renderReceiptText(r, '58').replace(/\s+/g, ' '),
  'text 80 mm': (r: ReceiptData) => renderReceiptText(r, '80').replace(/\s+/g, ' '),
};

describe.each(Object.entries(renderers))('receipt documents (%s)', (_name, render) => {
  it('a sale paid in full prints one Sales Invoice: buyer, the register’s MIN/serial/PTU, total, payment and VAT', () => {
    const out = render(invoice());
    expect(out).toContain('SALES INVOICE');
    expect(out).toMatch(/SI No\. +SI-MNL01-00000007/);
    expect(out).toContain('VAT REG TIN: 123-456-789-00000');
    // The machine's own MIN and serial (RR 10-2015), not the store-wide fallback.
    expect(out).toContain('MIN: 24031512345678');
    expect(out).toContain('S/N: KHR-0001');
    expect(out).toContain('FP012024-123-0000001-00000');
    expect(out).not.toContain('STORE-WIDE-MIN');
    expect(out).toMatch(/Sold to +Dela Cruz Trading Corp\./);
    expect(out).toMatch(/Address +12 Rizal Ave, Manila/);
    expect(out).toMatch(/TIN +987-654-321-00000/);
    expect(out).toMatch(/TOTAL AMOUNT DUE +₱?1,520\.00/);
    expect(out).toMatch(/AMOUNT PAID +₱?1,520\.00/);
    expect(out).toMatch(/Change +480\.00/);
    expect(out).toMatch(/VATable Sales +1,000\.00/);
    expect(out).toMatch(/VAT-Exempt Sales +500\.00/);
    expect(out).toContain('SC-0042');
    expect(out).not.toContain('COLLECTION RECEIPT');
    expect(out).not.toContain('Payment for');
    expect(out).not.toContain('NOT VALID FOR CLAIM OF INPUT TAX');
    expect(out).not.toContain('REPRINT');
  });

  it('an invoice printed before any payment has no tender lines, says what is due and still shows the VAT', () => {
    const out = render(invoice({ settlementId: null, tender: null, amount: 0, change: 0, transactions: [{ ...invoice().transactions[0]!, applied: 0, balanceAfter: 1_520_00 }] }));
    expect(out).toContain('SALES INVOICE');
    expect(out).toMatch(/TOTAL AMOUNT DUE +₱?1,520\.00/);
    expect(out).toMatch(/Balance due +1,520\.00/);
    expect(out).not.toContain('AMOUNT PAID');
    expect(out).not.toContain('Change');
    expect(out).not.toMatch(/\bCash\b/);
    expect(out).toMatch(/VAT \(12%\) +120\.00/);
  });

  it('a collection receipt: its title and notice under it, the invoice it collects, the balance after, no VAT or buyer block', () => {
    const out = render(collection());
    expect(out).toContain('COLLECTION RECEIPT');
    expect(out).not.toContain('SALES INVOICE');
    expect(out).not.toContain('OFFICIAL RECEIPT');
    // The notice sits right under the title and is printed once.
    const title = out.indexOf('COLLECTION RECEIPT');
    const notice = out.indexOf('THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX');
    expect(notice).toBeGreaterThan(title);
    expect(notice).toBeLessThan(out.indexOf('OR No.'));
    expect(out.split('NOT VALID FOR CLAIM OF INPUT TAX')).toHaveLength(2);
    expect(out).toMatch(/OR No\. +OR-MNL01-C2-00000003/);
    expect(out).toContain('MIN: MIN-C2');
    // C2 has no PTU of its own: the store-wide permit is not printed as if it were C2's.
    expect(out).not.toContain('STORE-PTU');
    expect(out).toMatch(/Payment for SI-MNL01-00000007 +500\.00/);
    expect(out).toMatch(/Balance after +1,020\.00/);
    expect(out).toMatch(/AMOUNT PAID +₱?500\.00/);
    expect(out).toContain('GC-778899');
    expect(out).not.toContain('TOTAL AMOUNT DUE');
    expect(out).not.toContain('VATable Sales');
    expect(out).not.toContain('Sold to');
  });

  it('a collection receipt of a sale written before invoices names the sale and prints this payment’s VAT share', () => {
    const share = { ...ZERO_VAT, amount: 400_00, gross: 400_00, vatableSales: 357_14, vatAmount: 42_86 };
    const out = render(collection({ vat: share, transactions: [{ ...collection().transactions[0]!, invoiceNumber: null }] }));
    expect(out).toMatch(/Payment for #ABC123 +500\.00/);
    expect(out).toMatch(/VAT \(12%\) +42\.86/);
  });

  it('a non-VAT store prints NON-VAT REG TIN and the input-tax note, and no VAT figures', () => {
    const r = invoice();
    const out = render({ ...r, store: { ...r.store, vatRegistered: false } });
    expect(out).toContain('NON-VAT REG TIN: 123-456-789-00000');
    expect(out).toContain('THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX');
    expect(out).not.toContain('VAT (12%)');
    expect(out).toMatch(/Sales \(non-VAT\) +1,620\.00/);
  });

  it('a reprint is marked REPRINT with its count; without a register the store-wide MIN and serial print', () => {
    const out = render(invoice({ reprint: true, reprintCount: 2, register: null }));
    expect(out).toContain('REPRINT');
    expect(out).toContain('Reprint no. 2 of SI-MNL01-00000007');
    expect(out).toContain('MIN: STORE-WIDE-MIN');
    expect(out).toContain('S/N: STORE-WIDE-SN');
    expect(out).toContain('STORE-PTU');
  });
});

describe('thermal text', () => {
  it('a long buyer address wraps inside the roll instead of running off it', () => {
    const address = 'Unit 2304, Tower Two, The Enterprise Center, 6766 Ayala Avenue corner Paseo de Roxas, Makati City 1226';
    for (const [width, cols] of [['58', 32], ['80', 48]] as const) {
      const text = renderReceiptText(invoice({ buyer: { name: 'Dela Cruz Trading Corp.', address, tin: '987-654-321-00000' } }), width);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(cols);
      expect(text.replace(/\s+/g, ' ')).toContain('Makati City 1226');
    }
  });
});
