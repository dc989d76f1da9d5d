import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LedgerPage } from '../../shared/backoffice';
import { LedgerEntryType, type Customer } from '../../shared/index';
import { CustomerPicker } from '../components/CustomerPicker';
import { Empty, ErrorBox, Money, Spinner } from '../components/ui';
import { download, get, qs } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { fmtDateTime, shortId } from '../lib/format';
import { keys } from '../lib/query';

const PAGE = 100;
const TYPE_LABEL: Record<LedgerEntryType, string> = {
  charge: 'Charge',
  payment: 'Payment',
  void: 'Void',
  refund: 'Refund',
  adjustment: 'Adjustment',
  credit: 'Deposit',
};

/**
 * Ledger history, store-wide or for one customer: filter by type and dates, 100 rows a
 * page (the hub counts and pages in SQL, so 100k rows cost the same as 100), CSV export.
 */
export function Ledger() {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [type, setType] = useState<LedgerEntryType | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(0);
  const [exportError, setExportError] = useState<string | null>(null);
  const filter = { customerId: customer?.id, type: type || undefined, from: from || undefined, to: to || undefined };
  const q = useQuery({
    queryKey: [...keys.backoffice, 'ledger', filter, page],
    queryFn: () => get(`/api/v1/backoffice/ledger${qs({ ...filter, limit: PAGE, offset: page * PAGE })}`, LedgerPage),
    placeholderData: keepPreviousData,
  });
  const total = q.data?.pagination.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const reset = () => setPage(0);

  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Ledger {customer ? `· ${customer.name}` : '· whole store'}</h2>
        <button
          type="button"
          className="btn"
          data-testid="ledger-csv"
          onClick={() => {
            setExportError(null);
            download(`/api/v1/backoffice/ledger.csv${qs(filter)}`, 'kahera-ledger.csv').catch((e: unknown) => setExportError(friendlyError(e)));
          }}
        >
          Export CSV
        </button>
      </div>
      <div className="filters">
        <div className="filter-customer">
          <CustomerPicker selected={customer} onSelect={(c) => (setCustomer(c), reset())} allowCreate={false} compact placeholder="All customers — type to filter…" />
        </div>
        <label>
          Type
          <select value={type} onChange={(e) => (setType(e.target.value as LedgerEntryType | ''), reset())} aria-label="Entry type">
            <option value="">all types</option>
            {LedgerEntryType.options.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => (setFrom(e.target.value), reset())} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => (setTo(e.target.value), reset())} />
        </label>
      </div>
      {exportError && <div className="error-box">{exportError}</div>}
      {q.isPending ? (
        <Spinner />
      ) : q.isError ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.entries.length === 0 ? (
        <Empty>No ledger entries match.</Empty>
      ) : (
        <table className={`grid ledger ${q.isPlaceholderData ? 'stale' : ''}`} data-testid="ledger">
          <thead>
            <tr>
              <th>#</th>
              <th>When</th>
              <th>Customer</th>
              <th>Type</th>
              <th className="num">Amount</th>
              <th className="num">Balance after</th>
              <th>OR / transaction</th>
              <th>By · reason</th>
            </tr>
          </thead>
          <tbody>
            {q.data.entries.map((e) => (
              <tr key={e.id} className={`lt-${e.type}`} data-testid="ledger-row" data-type={e.type}>
                <td className="mono small">{e.id}</td>
                <td className="small">{fmtDateTime(e.createdAt)}</td>
                <td>{e.customerName}</td>
                <td>
                  <span className={`type-tag t-${e.type}`}>{TYPE_LABEL[e.type]}</span>
                </td>
                <td className="num">
                  <Money value={e.amount} />
                </td>
                <td className="num strong">
                  <Money value={e.balanceAfter} />
                </td>
                <td className="mono small">{e.orNumber ?? (e.transactionId ? `#${shortId(e.transactionId)}` : '—')}</td>
                <td className="small">
                  {e.actorName ?? e.actorId}
                  {e.reason ? <div className="muted">{e.reason}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => setPage(0)}>
          « First
        </button>
        <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
          ‹ Newer
        </button>
        <span className="muted small">
          Page {page + 1} of {pages} · {total.toLocaleString('en-PH')} {total === 1 ? 'entry' : 'entries'}
        </span>
        <button type="button" className="btn btn-small" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>
          Older ›
        </button>
        <button type="button" className="btn btn-small" disabled={page + 1 >= pages} onClick={() => setPage(pages - 1)}>
          Last »
        </button>
      </div>
    </section>
  );
}
