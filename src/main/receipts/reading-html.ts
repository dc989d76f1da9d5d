import type { Reading, ReadingFigures } from '../../shared/readings.js';
import type { ReceiptData } from '../../shared/receipts.js';
import { amount, esc, localTime, RECEIPT_CSS, row, TENDER_LABELS } from './format.js';
import { storeHeader } from './receipt-html.js';

/** The figures both readings print, in the BIR's order: sales, deductions, net, VAT breakdown. */
export function figureRows(f: ReadingFigures): string {
  // Readings stored before invoices (migration 0010) lack the document ranges.
  const inv = f.invoices as ReadingFigures['invoices'] | undefined;
  const adj = f.vatAdjustments as ReadingFigures['vatAdjustments'] | undefined;
  return [
    inv ? row('Beginning SI No.', inv.beginning ?? '—') : '',
    inv ? row('Ending SI No.', inv.ending ?? '—') : '',
    inv ? row(`Sales Invoices issued (${inv.count})`, amount(inv.amount)) : '',
    inv && inv.cancelled.count > 0 ? row(`Invoices cancelled (${inv.cancelled.count})`, amount(inv.cancelled.amount)) : '',
    row(inv ? 'Beginning OR No.' : 'Beginning No.', f.beginningOr ?? '—'),
    row(inv ? 'Ending OR No.' : 'Ending No.', f.endingOr ?? '—'),
    row('Receipts issued', String(f.receiptCount)),
    f.voidNumbers ? row('Beginning / ending void No.', `${f.voidNumbers.beginning ?? '—'} / ${f.voidNumbers.ending ?? '—'}`) : '',
    f.returnNumbers ? row('Beginning / ending return No.', `${f.returnNumbers.beginning ?? '—'} / ${f.returnNumbers.ending ?? '—'}`) : '',
    '<tr><td colspan="2"><hr></td></tr>',
    row('Sales (face amount)', amount(f.sales.amount)),
    row(`Less voids (${f.voids.count})`, amount(f.voids.amount)),
    row(`Less refunds (${f.refunds.count})`, amount(f.refunds.amount)),
    '<tr><td colspan="2"><hr></td></tr>',
    row('GROSS SALES', amount(f.grossSales), 'b'),
    row('Less SC discount', amount(f.discounts.senior)),
    row('Less PWD discount', amount(f.discounts.pwd)),
    row('Less other discounts', amount(f.discounts.promo)),
    row('Less VAT adjustment', amount(f.vatAdjustment)),
    row('NET SALES', amount(f.netSales), 'b'),
    ...(adj
      ? [
          '<tr><td colspan="2"><hr></td></tr>',
          row('VAT ADJUSTMENT: SC', amount(adj.senior)),
          row('VAT ADJUSTMENT: PWD', amount(adj.pwd)),
          row('VAT ADJUSTMENT: other', amount(adj.other)),
          row('VAT ON RETURNS', amount(adj.returns)),
        ]
      : []),
    '<tr><td colspan="2"><hr></td></tr>',
    row('VATable Sales', amount(f.vatableSales)),
    row('VAT Amount (12%)', amount(f.vatAmount)),
    row('VAT-Exempt Sales', amount(f.vatExemptSales)),
    row('Zero-Rated Sales', amount(f.zeroRatedSales)),
    '<tr><td colspan="2"><hr></td></tr>',
    ...f.tenders.map((t) => row(`${TENDER_LABELS[t.method] ?? t.method} (${t.count})`, amount(t.amount))),
    row('TOTAL COLLECTIONS', amount(f.collections), 'b'),
    f.deposits.kept || f.deposits.applied ? row('Deposits kept / applied', `${amount(f.deposits.kept)} / ${amount(f.deposits.applied)}`) : '',
  ].join('\n');
}

/** An X- or Z-reading as HTML (print, PDF). Pure. */
export function renderReadingHtml(r: Reading, store: ReceiptData['store'], tzOffsetMinutes: number, names: Record<string, string> = {}): string {
  const title = r.kind === 'x' ? 'X-READING' : 'Z-READING';
  const head =
    r.kind === 'x'
      ? [
          row('X-reading no.', String(r.number)),
          row('Counter', r.counter),
          row('Cashier', names[r.cashierId] ?? r.cashierId),
          row('Shift opened', localTime(r.openedAt, tzOffsetMinutes)),
          row('Shift closed', r.closedAt ? localTime(r.closedAt, tzOffsetMinutes) : 'open'),
        ]
      : [
          ...(r.register
            ? [
                row('Register', `${r.register.code} · ${r.register.name}`),
                row('MIN', r.register.min ?? '—'),
                row('Serial No.', r.register.serialNo ?? '—'),
                r.register.ptuNo ? row('PTU No.', `${r.register.ptuNo}${r.register.ptuDate ? ` (${r.register.ptuDate})` : ''}`) : '',
              ]
            : []),
          row('Business date', r.businessDate),
          row('Z counter', String(r.zCounter)),
          row('Reset counter', String(r.resetCounter)),
        ];
  const tail =
    r.kind === 'x'
      ? [
          row('Opening float', amount(r.drawer.openingFloat)),
          row('Cash collections', amount(r.drawer.cashCollections)),
          row('Paid-in', amount(r.drawer.paidIn)),
          row('Paid-out', amount(r.drawer.paidOut)),
          row('(of which cash refunds)', amount(r.drawer.cashRefunds)),
          row('EXPECTED CASH', r.drawer.expectedCash === null ? '(blind count)' : amount(r.drawer.expectedCash), 'b'),
        ]
      : [
          row('Previous accumulated sales', amount(r.grandTotal.previous)),
          row('Present accumulated sales', amount(r.grandTotal.present), 'b'),
          '<tr><td colspan="2"><hr></td></tr>',
          row(`Shifts closed (${r.shifts.closed}) float`, amount(r.shifts.openingFloat)),
          row('Expected cash', amount(r.shifts.expectedCash)),
          row('Counted cash', amount(r.shifts.countedCash)),
          row('Over / (short)', amount(r.shifts.overShort), 'b'),
          r.journalHead ? row('E-journal head', `#${r.journalHead.seq} ${r.journalHead.hash.slice(0, 12)}`) : '',
        ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} ${r.number}</title><style>${RECEIPT_CSS}</style></head>
<body><div class="paper" data-reading="${esc(r.id)}">
${storeHeader(store)}
<hr>
<div class="c big">${title}</div>
<table>
${head.join('\n')}
${row('Taken', localTime(r.takenAt, tzOffsetMinutes))}
${row('Taken by', names[r.takenBy] ?? r.takenBy)}
</table>
<hr>
<table>${figureRows(r.figures)}</table>
<hr>
<table>${tail.join('\n')}</table>
<hr>
${r.journalHash ? `<div class="c muted">Journal ${esc(r.journalHash.slice(0, 16))}…</div>` : ''}
<div class="c muted">Kahera POS · ${esc(store.storeId)}</div>
</div></body></html>`;
}
