import type { ReceiptData } from '../../shared/receipts.js';
import { buyerRows, documentNotices, headerLines, invoiceTotal, numberLabel, paymentRows, showsVat, type PaymentRow } from '../../core/receipt-layout.js';
import { amount, esc, lineDiscountLabel, localTime, peso, RECEIPT_CSS, row, TENDER_LABELS, vatMark, vatSummaryRows } from './format.js';

/** "500.00", or "400.00 of 1,000.00" for a part payment. */
function paymentValue(p: PaymentRow): string {
  return p.of === undefined ? amount(p.value) : `${amount(p.value)} of ${amount(p.of)}`;
}

/**
 * The store header every receipt and reading starts with (BIR: name, TIN, address, and
 * the machine's MIN, serial and PTU: the register's when the document has one).
 */
export function storeHeader(store: ReceiptData['store'], register: ReceiptData['register'] = null): string {
  return headerLines(store, register)
    .map((l) => `<div class="c${l.style === 'big' ? ' big' : l.style === 'muted' ? ' muted' : ''}">${esc(l.text)}</div>`)
    .join('\n');
}

/**
 * The receipt as HTML for the window / browser print, the PDF and the e-journal viewer.
 * A pure function of the receipt data: the title and notice are the document's (a Sales
 * Invoice or a collection receipt), VOID and REPRINT are printed as banners.
 */
export function renderReceiptHtml(r: ReceiptData): string {
  const tz = r.tzOffsetMinutes;
  const items = r.transactions
    .map((t) => {
      const lines = t.lines
        .map((l) => {
          const discount =
            l.tax.discountKind && l.tax.discountAmount > 0
              ? row(`  less ${lineDiscountLabel(l.tax.discountKind, l.discount?.sharedBy)}`, `-${amount(l.tax.discountAmount)}`, 'muted')
              : '';
          const vatOff = l.tax.vatAdjustment > 0 ? row('  less VAT (exempt sale)', `-${amount(l.tax.vatAdjustment)}`, 'muted') : '';
          return (
            `<tr><td colspan="2">${esc(l.description)}</td></tr>` +
            row(`  ${l.quantity} x ${amount(l.unitPrice)}`, r.store.vatRegistered ? `${amount(l.tax.gross)} ${vatMark(l.tax, l.vatCategory)}` : amount(l.tax.gross)) +
            vatOff +
            discount
          );
        })
        .join('');
      return lines + paymentRows(r, t).map((p) => row(p.detail ? `  ${p.label}` : p.label, paymentValue(p), p.lead ? 'b' : 'muted')).join('');
    })
    .join('<tr><td colspan="2"><hr></td></tr>');

  const totals = [
    r.documentType === 'SI' ? row('TOTAL AMOUNT DUE', peso(invoiceTotal(r)), 'b') : '',
    ...(r.tender
      ? [
          row('AMOUNT PAID', peso(r.amount), 'b'),
          row(`${TENDER_LABELS[r.tender.method] ?? r.tender.method}${r.tender.reference ? ` (${r.tender.reference})` : ''}`, amount(r.tender.tendered ?? r.amount)),
          r.tender.method === 'cash' ? row('Change', amount(r.change)) : '',
          r.creditUsed > 0 ? row('Deposit applied', amount(r.creditUsed)) : '',
          r.creditKept > 0 ? row('Kept as deposit', amount(r.creditKept)) : '',
        ]
      : []),
  ].join('');

  const vat = showsVat(r)
    ? vatSummaryRows(r.vat, r.store.vatRegistered)
        .map(([label, value]) => row(label, amount(value)))
        .join('')
    : '';

  const scPwd = r.discounts
    .map(
      (d) => `<div>${d.kind === 'senior' ? 'Senior Citizen' : 'PWD'}: ${esc(d.holderName)}</div>
        <div>${d.kind === 'senior' ? 'OSCA' : 'PWD'} ID No.: ${esc(d.idNumber)}</div>
        <div class="sig">Signature</div>`,
    )
    .join('');

  const buyer = buyerRows(r)
    .map(([label, value]) => row(label, value))
    .join('');
  const refunds = r.refunds.map((f) => row(`Refunded ${localTime(f.createdAt, tz)}`, `-${amount(f.amount)}`)).join('');
  const notices = documentNotices(r)
    .map((n) => `<div class="c b notice">${esc(n)}</div>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)} ${esc(r.number)}</title><style>${RECEIPT_CSS}</style></head>
<body><div class="paper" data-receipt="${esc(r.number)}" data-document="${esc(r.documentType)}">
${r.status === 'void' ? '<div class="banner">VOID</div>' : ''}
${r.reprint ? '<div class="banner">REPRINT</div>' : ''}
${storeHeader(r.store, r.register)}
<hr>
<div class="c big">${esc(r.title)}</div>
${notices}
<table>
${row(numberLabel(r.documentType), r.number, 'b')}
${row('Date', localTime(r.issuedAt, tz))}
${r.register ? row('Register', `${r.register.code} ${r.register.name}`.trim()) : ''}
${row('Cashier', r.cashier.name)}
${row('Customer', r.customer.name)}
${buyer}
</table>
<hr>
<table>${items}</table>
<hr>
${totals ? `<table>${totals}</table>\n<hr>` : ''}
${vat ? `<table>${vat}</table>` : ''}
${scPwd ? `<hr>${scPwd}` : ''}
${refunds ? `<hr><table>${refunds}</table>` : ''}
${r.status === 'void' ? `<hr><div>VOIDED ${esc(localTime(r.voidedAt ?? r.issuedAt, tz))}: ${esc(r.voidReason)}</div>` : ''}
${r.reprint ? `<div class="c muted">Reprint no. ${r.reprintCount} of ${esc(r.number)}</div>` : ''}
<hr>
${r.store.footer ? `<div class="c">${esc(r.store.footer)}</div>` : ''}
<div class="c muted">Kahera POS · ${esc(r.store.storeId)}</div>
</div></body></html>`;
}
