import { DomainError } from '../../core/errors.js';
import type { ReceiptSettings } from '../../shared/receipts.js';
import type { Transaction } from '../../shared/transactions.js';
import type { Store } from '../services/store.js';
import { COLUMNS, toEscPos } from './escpos.js';
import { amount, esc, lineDiscountLabel, localTime, peso, RECEIPT_CSS, row } from './format.js';
import { readReceiptSettings } from './settings.js';

/**
 * The job-order / claim slip a sales desk hands the customer when it writes a
 * transaction: what was ordered, what it comes to, when it is due, and the reference the
 * customer quotes at the cashier and when claiming. It is not a BIR document (no SI/OR
 * number, no VAT breakdown): it says so, so nobody mistakes it for a receipt.
 */
export interface JobOrderSlip {
  /** What the screens show as the transaction's reference (the last 6 of its id, upper case). */
  reference: string;
  transactionId: string;
  store: { name: string; address: string };
  customer: { name: string; phone: string | null };
  takenBy: string;
  createdAt: string;
  dueDate: string | null;
  notes: string | null;
  lines: {
    description: string;
    quantity: number;
    unitPrice: number;
    amount: number;
    /** Its price before discounts and the discount it got (a promo or an SC/PWD 20%), if any. */
    gross: number;
    discount: { kind: 'senior' | 'pwd' | 'promo'; amount: number; sharedBy?: number } | null;
  }[];
  /** SC/PWD holders (the whole sale's, then each line's): name, ID number and a signature line are printed. */
  holders: { kind: 'senior' | 'pwd'; holderName: string; idNumber: string }[];
  total: number;
  paid: number;
  balance: number;
  status: Transaction['payment_status'];
  tzOffsetMinutes: number;
}

/** The reference shown on screen and printed on the slip; keep in step with renderer shortId. */
export function jobOrderReference(transactionId: string): string {
  return transactionId.slice(-6).toUpperCase();
}

export function buildJobOrder(store: Store, transaction: Transaction, settings?: ReceiptSettings): JobOrderSlip {
  const s = settings ?? readReceiptSettings(store.q.settings, store.storeId);
  const customer = store.q.customers.get(transaction.customerId);
  if (!customer) throw new DomainError('not_found', 'No such customer.');
  const clerk = store.q.users.get(transaction.createdBy);
  return {
    reference: jobOrderReference(transaction.id),
    transactionId: transaction.id,
    store: { name: s.storeName, address: s.address },
    customer: { name: customer.name, phone: customer.phone },
    takenBy: clerk?.display_name ?? transaction.createdBy,
    createdAt: transaction.createdAt,
    dueDate: transaction.dueDate,
    notes: transaction.notes ?? null,
    lines: transaction.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      amount: l.amount,
      gross: l.tax?.gross ?? l.quantity * l.unitPrice,
      discount:
        l.tax?.discountKind && l.tax.discountAmount > 0
          ? { kind: l.tax.discountKind, amount: l.tax.discountAmount, ...(l.discount?.sharedBy ? { sharedBy: l.discount.sharedBy } : {}) }
          : null,
    })),
    holders: holdersOf(transaction),
    total: transaction.total_amount,
    paid: transaction.paid_amount,
    balance: transaction.balance_amount,
    status: transaction.payment_status,
    tzOffsetMinutes: s.tzOffsetMinutes,
  };
}

function holdersOf(t: Transaction): JobOrderSlip['holders'] {
  const out: JobOrderSlip['holders'] = [];
  for (const d of [t.discount, ...t.lines.map((l) => l.discount)]) {
    if (!d || out.some((h) => h.kind === d.kind && h.holderName === d.holderName && h.idNumber === d.idNumber)) continue;
    out.push({ kind: d.kind, holderName: d.holderName, idNumber: d.idNumber });
  }
  return out;
}

const holderTitle = (kind: 'senior' | 'pwd') => (kind === 'senior' ? 'Senior Citizen' : 'PWD');
const idTitle = (kind: 'senior' | 'pwd') => (kind === 'senior' ? 'OSCA ID No.' : 'PWD ID No.');

const NOT_A_RECEIPT = 'THIS IS NOT AN OFFICIAL RECEIPT OR INVOICE.';
const CLAIM_NOTE = 'Present this slip when you pay and when you claim your order.';

/** The slip as HTML for the window print (same paper and CSS as receipts). */
export function renderJobOrderHtml(j: JobOrderSlip): string {
  const lines = j.lines
    .map(
      (l) =>
        `<tr><td colspan="2">${esc(l.description)}</td></tr>${row(`  ${l.quantity} x ${amount(l.unitPrice)}`, amount(l.discount ? l.gross : l.amount))}` +
        (l.discount ? row(`  less ${lineDiscountLabel(l.discount.kind, l.discount.sharedBy)}${l.discount.kind === 'promo' ? '' : ', VAT-exempt'}`, amount(l.amount - l.gross), 'muted') : ''),
    )
    .join('');
  const holders = j.holders
    .map((h) => `<div>${holderTitle(h.kind)}: ${esc(h.holderName)}</div><div>${idTitle(h.kind)}: ${esc(h.idNumber)}</div><div class="sig">Signature</div>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Job order ${esc(j.reference)}</title><style>${RECEIPT_CSS}</style></head>
<body><div class="paper" data-job-order="${esc(j.reference)}">
${j.status === 'void' ? '<div class="banner">CANCELLED</div>' : ''}
<div class="c big">${esc(j.store.name)}</div>
${j.store.address ? `<div class="c">${esc(j.store.address)}</div>` : ''}
<hr>
<div class="c big">JOB ORDER / CLAIM SLIP</div>
<div class="banner" data-ref>${esc(j.reference)}</div>
<table>
${row('Date', localTime(j.createdAt, j.tzOffsetMinutes))}
${row('Customer', j.customer.name)}
${j.customer.phone ? row('Phone', j.customer.phone) : ''}
${row('Taken by', j.takenBy)}
${j.dueDate ? row('Due / claim on', j.dueDate, 'b') : ''}
</table>
<hr>
<table>${lines}</table>
<hr>
<table>
${row('TOTAL', peso(j.total), 'b')}
${j.paid > 0 ? row('Paid', peso(j.paid)) : ''}
${row('Balance due', peso(j.balance), 'b')}
</table>
${holders ? `<hr>${holders}` : ''}
${j.notes ? `<hr><div>Notes: ${esc(j.notes)}</div>` : ''}
<hr>
<div class="c">${esc(CLAIM_NOTE)}</div>
<div class="c b">${NOT_A_RECEIPT}</div>
<div class="c muted">${esc(j.transactionId)}</div>
</div></body></html>`;
}

/** The slip as text columns for a 58/80 mm thermal printer; no peso sign (code pages lack ₱). */
export function renderJobOrderText(j: JobOrderSlip, width: keyof typeof COLUMNS = '80'): string {
  const w = COLUMNS[width];
  const out: string[] = [];
  const center = (s: string) => wrap(s, w).forEach((l) => out.push(' '.repeat(Math.max(0, Math.floor((w - l.length) / 2))) + l));
  const lr = (label: string, value: string) => {
    const v = flat(value);
    const left = wrap(label, Math.max(1, w - v.length - 1));
    left.slice(0, -1).forEach((x) => out.push(x));
    const last = left[left.length - 1] ?? '';
    out.push(last + ' '.repeat(Math.max(1, w - last.length - v.length)) + v);
  };
  const rule = () => out.push('-'.repeat(w));
  if (j.status === 'void') center('*** CANCELLED ***');
  center(j.store.name);
  if (j.store.address) center(j.store.address);
  rule();
  center('JOB ORDER / CLAIM SLIP');
  center(`REF ${j.reference}`);
  lr('Date', localTime(j.createdAt, j.tzOffsetMinutes));
  lr('Customer', j.customer.name);
  if (j.customer.phone) lr('Phone', j.customer.phone);
  lr('Taken by', j.takenBy);
  if (j.dueDate) lr('Due / claim on', j.dueDate);
  rule();
  for (const l of j.lines) {
    wrap(l.description, w).forEach((x) => out.push(x));
    lr(`  ${l.quantity} x ${amount(l.unitPrice)}`, amount(l.discount ? l.gross : l.amount));
    if (l.discount) lr(`  less ${lineDiscountLabel(l.discount.kind, l.discount.sharedBy)}`, amount(l.amount - l.gross));
  }
  rule();
  lr('TOTAL', amount(j.total));
  if (j.paid > 0) lr('Paid', amount(j.paid));
  lr('Balance due', amount(j.balance));
  for (const h of j.holders) {
    rule();
    lr(holderTitle(h.kind), h.holderName);
    lr(idTitle(h.kind), h.idNumber);
    out.push('', `Signature: ${'_'.repeat(Math.max(4, w - 11))}`);
  }
  if (j.notes) {
    rule();
    wrap(`Notes: ${j.notes}`, w).forEach((x) => out.push(x));
  }
  rule();
  center(CLAIM_NOTE);
  center(NOT_A_RECEIPT);
  center(j.transactionId);
  return `${out.join('\n')}\n`;
}

/** ESC/POS bytes of the slip: initialise, text, feed, partial cut (as receipts). */
export function renderJobOrderEscPos(j: JobOrderSlip, width: keyof typeof COLUMNS = '80'): Buffer {
  return toEscPos(renderJobOrderText(j, width));
}

/** Whitespace (newlines, tabs) and control characters of user text collapsed to single spaces. */
function flat(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
}

/** Word wrap to `width` columns; a word longer than a line is cut across lines. */
function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of flat(s).split(' ').filter(Boolean)) {
    for (let rest = word; rest.length > 0; rest = rest.slice(width)) {
      const piece = rest.slice(0, width);
      if (!cur) cur = piece;
      else if (cur.length + 1 + piece.length <= width) cur += ` ${piece}`;
      else {
        lines.push(cur);
        cur = piece;
      }
    }
  }
  if (cur) lines.push(cur);
  return lines.length ? lines : [''];
}
