import type { ReceiptData } from '../shared/receipts.js';

/**
 * What a receipt shows, decided once so the printed HTML, the thermal text and the
 * cashier's on-screen receipt cannot drift apart: the header lines, the notices under
 * the title, the buyer block, each transaction's payment rows and whether the VAT
 * breakdown is printed. Pure: amounts stay centavos, each renderer formats them.
 */

/** EOPT: what a collection receipt, and any document of a non-VAT seller, must say. */
export const NOT_VALID_FOR_INPUT_TAX = 'THIS DOCUMENT IS NOT VALID FOR CLAIM OF INPUT TAX.';

/** The BIR's words for the document number label. */
export function numberLabel(documentType: 'OR' | 'SI'): string {
  return documentType === 'OR' ? 'OR No.' : 'SI No.';
}

/** The sale's reference as the job-order slip and the screens show it (job-order.ts jobOrderReference; importing it would make a cycle through escpos.ts). */
function saleReference(transactionId: string): string {
  return transactionId.slice(-6).toUpperCase();
}

export interface HeaderLine {
  text: string;
  style: 'big' | 'plain' | 'muted';
}

type Register = ReceiptData['register'];

/**
 * The seller's header (RR 10-2015 / RR 16-2018): trade name, registered name, address,
 * "VAT REG TIN" or "NON-VAT REG TIN", and the machine's MIN, serial number and PTU. The
 * MIN and serial are the register's (one per machine); a document or reading without a
 * register (written before registers existed) prints the store-wide ones.
 */
export function headerLines(store: ReceiptData['store'], register: Register): HeaderLine[] {
  const tinLabel = store.vatRegistered ? 'VAT REG TIN' : 'NON-VAT REG TIN';
  // A register's empty field stays empty: another machine's number would be a false statement.
  const min = (register ? register.min : store.machineId) || '—';
  const serial = (register ? register.serialNo : store.serialNumber) || '—';
  const ptu = register ? register.ptuNo : store.permitNumber;
  const lines: HeaderLine[] = [{ text: store.storeName, style: 'big' }];
  if (store.registeredName) lines.push({ text: store.registeredName, style: 'plain' });
  if (store.address) lines.push({ text: store.address, style: 'plain' });
  lines.push({ text: `${tinLabel}: ${store.tin || '—'}`, style: 'plain' });
  lines.push({ text: `MIN: ${min}`, style: 'muted' }, { text: `S/N: ${serial}`, style: 'muted' });
  if (ptu) lines.push({ text: `PTU No.: ${ptu}${register?.ptuDate ? ` (${register.ptuDate})` : ''}`, style: 'muted' });
  return lines;
}

/**
 * Printed under the title: the hub's notice (a collection receipt is "not valid for claim
 * of input tax") and, for a non-VAT store or an old-style OR without one, the same words
 * (EOPT: no input tax can be claimed on it). Each sentence once.
 */
export function documentNotices(r: Pick<ReceiptData, 'notice' | 'documentType' | 'store'>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const fallback = r.documentType === 'OR' || !r.store.vatRegistered ? NOT_VALID_FOR_INPUT_TAX : null;
  for (const n of [r.notice, fallback]) {
    const key = n?.trim().replace(/\.$/, '').toUpperCase();
    if (!n || !key || seen.has(key)) continue;
    seen.add(key);
    out.push(n.trim());
  }
  return out;
}

/** The buyer block of a Sales Invoice (RR 16-2018): Sold to, and address and TIN when given. */
export function buyerRows(r: Pick<ReceiptData, 'documentType' | 'buyer'>): [string, string][] {
  if (r.documentType !== 'SI' || !r.buyer) return [];
  const rows: [string, string][] = [['Sold to', r.buyer.name]];
  if (r.buyer.address) rows.push(['Address', r.buyer.address]);
  if (r.buyer.tin) rows.push(['TIN', r.buyer.tin]);
  return rows;
}

/** One row under a transaction's lines: a label and an amount, or "amount of total". */
export interface PaymentRow {
  label: string;
  value: number;
  /** Printed as "value of total" (a part payment). */
  of?: number;
  /** The row that says what the payment was for (printed bold). */
  lead?: boolean;
  /** Indented detail under the lead row. */
  detail?: boolean;
}

/**
 * A transaction's payment rows after its lines. A collection receipt names the invoice it
 * collects against ("Payment for SI-…"; before invoices, the sale's reference) and what the
 * sale still owes; an invoice says how much of it this payment covered when not all, and
 * the balance due when something is left.
 */
export function paymentRows(r: Pick<ReceiptData, 'documentType' | 'tender'>, t: ReceiptData['transactions'][number]): PaymentRow[] {
  const rows: PaymentRow[] = [];
  if (r.documentType === 'OR') {
    const part = t.applied !== t.total ? { of: t.total } : {};
    rows.push({ label: `Payment for ${t.invoiceNumber ?? `#${saleReference(t.id)}`}`, value: t.applied, lead: true, ...part });
    // Receipts issued before invoices recorded no balance after: nothing is made up for them.
    if (t.balanceAfter !== undefined) rows.push({ label: 'Balance after', value: t.balanceAfter, detail: true });
    return rows;
  }
  if (r.tender && t.applied !== t.total) rows.push({ label: `Applied to #${saleReference(t.id)}`, value: t.applied, of: t.total });
  if (t.balanceAfter !== undefined && t.balanceAfter > 0) rows.push({ label: r.tender ? 'Balance after' : 'Balance due', value: t.balanceAfter });
  return rows;
}

/** The invoice's total: what the sale(s) on it come to (an SI is for its sale, in full). */
export function invoiceTotal(r: Pick<ReceiptData, 'transactions'>): number {
  return r.transactions.reduce((s, t) => s + t.total, 0);
}

/**
 * Whether the VAT breakdown is printed: always on a Sales Invoice (the VAT is recognised
 * there); on a collection receipt only when it carries figures (a receipt of a sale written
 * before invoices: this payment's share). A collection receipt of an invoiced sale has none.
 */
export function showsVat(r: Pick<ReceiptData, 'documentType' | 'vat'>): boolean {
  if (r.documentType === 'SI') return true;
  const v = r.vat;
  return [v.vatableSales, v.vatAmount, v.vatExemptSales, v.zeroRatedSales, v.seniorDiscount, v.pwdDiscount, v.promoDiscount, v.vatAdjustment].some((x) => x !== 0);
}

/**
 * The VAT mark printed after a line: V (VATable), E (VAT-exempt), Z (zero-rated), by what the
 * line actually is — an SC/PWD line of a vatable item is a VAT-exempt sale.
 */
export function vatMark(tax: { vatableSales: number; vatAmount: number; vatExemptSales: number; zeroRatedSales: number }, category: string): string {
  if (tax.vatableSales + tax.vatAmount > 0) return 'V';
  if (tax.vatExemptSales > 0) return 'E';
  if (tax.zeroRatedSales > 0) return 'Z';
  return category === 'exempt' ? 'E' : category === 'zero_rated' ? 'Z' : 'V';
}

/** What a line's discount row says: promo, or SC/PWD 20% and, for a shared line, whose share. */
export function lineDiscountLabel(kind: 'senior' | 'pwd' | 'promo', sharedBy?: number): string {
  if (kind === 'promo') return 'promo';
  const label = `${kind === 'senior' ? 'SC' : 'PWD'} 20%`;
  return sharedBy && sharedBy > 1 ? `${label} (1/${sharedBy} share)` : label;
}

/**
 * The sales summary of a receipt. A VAT-registered store prints the VAT breakdown; a
 * non-VAT store computes no VAT (domain.md) and prints its sales and discounts only.
 */
export function vatSummaryRows(
  vat: { vatableSales: number; vatAmount: number; vatExemptSales: number; zeroRatedSales: number; seniorDiscount: number; pwdDiscount: number; promoDiscount: number },
  vatRegistered: boolean,
): [string, number][] {
  const rows: [string, number][] = vatRegistered
    ? [
        ['VATable Sales', vat.vatableSales],
        ['VAT (12%)', vat.vatAmount],
        ['VAT-Exempt Sales', vat.vatExemptSales],
        ['Zero-Rated Sales', vat.zeroRatedSales],
      ]
    : [['Sales (non-VAT)', vat.vatableSales + vat.vatAmount + vat.vatExemptSales + vat.zeroRatedSales]];
  if (vat.seniorDiscount) rows.push(['Less SC Discount (20%)', vat.seniorDiscount]);
  if (vat.pwdDiscount) rows.push(['Less PWD Discount (20%)', vat.pwdDiscount]);
  if (vat.promoDiscount) rows.push(['Promo Discount', vat.promoDiscount]);
  return rows;
}
