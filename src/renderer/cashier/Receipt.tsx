import { buyerRows, documentNotices, headerLines, invoiceTotal, lineDiscountLabel, numberLabel, paymentRows, showsVat, vatMark, vatSummaryRows } from '../../core/receipt-layout';
import type { ReceiptData } from '../../shared/receipts';
import { formatPeso, fmtDateTime, TENDER_LABEL } from '../lib/format';

/** A receipt row: label left, value right. */
function Row({ label, value, className, testId }: { label: string; value: string; className?: string; testId?: string }) {
  return (
    <div className={`r-row ${className ?? ''}`}>
      <span>{label}</span>
      <span data-testid={testId}>{value}</span>
    </div>
  );
}

/**
 * The document as the hub issued it (ReceiptData, the e-journal's copy): a Sales Invoice or
 * a collection receipt, with the title, notice, register, buyer, lines and balance after
 * that the paper shows. Layout decisions are src/core/receipt-layout.ts, the same ones the
 * printed HTML and thermal text use. A reprint says REPRINT #n, a voided one VOID.
 */
export function Receipt({ receipt: r }: { receipt: ReceiptData }) {
  const peso = (c: number) => formatPeso(c);
  const vat = vatSummaryRows(r.vat, r.store.vatRegistered);
  return (
    <div className="receipt" data-testid="receipt" data-document={r.documentType}>
      {r.reprint && (
        <div className="reprint-mark" data-testid="reprint-mark">
          REPRINT #{r.reprintCount}
        </div>
      )}
      {r.status === 'void' && (
        <div className="reprint-mark void-mark" data-testid="void-mark">
          VOID
        </div>
      )}
      {headerLines(r.store, r.register).map((l, i) => (
        <div key={i} className={`r-center ${l.style === 'big' ? 'r-store' : l.style === 'muted' ? 'r-small' : ''}`}>
          {l.text}
        </div>
      ))}
      <div className="r-center r-title" data-testid="receipt-title">
        {r.title}
      </div>
      {documentNotices(r).map((n) => (
        <div key={n} className="r-center r-notice" data-testid="receipt-notice">
          {n}
        </div>
      ))}
      <div className="r-row">
        <span>{numberLabel(r.documentType)}</span>
        <strong data-testid="receipt-or">{r.number}</strong>
      </div>
      <Row label="Date" value={fmtDateTime(r.issuedAt)} />
      {r.register && <Row label="Register" value={`${r.register.code} ${r.register.name}`.trim()} />}
      <Row label="Cashier" value={r.cashier.name} />
      <Row label="Customer" value={r.customer.name} />
      {buyerRows(r).map(([label, value]) => (
        <Row key={label} label={label} value={value} testId={`receipt-buyer-${label.toLowerCase().replace(/\s+/g, '-')}`} />
      ))}
      <hr />
      {r.transactions.map((t) => (
        <div key={t.id} className="r-tx" data-testid="receipt-tx">
          {t.lines.map((l, i) => (
            <div key={i} data-testid="receipt-line">
              <div>{l.description}</div>
              <Row
                label={`  ${l.quantity} × ${formatPeso(l.unitPrice)}`}
                value={r.store.vatRegistered ? `${formatPeso(l.tax.gross)} ${vatMark(l.tax, l.vatCategory)}` : formatPeso(l.tax.gross)}
                className="r-small"
              />
              {l.tax.vatAdjustment > 0 && <Row label="  less VAT (exempt sale)" value={`−${formatPeso(l.tax.vatAdjustment)}`} className="r-small" />}
              {l.tax.discountKind && l.tax.discountAmount > 0 && (
                <Row label={`  less ${lineDiscountLabel(l.tax.discountKind, l.discount?.sharedBy)}`} value={`−${formatPeso(l.tax.discountAmount)}`} className="r-small" />
              )}
            </div>
          ))}
          {paymentRows(r, t).map((p) => (
            <div key={p.label}>
              <Row
                label={p.label}
                value={peso(p.value)}
                className={p.lead ? 'r-lead' : 'r-small'}
                testId={p.label.startsWith('Balance') ? 'receipt-balance' : p.lead ? 'receipt-payment-for' : undefined}
              />
              {/* As on the thermal roll: the sale's total under the part paid, not squeezed beside an SI number. */}
              {p.of !== undefined && <Row label="  of sale total" value={peso(p.of)} className="r-small" />}
            </div>
          ))}
        </div>
      ))}
      <hr />
      {r.documentType === 'SI' && <Row label="TOTAL AMOUNT DUE" value={peso(invoiceTotal(r))} className="r-total" />}
      {r.tender && (
        <>
          <Row label="AMOUNT PAID" value={peso(r.amount)} className={r.documentType === 'SI' ? '' : 'r-total'} testId="receipt-paid" />
          <Row label={TENDER_LABEL[r.tender.method]} value={peso(r.tender.tendered ?? r.amount)} />
          {r.tender.reference && <Row label="Ref." value={r.tender.reference} />}
          {r.tender.method === 'cash' && <Row label="Change" value={peso(r.change)} />}
          {r.creditUsed > 0 && <Row label="Deposit applied" value={peso(r.creditUsed)} />}
          {r.creditKept > 0 && <Row label="Kept as deposit" value={peso(r.creditKept)} />}
        </>
      )}
      {showsVat(r) && (
        <>
          <hr />
          {vat.map(([label, value]) => (
            <Row key={label} label={label} value={peso(value)} className="r-small" />
          ))}
        </>
      )}
      {r.discounts.map((d) => (
        <div key={`${d.kind}-${d.idNumber}`} className="r-holder">
          <hr />
          <div>
            {d.kind === 'senior' ? 'Senior Citizen' : 'PWD'}: {d.holderName}
          </div>
          <div>
            {d.kind === 'senior' ? 'OSCA' : 'PWD'} ID No.: {d.idNumber}
          </div>
          <div className="r-sig">Signature</div>
        </div>
      ))}
      {r.refunds.length > 0 && <hr />}
      {r.refunds.map((f) => (
        <Row key={f.id} label={`Refunded ${fmtDateTime(f.createdAt)}`} value={`−${peso(f.amount)}`} />
      ))}
      {r.status === 'void' && (
        <div className="r-small">
          VOIDED {fmtDateTime(r.voidedAt ?? r.issuedAt)}: {r.voidReason}
        </div>
      )}
      <hr />
      {r.store.footer && <div className="r-center r-small">{r.store.footer}</div>}
    </div>
  );
}
