import type { ReceiptData } from '../../shared/receipts.js';
import { amount, esc, inputTaxNotice, lineDiscountLabel, localTime, numberLabel, peso, RECEIPT_CSS, row, TENDER_LABELS, vatMark, vatSummaryRows } from './format.js';

/** The store header every receipt and reading starts with (BIR: name, TIN, address, MIN, serial, PTU). */
export function storeHeader(store: ReceiptData['store']): string {
  const tinLabel = store.vatRegistered ? 'VAT REG TIN' : 'NON-VAT REG TIN';
  return [
    `<div class="c big">${esc(store.storeName)}</div>`,
    store.registeredName ? `<div class="c">${esc(store.registeredName)}</div>` : '',
    store.address ? `<div class="c">${esc(store.address)}</div>` : '',
    `<div class="c">${tinLabel}: ${esc(store.tin || '—')}</div>`,
    `<div class="c muted">MIN: ${esc(store.machineId || '—')} &nbsp; S/N: ${esc(store.serialNumber || '—')}</div>`,
    store.permitNumber ? `<div class="c muted">PTU No.: ${esc(store.permitNumber)}</div>` : '',
  ].join('\n');
}

/**
 * The receipt as HTML for the window / browser print, the PDF and the e-journal viewer.
 * A pure function of the receipt data: VOID and REPRINT are printed as banners.
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
      const applied = t.applied !== t.total ? row(`Applied to ${t.id}`, `${amount(t.applied)} of ${amount(t.total)}`, 'muted') : '';
      return lines + applied;
    })
    .join('<tr><td colspan="2"><hr></td></tr>');

  const t = r.tender;
  const tender = [
    t ? row('AMOUNT PAID', peso(r.amount), 'b') : '',
    t ? row(`${TENDER_LABELS[t.method] ?? t.method}${t.reference ? ` (${t.reference})` : ''}`, amount(t.tendered ?? r.amount)) : '',
    t?.method === 'cash' ? row('Change', amount(r.change)) : '',
    r.creditUsed > 0 ? row('Deposit applied', amount(r.creditUsed)) : '',
    r.creditKept > 0 ? row('Kept as deposit', amount(r.creditKept)) : '',
  ].join('');

  const vat = vatSummaryRows(r.vat, r.store.vatRegistered)
    .map(([label, value]) => row(label, amount(value)))
    .join('');

  const scPwd = r.discounts
    .map(
      (d) => `<div>${d.kind === 'senior' ? 'Senior Citizen' : 'PWD'}: ${esc(d.holderName)}</div>
        <div>${d.kind === 'senior' ? 'OSCA' : 'PWD'} ID No.: ${esc(d.idNumber)}</div>
        <div class="sig">Signature</div>`,
    )
    .join('');

  const refunds = r.refunds.map((f) => row(`Refunded ${localTime(f.createdAt, tz)}`, `-${amount(f.amount)}`)).join('');
  const notice = inputTaxNotice(r.documentType, r.store.vatRegistered);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)} ${esc(r.number)}</title><style>${RECEIPT_CSS}</style></head>
<body><div class="paper" data-receipt="${esc(r.number)}">
${r.status === 'void' ? '<div class="banner">VOID</div>' : ''}
${r.reprint ? '<div class="banner">REPRINT</div>' : ''}
${storeHeader(r.store)}
<hr>
<div class="c big">${esc(r.title)}</div>
<table>
${row(numberLabel(r.documentType), r.number, 'b')}
${row('Date', localTime(r.issuedAt, tz))}
${row('Cashier', r.cashier.name)}
${row('Customer', r.customer.name)}
</table>
<hr>
<table>${items}</table>
<hr>
<table>${tender}</table>
<hr>
<table>${vat}</table>
${scPwd ? `<hr>${scPwd}` : ''}
${refunds ? `<hr><table>${refunds}</table>` : ''}
${r.status === 'void' ? `<hr><div>VOIDED ${esc(localTime(r.voidedAt ?? r.issuedAt, tz))}: ${esc(r.voidReason)}</div>` : ''}
${r.reprint ? `<div class="c muted">Reprint no. ${r.reprintCount} of ${esc(r.number)}</div>` : ''}
<hr>
${r.store.footer ? `<div class="c">${esc(r.store.footer)}</div>` : ''}
${notice ? `<div class="c b">${notice}</div>` : ''}
<div class="c muted">Kahera POS · ${esc(r.store.storeId)}</div>
</div></body></html>`;
}
