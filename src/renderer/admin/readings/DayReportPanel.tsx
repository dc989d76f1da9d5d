import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { DayReport, type ReadingFigures } from '../../../shared/readings';
import type { TenderMethod } from '../../../shared/common';
import { Money, QueryView } from '../../components/ui';
import { get, qs } from '../../lib/api';
import { fmtDate, fmtDateTime, TENDER_LABEL, todayIso } from '../../lib/format';
import { keys } from '../../lib/query';

type Column = { key: string; head: ReactNode; figures: ReadingFigures; grandTotal: { previous: number; present: number }; z: ReactNode; total?: boolean };
/** `own`: a register's own (a number range of its series): the store total leaves it blank. */
type Line = { label: string; cell: (c: Column) => ReactNode; strong?: boolean; testId?: string; own?: boolean } | { section: string };

const range = (b: string | null, e: string | null): ReactNode =>
  b === null && e === null ? '—' : <span className="mono">{b === e ? b : `${b ?? '?'} – ${e ?? '?'}`}</span>;
const money = (n: number) => <Money value={n} />;
/** A deduction as it prints: in brackets. */
const less = (n: number) => (n === 0 ? money(0) : <>({money(Math.abs(n))})</>);

function lines(methods: TenderMethod[]): Line[] {
  return [
    { label: 'Z-reading', cell: (c) => c.z, testId: 'day-z' },
    { section: 'Documents' },
    { label: 'Sales Invoices', cell: (c) => `${c.figures.invoices.count}`, testId: 'day-invoices' },
    { label: 'Invoices cancelled', cell: (c) => <>{c.figures.invoices.cancelled.count} · {money(c.figures.invoices.cancelled.amount)}</> },
    { own: true, label: 'First – last SI', cell: (c) => range(c.figures.invoices.beginning, c.figures.invoices.ending), testId: 'day-si-range' },
    { label: 'Collection receipts (OR)', cell: (c) => `${c.figures.receiptCount}` },
    { own: true, label: 'First – last OR', cell: (c) => range(c.figures.beginningOr, c.figures.endingOr), testId: 'day-or-range' },
    { label: 'Voids', cell: (c) => <>{c.figures.voids.count} · {money(c.figures.voids.amount)}</> },
    { own: true, label: 'Void numbers', cell: (c) => range(c.figures.voidNumbers.beginning, c.figures.voidNumbers.ending) },
    { label: 'Returns', cell: (c) => <>{c.figures.refunds.count} · {money(c.figures.refunds.amount)}</> },
    { own: true, label: 'Return numbers', cell: (c) => range(c.figures.returnNumbers.beginning, c.figures.returnNumbers.ending) },
    { section: 'Sales' },
    { label: 'Gross sales', cell: (c) => money(c.figures.grossSales), strong: true, testId: 'day-gross' },
    { label: 'Less SC discount', cell: (c) => less(c.figures.discounts.senior) },
    { label: 'Less PWD discount', cell: (c) => less(c.figures.discounts.pwd) },
    { label: 'Less other discounts', cell: (c) => less(c.figures.discounts.promo) },
    { label: 'Less VAT adjustment', cell: (c) => less(c.figures.vatAdjustment) },
    { label: 'Net sales', cell: (c) => money(c.figures.netSales), strong: true, testId: 'day-net' },
    { section: 'VAT' },
    { label: 'VATable sales', cell: (c) => money(c.figures.vatableSales) },
    { label: 'VAT (12%)', cell: (c) => money(c.figures.vatAmount) },
    { label: 'VAT-exempt sales', cell: (c) => money(c.figures.vatExemptSales) },
    { label: 'Zero-rated sales', cell: (c) => money(c.figures.zeroRatedSales) },
    { label: 'VAT adj.: SC', cell: (c) => money(c.figures.vatAdjustments.senior) },
    { label: 'VAT adj.: PWD', cell: (c) => money(c.figures.vatAdjustments.pwd) },
    { label: 'VAT adj.: other', cell: (c) => money(c.figures.vatAdjustments.other) },
    { label: 'VAT adj.: returns', cell: (c) => money(c.figures.vatAdjustments.returns) },
    { section: 'Collections' },
    ...methods.map(
      (m): Line => ({ label: TENDER_LABEL[m], cell: (c) => money(c.figures.tenders.find((t) => t.method === m)?.amount ?? 0) }),
    ),
    { label: 'Total collections', cell: (c) => money(c.figures.collections), strong: true, testId: 'day-collections' },
    { section: 'Accumulated grand total' },
    { label: 'Previous', cell: (c) => money(c.grandTotal.previous) },
    { label: 'Present', cell: (c) => money(c.grandTotal.present), strong: true, testId: 'day-grand-total' },
  ];
}

/**
 * The store's day (`GET /readings/day`): one column per register, its figures (its Z's,
 * once taken) and grand total, and the store's total, the sum of them (domain.md: the
 * store's day report consolidates its registers).
 */
export function DayReportPanel() {
  const [date, setDate] = useState(() => todayIso());
  const q = useQuery({
    queryKey: [...keys.readings, 'day', date],
    queryFn: () => get(`/api/v1/readings/day${qs({ businessDate: date })}`, DayReport),
    enabled: date !== '',
  });
  const d = q.data;
  const columns: Column[] = d
    ? [
        ...d.registers.map((r) => ({
          key: r.register.id,
          head: (
            <>
              <span className="mono">{r.register.code}</span>
              <div className="muted small">{r.register.name}</div>
            </>
          ),
          figures: r.figures,
          grandTotal: r.grandTotal,
          z: r.z ? <span title={fmtDateTime(r.z.takenAt)}>#{r.z.number}</span> : <span className="hint">not taken</span>,
        })),
        { key: 'total', head: 'Store total', figures: d.totals, grandTotal: d.grandTotal, z: '', total: true },
      ]
    : [];
  const methods = [...new Set(columns.flatMap((c) => c.figures.tenders.map((t) => t.method)))];
  return (
    <section className="panel" aria-labelledby="day-report-title">
      <div className="panel-head">
        <h2 id="day-report-title">Store day report</h2>
        <label>
          Business date
          <input type="date" value={date} max={todayIso()} onChange={(e) => setDate(e.target.value)} data-testid="day-date" />
        </label>
      </div>
      <QueryView query={q} isEmpty={!!d && d.registers.length === 0} empty={`No register traded on ${fmtDate(date)}.`}>
        <div className="day-report">
          <table className="grid" data-testid="day-report">
            <thead>
              <tr>
                <th scope="col">{fmtDate(date)}</th>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className={`num ${c.total ? 'total' : ''}`} data-testid="day-column">
                    {c.head}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {lines(methods).map((l) =>
                'section' in l ? (
                  <tr key={l.section} className="section">
                    <th scope="rowgroup" colSpan={columns.length + 1}>
                      {l.section}
                    </th>
                  </tr>
                ) : (
                  <tr key={l.label} className={l.strong ? 'strong' : ''} data-testid={l.testId}>
                    <th scope="row">{l.label}</th>
                    {columns.map((c) => (
                      <td key={c.key} className={`num ${c.total ? 'total' : ''}`}>
                        {c.total && l.own ? '' : l.cell(c)}
                      </td>
                    ))}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      </QueryView>
    </section>
  );
}
