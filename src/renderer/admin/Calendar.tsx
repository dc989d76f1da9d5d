import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CalendarResponse } from '../../shared/backoffice';
import { ErrorBox, Spinner } from '../components/ui';
import { get, qs } from '../lib/api';
import { fmtMonth, formatPeso, todayIso } from '../lib/format';
import { keys } from '../lib/query';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A calendar month (month 1–12), with no zone: the store's days, not the PC's. */
export interface Month {
  year: number;
  month: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The month the store is in now (its time zone, as every screen and the paper). */
export function storeMonth(): Month {
  const today = todayIso();
  return { year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) };
}

export function addMonths(m: Month, n: number): Month {
  const i = m.year * 12 + (m.month - 1) + n;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/**
 * The month's grid, Sunday first: `null` for the blanks before the 1st, then each day
 * as `YYYY-MM-DD`. Pure calendar arithmetic (UTC fields), whatever zone the PC is in.
 */
export function monthGrid(m: Month): (string | null)[] {
  const blanks = new Date(Date.UTC(m.year, m.month - 1, 1)).getUTCDay();
  const days = new Date(Date.UTC(m.year, m.month, 0)).getUTCDate();
  const cells: (string | null)[] = Array<null>(blanks).fill(null);
  for (let d = 1; d <= days; d++) cells.push(`${m.year}-${pad(m.month)}-${pad(d)}`);
  return cells;
}

/** A month: what falls due (red) and what was paid (green), per day of the store's calendar. */
export function Calendar() {
  const [month, setMonth] = useState(storeMonth);
  const first = `${month.year}-${pad(month.month)}-01`;
  const cells = monthGrid(month);
  const last = cells[cells.length - 1]!;
  const q = useQuery({
    queryKey: [...keys.backoffice, 'calendar', first],
    queryFn: () => get(`/api/v1/backoffice/calendar${qs({ from: first, to: last })}`, CalendarResponse),
  });
  const today = todayIso();
  const shift = (n: number) => setMonth(addMonths(month, n));
  return (
    <section className="panel">
      <div className="panel-head">
        <h2 data-testid="calendar-month">{fmtMonth(first)}</h2>
        <div className="actions">
          <button type="button" className="btn btn-small" onClick={() => shift(-1)}>
            ‹ Previous
          </button>
          <button type="button" className="btn btn-small" onClick={() => setMonth(storeMonth())}>
            This month
          </button>
          <button type="button" className="btn btn-small" onClick={() => shift(1)}>
            Next ›
          </button>
        </div>
      </div>
      {q.isPending ? (
        <Spinner />
      ) : q.isError ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div className="calendar" data-testid="calendar">
          {WEEKDAYS.map((w) => (
            <div key={w} className="cal-head">
              {w}
            </div>
          ))}
          {cells.map((key, i) => {
            if (!key) return <div key={`x${i}`} className="cal-cell empty-cell" />;
            const due = q.data.due.filter((x) => x.date === key);
            const paid = q.data.payments.filter((x) => x.date === key && !x.void);
            return (
              <div key={key} className={`cal-cell ${key === today ? 'today' : ''}`} data-date={key}>
                <div className="cal-day">{Number(key.slice(8, 10))}</div>
                {due.length > 0 && (
                  <div className="cal-due" title={due.map((x) => `${x.customerName}: ${formatPeso(x.balance)}`).join('\n')}>
                    Due {formatPeso(due.reduce((s, x) => s + x.balance, 0))} · {due.length}
                  </div>
                )}
                {paid.length > 0 && (
                  <div className="cal-paid" title={paid.map((x) => `${x.orNumber} ${x.customerName}: ${formatPeso(x.amount)}`).join('\n')}>
                    Paid {formatPeso(paid.reduce((s, x) => s + x.amount, 0))} · {paid.length}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
