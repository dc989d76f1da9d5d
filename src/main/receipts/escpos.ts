import type { ReceiptData } from '../../shared/receipts.js';
import { buyerRows, documentNotices, headerLines, invoiceTotal, numberLabel, paymentRows, showsVat } from '../../core/receipt-layout.js';
import { amount, lineDiscountLabel, localTime, printable, TENDER_LABELS, vatMark, vatSummaryRows } from './format.js';

/** Characters per line: 58 mm rolls print 32 columns of font A, 80 mm rolls 48. */
export const COLUMNS = { '58': 32, '80': 48 } as const;

/**
 * The receipt as plain text columns for a thermal printer (58 or 80 mm). Amounts carry no
 * peso sign: most printer code pages have no ₱. Every string reaches a line through
 * `wrap` or `lr`, which pass it through `printable`: a stored name cannot carry a printer
 * command, a carriage return or a bidi override into the text.
 */
export function renderReceiptText(r: ReceiptData, width: keyof typeof COLUMNS = '80'): string {
  const w = COLUMNS[width];
  const out: string[] = [];
  const center = (s: string) => wrap(s, w).forEach((l) => out.push(' '.repeat(Math.max(0, Math.floor((w - l.length) / 2))) + l));
  const lr = (l: string, raw: string) => {
    const v = printable(raw);
    // A long value (a buyer's address) goes under its label, wrapped, rather than off the paper.
    if (v.length > w - 8) {
      wrap(l, w).forEach((x) => out.push(x));
      wrap(v, w - 2).forEach((x) => out.push(`  ${x}`));
      return;
    }
    const room = w - v.length - 1;
    // Keep a label's indent ("  less SC 20%"): wrap() splits on whitespace.
    const indent = /^ */.exec(l)?.[0] ?? '';
    const left = wrap(l, Math.max(1, room - indent.length)).map((x, i) => (i === 0 ? indent + x : x));
    left.slice(0, -1).forEach((x) => out.push(x));
    const last = left[left.length - 1] ?? '';
    out.push(last + ' '.repeat(Math.max(1, w - last.length - v.length)) + v);
  };
  const rule = () => out.push('-'.repeat(w));
  const tz = r.tzOffsetMinutes;
  if (r.status === 'void') center('*** VOID ***');
  if (r.reprint) center('*** REPRINT ***');
  for (const l of headerLines(r.store, r.register)) center(l.text);
  rule();
  center(r.title);
  for (const n of documentNotices(r)) center(n);
  lr(numberLabel(r.documentType), r.number);
  lr('Date', localTime(r.issuedAt, tz));
  if (r.register) lr('Register', `${r.register.code} ${r.register.name}`.trim());
  lr('Cashier', r.cashier.name);
  lr('Customer', r.customer.name);
  for (const [label, value] of buyerRows(r)) lr(label, value);
  rule();
  for (const t of r.transactions) {
    for (const l of t.lines) {
      wrap(l.description, w).forEach((x) => out.push(x));
      lr(`  ${l.quantity} x ${amount(l.unitPrice)}`, r.store.vatRegistered ? `${amount(l.tax.gross)} ${vatMark(l.tax, l.vatCategory)}` : amount(l.tax.gross));
      if (l.tax.vatAdjustment > 0) lr('  less VAT (exempt)', `-${amount(l.tax.vatAdjustment)}`);
      if (l.tax.discountKind && l.tax.discountAmount > 0) lr(`  less ${lineDiscountLabel(l.tax.discountKind, l.discount?.sharedBy)}`, `-${amount(l.tax.discountAmount)}`);
    }
    // A part payment's "of total" goes on a line of its own: beside an SI number it would not fit 32 columns.
    for (const p of paymentRows(r, t)) {
      lr(p.detail ? `  ${p.label}` : p.label, amount(p.value));
      if (p.of !== undefined) lr('  of sale total', amount(p.of));
    }
  }
  rule();
  if (r.documentType === 'SI') lr('TOTAL AMOUNT DUE', amount(invoiceTotal(r)));
  if (r.tender) {
    lr('AMOUNT PAID', amount(r.amount));
    lr(TENDER_LABELS[r.tender.method] ?? r.tender.method, amount(r.tender.tendered ?? r.amount));
    if (r.tender.reference) lr('  Ref.', r.tender.reference);
    if (r.tender.method === 'cash') lr('Change', amount(r.change));
    if (r.creditUsed > 0) lr('Deposit applied', amount(r.creditUsed));
    if (r.creditKept > 0) lr('Kept as deposit', amount(r.creditKept));
  }
  if (showsVat(r)) {
    rule();
    for (const [label, value] of vatSummaryRows(r.vat, r.store.vatRegistered)) lr(label.replace(' (20%)', ''), amount(value));
  }
  for (const d of r.discounts) {
    rule();
    lr(d.kind === 'senior' ? 'Senior Citizen' : 'PWD', d.holderName);
    lr('ID No.', d.idNumber);
    out.push('', `Signature: ${'_'.repeat(Math.max(4, w - 11))}`);
  }
  if (r.refunds.length) {
    rule();
    for (const f of r.refunds) lr(`Refunded ${localTime(f.createdAt, tz)}`, `-${amount(f.amount)}`);
  }
  if (r.status === 'void') {
    rule();
    wrap(`VOIDED ${localTime(r.voidedAt ?? r.issuedAt, tz)}: ${r.voidReason ?? ''}`, w).forEach((x) => out.push(x));
  }
  if (r.reprint) center(`Reprint no. ${r.reprintCount} of ${r.number}`);
  rule();
  if (r.store.footer) center(r.store.footer);
  return `${out.join('\n')}\n`;
}

/**
 * ESC/POS bytes: initialise, the text (₱ as "P"), feed and a partial cut. Only printable
 * ASCII and line feeds of the text reach the printer, so the only commands in the bytes
 * are the three written here, whatever the text holds.
 */
export function toEscPos(text: string): Buffer {
  const body = Buffer.from(text.replace(/₱/g, 'P').replace(/[^\x20-\x7e\n]/g, '?'), 'ascii');
  return Buffer.concat([Buffer.from([0x1b, 0x40]), body, Buffer.from([0x1b, 0x64, 0x04, 0x1d, 0x56, 0x01])]);
}

function wrap(s: string, width: number): string[] {
  const words = printable(s).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (const word of words) {
    for (let w = word; w.length > 0; w = w.slice(width)) {
      const piece = w.slice(0, width);
      if (cur.length === 0) cur = piece;
      else if (cur.length + 1 + piece.length <= width) cur += ` ${piece}`;
      else {
        lines.push(cur);
        cur = piece;
      }
      if (w.length <= width) break;
    }
  }
  if (cur) lines.push(cur);
  return lines.length ? lines : [''];
}
