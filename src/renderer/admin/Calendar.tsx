import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CalendarResponse } from '../../shared/backoffice';
import { ErrorBox, Spinner } from '../components/ui';
import { get, qs } from '../lib/api';
import { formatPeso } from '../lib/format';
import { keys } from '../lib/query';

const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A month: what falls due (red) and what was paid (green), per day. */
export function Calendar() {
  const [month, setMonth] = useState(() => {
    const d = new Date();
    return new Date(d.getFullYear(), d.getMonth(), 1);
  });
  const first = new Date(month.getFullYear(), month.getMonth(), 1);
  const last = new Date(month.getFullYear(), month.getMonth() + 1, 0);
  const q = useQuery({
    queryKey: [...keys.backoffice, 'calendar', iso(first)],
    queryFn: () => get(`/api/v1/backoffice/calendar${qs({ from: iso(first), to: iso(last) })}`, CalendarResponse),
  });
  const cells: (Date | null)[] = [...Array<null>(first.getDay()).fill(null)];
  for (let d = 1; d <= last.getDate(); d++) cells.push(new Date(month.getFullYear(), month.getMonth(), d));
  const today = iso(new Date());
  const shift = (n: number) => setMonth(new Date(month.getFullYear(), month.getMonth() + n, 1));
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{month.toLocaleDateString('en-PH', { month: 'long', year: 'numeric' })}</h2>
        <div className="actions">
          <button type="button" className="btn btn-small" onClick={() => shift(-1)}>
            ‹ Previous
          </button>
          <button type="button" className="btn btn-small" onClick={() => setMonth(new Date(new Date().getFullYear(), new Date().getMonth(), 1))}>
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
          {cells.map((d, i) => {
            if (!d) return <div key={`x${i}`} className="cal-cell empty-cell" />;
            const key = iso(d);
            const due = q.data.due.filter((x) => x.date === key);
            const paid = q.data.payments.filter((x) => x.date === key && !x.void);
            return (
              <div key={key} className={`cal-cell ${key === today ? 'today' : ''}`}>
                <div className="cal-day">{d.getDate()}</div>
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
