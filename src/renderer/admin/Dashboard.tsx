import { useQuery } from '@tanstack/react-query';
import { DashboardResponse } from '../../shared/backoffice';
import type { SetupItem } from '../../shared/setup';
import { ErrorBox, Money, Spinner } from '../components/ui';
import { get } from '../lib/api';
import { fmtDate, TENDER_LABEL } from '../lib/format';
import { keys } from '../lib/query';
import { DailyChart, HBarChart } from './charts';
import { SetupChecklist } from './setup/SetupChecklist';

// Older is worse: from a calm slate through amber to red. Nothing owed reads as "good" green.
const AGING_COLOR: Record<string, string> = { '0-30': '#6b8299', '31-60': '#d39a1c', '61-90': '#d9661f', '90+': '#b42318' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface Props {
  onOpenRequests: () => void;
  pendingRequests: number;
  /** Takes the admin to where a missing setup item is filled in. */
  onFixSetup: (item: SetupItem) => void;
}

/** The BIR setup checklist (while incomplete), then today at a glance: collections, receivables and their age, credit exposure. Live. */
export function Dashboard({ onFixSetup, ...rest }: Props) {
  return (
    <>
      <SetupChecklist onFix={onFixSetup} />
      <Today {...rest} />
    </>
  );
}

function Today({ onOpenRequests, pendingRequests }: Omit<Props, 'onFixSetup'>) {
  const q = useQuery({ queryKey: [...keys.backoffice, 'dashboard'], queryFn: () => get('/api/v1/backoffice/dashboard', DashboardResponse) });
  if (q.isPending) return <Spinner label="Loading today’s figures…" />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  return (
    <div className="dashboard" data-testid="dashboard">
      {pendingRequests > 0 && (
        <div className="waiting" role="status" data-testid="dashboard-requests">
          <span className="badge badge-large" aria-hidden>
            {pendingRequests}
          </span>
          <span>
            <strong>{pendingRequests === 1 ? 'A request is' : `${pendingRequests} requests are`} waiting for your approval</strong>
            <span className="muted small"> · void and approval requests from the counters</span>
          </span>
          <button type="button" className="btn btn-primary" onClick={onOpenRequests}>
            Review {pendingRequests === 1 ? 'it' : 'them'}
          </button>
        </div>
      )}
      <div className="cards">
        <div className="card">
          <div className="card-label">Collected today</div>
          <Money value={d.collectionsTotal} className="amount-xl" />
          <div className="muted small">
            {fmtDate(d.businessDate)} · {plural(d.collections.reduce((s, c) => s + c.count, 0), 'receipt')}
            {d.voids.count > 0 && (
              <>
                {' '}
                · {d.voids.count} voided (<Money value={d.voids.amount} />)
              </>
            )}
          </div>
        </div>
        <div className="card">
          <div className="card-label">Outstanding receivables</div>
          <Money value={d.outstanding.amount} className="amount-xl" />
          <div className="muted small">
            {plural(d.outstanding.transactions, 'open transaction')} · {plural(d.outstanding.customers, 'customer')}
          </div>
        </div>
        <div className="card">
          <div className="card-label">Average days to pay</div>
          <div className="amount-xl">{d.avgDaysToPay === null ? '—' : d.avgDaysToPay < 1 ? 'Same day' : `${d.avgDaysToPay} days`}</div>
          <div className="muted small">fully paid in the last 90 days</div>
        </div>
        <div className="card">
          <div className="card-label">Credit used</div>
          <Money value={d.credit.totalOwing} className="amount-xl" />
          <div className="muted small">
            {d.credit.totalLimit > 0 ? (
              <>
                of <Money value={d.credit.totalLimit} /> in credit limits
              </>
            ) : (
              'no customer has a credit limit yet'
            )}
          </div>
        </div>
      </div>
      <div className="chart-grid">
        <section className="panel">
          <h3>Today’s collections by tender</h3>
          <HBarChart title="Collections by tender" bars={d.collections.map((c) => ({ label: TENDER_LABEL[c.method], value: c.amount }))} />
        </section>
        <section className="panel">
          <h3>Receivables by age (days)</h3>
          <HBarChart
            title="Aging"
            bars={d.aging.map((a) => ({ label: `${a.bucket} (${a.count})`, value: a.amount, color: AGING_COLOR[a.bucket] }))}
          />
        </section>
        <section className="panel">
          <h3>Collections, last 14 days</h3>
          <DailyChart title="Daily collections" days={d.daily} />
        </section>
        <section className="panel">
          <h3>
            Customers at or over {d.credit.alertPercent}% of their credit limit <span className="count">{d.credit.customers.length}</span>
          </h3>
          {d.credit.customers.length === 0 ? (
            <p className="muted">Nobody is near their limit.</p>
          ) : (
            <table className="grid">
              <thead>
                <tr>
                  <th>Customer</th>
                  <th className="num">Owes</th>
                  <th className="num">Limit</th>
                  <th className="num">Used</th>
                </tr>
              </thead>
              <tbody>
                {d.credit.customers.map((c) => (
                  <tr key={c.customerId}>
                    <td>{c.name}</td>
                    <td className="num">
                      <Money value={c.owing} />
                    </td>
                    <td className="num">
                      <Money value={c.creditLimit} />
                    </td>
                    <td className="num">
                      <span className={`pill ${c.over ? 'pill-unpaid' : 'pill-partial'}`}>{c.over ? `over · ${c.percent}%` : `${c.percent}%`}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}
