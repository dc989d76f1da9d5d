import type { Settlement, Transaction } from '../../shared/index';
import { formatPeso, fmtDateTime, shortId, TENDER_LABEL } from '../lib/format';
import { useStoreSettings } from '../lib/settings';

/**
 * The Official Receipt as printed: store header (name, TIN, address), OR number, date,
 * customer, what the payment was applied to, tender, change. A reprint says REPRINT.
 */
export function Receipt({
  settlement,
  customerName,
  cashierName,
  transactions,
  reprint,
}: {
  settlement: Settlement;
  customerName: string;
  cashierName: string;
  transactions?: Transaction[];
  reprint: boolean;
}) {
  const { settings } = useStoreSettings();
  const txById = new Map((transactions ?? []).map((t) => [t.id, t]));
  const s = settlement;
  return (
    <div className="receipt" data-testid="receipt">
      {reprint && (
        <div className="reprint-mark" data-testid="reprint-mark">
          REPRINT #{s.reprintCount}
        </div>
      )}
      {s.status === 'void' && <div className="reprint-mark void-mark">VOID</div>}
      <div className="r-center r-store">{settings.storeName}</div>
      {settings.address && <div className="r-center">{settings.address}</div>}
      {settings.tin && <div className="r-center">VAT REG TIN {settings.tin}</div>}
      <div className="r-center r-title">OFFICIAL RECEIPT</div>
      <div className="r-row">
        <span>OR No.</span>
        <strong data-testid="receipt-or">{s.or_number}</strong>
      </div>
      <div className="r-row">
        <span>Date</span>
        <span>{fmtDateTime(s.createdAt)}</span>
      </div>
      <div className="r-row">
        <span>Customer</span>
        <span>{customerName}</span>
      </div>
      <hr />
      {s.allocations.map((a) => {
        const t = txById.get(a.transactionId);
        return (
          <div key={a.transactionId} className="r-row">
            <span>
              Payment for #{shortId(a.transactionId)}
              {t ? <div className="r-small">{t.lines.map((l) => l.description).join(', ')}</div> : null}
              {t ? <div className="r-small">Balance after: {formatPeso(t.balance_amount)}</div> : null}
            </span>
            <span>{formatPeso(a.amount)}</span>
          </div>
        );
      })}
      {s.creditUsed > 0 && (
        <div className="r-row">
          <span>Deposit applied</span>
          <span>{formatPeso(s.creditUsed)}</span>
        </div>
      )}
      {s.creditAmount > 0 && (
        <div className="r-row">
          <span>Kept as deposit</span>
          <span>{formatPeso(s.creditAmount)}</span>
        </div>
      )}
      <hr />
      <div className="r-row r-total">
        <span>TOTAL PAID</span>
        <span>{formatPeso(s.amount)}</span>
      </div>
      <div className="r-row">
        <span>{TENDER_LABEL[s.tender.method]}</span>
        <span>{formatPeso(s.tender.tendered ?? s.amount)}</span>
      </div>
      {s.tender.reference && (
        <div className="r-row">
          <span>Ref.</span>
          <span>{s.tender.reference}</span>
        </div>
      )}
      {s.tender.method === 'cash' && (
        <div className="r-row">
          <span>Change</span>
          <span>{formatPeso(s.change)}</span>
        </div>
      )}
      <hr />
      <div className="r-row">
        <span>Cashier</span>
        <span>{cashierName}</span>
      </div>
      <div className="r-center r-small">Thank you! Keep this receipt.</div>
    </div>
  );
}
