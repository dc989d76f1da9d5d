import { useState, type ReactNode } from 'react';
import type { Reading, ReadingFigures } from '../../shared/readings';
import { friendlyError } from '../lib/errors';
import { fmtDate, fmtDateTime, TENDER_LABEL } from '../lib/format';
import { printHubDocument } from '../lib/print';
import { OverShortTag } from './CashCount';
import { Money } from './ui';

function Row({ label, children, testId, strong, indent }: { label: ReactNode; children: ReactNode; testId?: string; strong?: boolean; indent?: boolean }) {
  return (
    <tr className={`${strong ? 'strong' : ''} ${indent ? 'indent' : ''}`} data-testid={testId}>
      <th scope="row">{label}</th>
      <td className="num">{children}</td>
    </tr>
  );
}

/** A deduction shown as it prints: in brackets, never as a bare minus a cashier could misread. */
function Less({ value }: { value: number }) {
  return value === 0 ? <Money value={0} /> : <>({<Money value={Math.abs(value)} />})</>;
}

/** A first – last number range as printed; a dash when the period had none. */
function Range({ from, to }: { from: string | null; to: string | null }) {
  if (from === null && to === null) return <>—</>;
  return <span className="mono">{from === to ? from : `${from ?? '?'} – ${to ?? '?'}`}</span>;
}

function Figures({ f }: { f: ReadingFigures }) {
  return (
    <>
      <section>
        <h3 className="fig-head">Documents</h3>
        <table className="figures">
          <tbody>
            <Row label={`Sales Invoices (${f.invoices.count})`} testId="fig-invoices">
              <Money value={f.invoices.amount} />
            </Row>
            {f.invoices.cancelled.count > 0 && (
              <Row label={`Invoices cancelled (${f.invoices.cancelled.count})`} testId="fig-invoices-cancelled" indent>
                <Money value={f.invoices.cancelled.amount} />
              </Row>
            )}
            <Row label="Beginning SI" testId="fig-first-si" indent>
              <span className="mono">{f.invoices.beginning ?? '—'}</span>
            </Row>
            <Row label="Ending SI" testId="fig-last-si" indent>
              <span className="mono">{f.invoices.ending ?? '—'}</span>
            </Row>
            <Row label="Collection receipts (OR)" testId="fig-receipts">
              {f.receiptCount}
            </Row>
            <Row label="Beginning OR" testId="fig-first-or" indent>
              <span className="mono">{f.beginningOr ?? '—'}</span>
            </Row>
            <Row label="Ending OR" testId="fig-last-or" indent>
              <span className="mono">{f.endingOr ?? '—'}</span>
            </Row>
            <Row label={`Voids (${f.voids.count})`} testId="fig-voids">
              <Money value={f.voids.amount} />
            </Row>
            <Row label="Void numbers" testId="fig-void-numbers" indent>
              <Range from={f.voidNumbers.beginning} to={f.voidNumbers.ending} />
            </Row>
            <Row label={`Returns (${f.refunds.count})`} testId="fig-refunds">
              <Money value={f.refunds.amount} />
            </Row>
            <Row label="Return numbers" testId="fig-return-numbers" indent>
              <Range from={f.returnNumbers.beginning} to={f.returnNumbers.ending} />
            </Row>
          </tbody>
        </table>
      </section>
      <section>
        <h3 className="fig-head">Sales</h3>
        <table className="figures">
          <tbody>
            <Row label="Gross sales" testId="fig-gross" strong>
              <Money value={f.grossSales} />
            </Row>
            <Row label="Less senior citizen discount" testId="fig-sc" indent>
              <Less value={f.discounts.senior} />
            </Row>
            <Row label="Less PWD discount" testId="fig-pwd" indent>
              <Less value={f.discounts.pwd} />
            </Row>
            {f.discounts.promo !== 0 && (
              <Row label="Less other discounts" indent>
                <Less value={f.discounts.promo} />
              </Row>
            )}
            {f.vatAdjustment !== 0 && (
              <Row label="Less VAT on SC/PWD sales" indent>
                <Less value={f.vatAdjustment} />
              </Row>
            )}
            <Row label="Net sales" testId="fig-net" strong>
              <Money value={f.netSales} />
            </Row>
          </tbody>
        </table>
      </section>
      <section>
        <h3 className="fig-head">VAT</h3>
        <table className="figures">
          <tbody>
            <Row label="VATable sales" testId="fig-vatable">
              <Money value={f.vatableSales} />
            </Row>
            <Row label="VAT (12%)" testId="fig-vat">
              <Money value={f.vatAmount} />
            </Row>
            <Row label="VAT-exempt sales" testId="fig-exempt">
              <Money value={f.vatExemptSales} />
            </Row>
            <Row label="Zero-rated sales" testId="fig-zero-rated">
              <Money value={f.zeroRatedSales} />
            </Row>
            <Row label="VAT adjustment" testId="fig-vat-adjustment">
              <Money value={f.vatAdjustment} />
            </Row>
            <Row label="on SC discounts" testId="fig-vat-adj-sc" indent>
              <Money value={f.vatAdjustments.senior} />
            </Row>
            <Row label="on PWD discounts" testId="fig-vat-adj-pwd" indent>
              <Money value={f.vatAdjustments.pwd} />
            </Row>
            <Row label="on other exempt sales" testId="fig-vat-adj-other" indent>
              <Money value={f.vatAdjustments.other} />
            </Row>
            <Row label="on returns" testId="fig-vat-adj-returns" indent>
              <Money value={f.vatAdjustments.returns} />
            </Row>
          </tbody>
        </table>
      </section>
      <section>
        <h3 className="fig-head">By tender</h3>
        <table className="figures">
          <tbody>
            {f.tenders.length === 0 && (
              <tr>
                <td colSpan={2} className="muted">
                  No payments in this period.
                </td>
              </tr>
            )}
            {f.tenders.map((t) => (
              <Row key={t.method} label={`${TENDER_LABEL[t.method]} (${t.count})`} testId={`fig-tender-${t.method}`}>
                <Money value={t.amount} />
              </Row>
            ))}
            <Row label="Total collections" testId="fig-collections" strong>
              <Money value={f.collections} />
            </Row>
            {(f.deposits.kept !== 0 || f.deposits.applied !== 0) && (
              <Row label="Deposits kept / applied">
                <Money value={f.deposits.kept} /> / <Money value={f.deposits.applied} />
              </Row>
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}

/**
 * An X- or Z-reading on screen, in the order it prints, with a Print button that prints
 * the hub's own rendering of it. `nameOf` turns a user id into a name.
 */
export function ReadingView({ reading: r, nameOf }: { reading: Reading; nameOf: (userId: string) => string }) {
  const [printing, setPrinting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const print = async () => {
    setError(null);
    setPrinting(true);
    try {
      await printHubDocument(`/api/v1/readings/${encodeURIComponent(r.id)}/print?format=html`);
    } catch (e) {
      setError(friendlyError(e));
    } finally {
      setPrinting(false);
    }
  };
  return (
    <div className="reading" data-testid="reading" data-kind={r.kind}>
      <div className="reading-head">
        <div>
          <h2 data-testid="reading-title">
            {r.kind === 'x' ? `X-reading #${r.number}` : `Z-reading #${r.zCounter}`}
            {r.kind === 'z' && <span className="muted"> · {fmtDate(r.businessDate)}</span>}
          </h2>
          <div className="muted small">
            {r.kind === 'x' ? (
              <>
                {r.counter} · {nameOf(r.cashierId)} · shift opened {fmtDateTime(r.openedAt)}
                {r.closedAt ? `, closed ${fmtDateTime(r.closedAt)}` : ', still open'}
              </>
            ) : (
              <>
                {r.register ? `${r.register.code} · ${r.register.name} · ` : ''}Z counter {r.zCounter} · reset counter {r.resetCounter}
              </>
            )}
            <br />
            Taken {fmtDateTime(r.takenAt)} by {nameOf(r.takenBy)}
          </div>
          {r.kind === 'z' && r.register && (
            <div className="muted small reading-register" data-testid="reading-register">
              MIN <span className="mono">{r.register.min ?? 'not set'}</span> · Serial no. <span className="mono">{r.register.serialNo ?? 'not set'}</span>
              {r.register.ptuNo && (
                <>
                  {' '}
                  · PTU <span className="mono">{r.register.ptuNo}</span>
                  {r.register.ptuDate ? ` (${fmtDate(r.register.ptuDate)})` : ''}
                </>
              )}
            </div>
          )}
        </div>
        <button type="button" className="btn btn-primary no-print" onClick={() => void print()} disabled={printing} data-testid="print-reading">
          {printing ? 'Preparing…' : 'Print'}
        </button>
      </div>
      {error && <div className="error-box">{error}</div>}
      <div className="reading-grid">
        <Figures f={r.figures} />
        {r.kind === 'x' ? (
          <section>
            <h3 className="fig-head">Cash drawer</h3>
            <table className="figures">
              <tbody>
                <Row label="Opening float">
                  <Money value={r.drawer.openingFloat} />
                </Row>
                <Row label="Cash collections">
                  <Money value={r.drawer.cashCollections} />
                </Row>
                <Row label="Paid-in" testId="fig-paid-in">
                  <Money value={r.drawer.paidIn} />
                </Row>
                <Row label="Paid-out" testId="fig-paid-out">
                  <Less value={r.drawer.paidOut} />
                </Row>
                {r.drawer.cashRefunds > 0 && (
                  <Row label="of which cash refunds" indent>
                    <Money value={r.drawer.cashRefunds} />
                  </Row>
                )}
                <Row label="Expected cash" testId="fig-expected" strong>
                  {r.drawer.expectedCash === null ? <span className="muted">shown after your blind count</span> : <Money value={r.drawer.expectedCash} />}
                </Row>
              </tbody>
            </table>
          </section>
        ) : (
          <section>
            <h3 className="fig-head">Day</h3>
            <table className="figures">
              <tbody>
                <Row label="Previous accumulated grand total" testId="fig-grand-total-previous">
                  <Money value={r.grandTotal.previous} />
                </Row>
                <Row label="Present accumulated grand total" testId="fig-grand-total" strong>
                  <Money value={r.grandTotal.present} />
                </Row>
                <Row label={`Shifts closed (${r.shifts.closed})`} testId="fig-shifts">
                  <span />
                </Row>
                <Row label="Expected cash" indent>
                  <Money value={r.shifts.expectedCash} />
                </Row>
                <Row label="Counted cash" indent>
                  <Money value={r.shifts.countedCash} />
                </Row>
                <Row label="Over / short" testId="fig-over-short" indent>
                  <OverShortTag value={r.shifts.overShort} />
                </Row>
                {r.journalHead && (
                  <Row label="E-journal head">
                    <span className="mono small">
                      #{r.journalHead.seq} {r.journalHead.hash.slice(0, 12)}
                    </span>
                  </Row>
                )}
              </tbody>
            </table>
          </section>
        )}
      </div>
    </div>
  );
}
