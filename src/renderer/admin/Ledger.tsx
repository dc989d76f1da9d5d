import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LedgerPage, type LedgerEntry } from '../../shared/backoffice';
import { LedgerEntryType, type Customer } from '../../shared/index';
import { CustomerPicker } from '../components/CustomerPicker';
import { Money, QueryView } from '../components/ui';
import { download, get, qs } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { fmtDateTime, formatPeso, shortId } from '../lib/format';
import { keys } from '../lib/query';
import { VirtualTable } from './VirtualTable';

const PAGE = 200;
const TYPE_LABEL: Record<LedgerEntryType, string> = {
  charge: 'Charge',
  payment: 'Payment',
  void: 'Void',
  refund: 'Refund',
  adjustment: 'Adjustment',
  credit: 'Deposit',
};

/**
 * An entry's amount as what it does to what the customer owes: "+₱500.00 owed" for a
 * charge, "−₱500.00 paid" in green for a payment. A payment is good news, not a red minus.
 */
function LedgerAmount({ e }: { e: LedgerEntry }) {
  const sign = e.amount > 0 ? '+' : e.amount < 0 ? '−' : '';
  const tone = e.amount < 0 ? 'amt-down' : e.amount > 0 ? 'amt-up' : '';
  return (
    <span className={`money ${tone}`} title={e.amount < 0 ? 'lowers what the customer owes' : 'adds to what the customer owes'}>
      {sign}
      {formatPeso(Math.abs(e.amount))}
    </span>
  );
}

/**
 * Ledger history, store-wide or for one customer: filter by type and dates, CSV export.
 * Pages of 200 by keyset (the hub walks the id index, so the 100,000th row costs what the
 * first does) into a virtualised table that only draws the rows in view.
 */
export function Ledger() {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [type, setType] = useState<LedgerEntryType | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [exportError, setExportError] = useState<string | null>(null);
  const filter = { customerId: customer?.id, type: type || undefined, from: from || undefined, to: to || undefined };
  const q = useInfiniteQuery({
    queryKey: [...keys.backoffice, 'ledger', filter],
    queryFn: ({ pageParam }) => get(`/api/v1/backoffice/ledger${qs({ ...filter, limit: PAGE, beforeId: pageParam })}`, LedgerPage),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.pagination.hasMore ? last.entries.at(-1)?.id : undefined),
    placeholderData: keepPreviousData,
  });
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  const total = q.data?.pages[0]?.pagination.total ?? 0;

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
          <CustomerPicker selected={customer} onSelect={setCustomer} allowCreate={false} compact placeholder="All customers — type to filter…" />
        </div>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value as LedgerEntryType | '')} aria-label="Entry type">
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
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {exportError && <div className="error-box">{exportError}</div>}
      <p className="muted small" data-testid="ledger-count">
        {total.toLocaleString('en-PH')} {total === 1 ? 'entry' : 'entries'}, newest first{entries.length < total ? ` · ${entries.length.toLocaleString('en-PH')} loaded` : ''}
      </p>
      <QueryView query={q} isEmpty={entries.length === 0} empty="No ledger entries match.">
        <VirtualTable
          items={entries}
          itemKey={(e) => e.id}
          columns={8}
          estimate={52}
          label="Ledger entries"
          className={`ledger ${q.isPlaceholderData ? 'stale' : ''}`}
          testId="ledger"
          hasMore={q.hasNextPage}
          loadingMore={q.isFetchingNextPage}
          onNearEnd={() => void q.fetchNextPage()}
          head={
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
          }
          renderItem={(e) => (
            <tr className={`lt-${e.type}`} data-testid="ledger-row" data-type={e.type}>
              <td className="mono small">{e.id}</td>
              <td className="small">{fmtDateTime(e.createdAt)}</td>
              <td className="wrap-text">{e.customerName}</td>
              <td>
                <span className={`type-tag t-${e.type}`}>{TYPE_LABEL[e.type]}</span>
              </td>
              <td className="num">
                <LedgerAmount e={e} />
              </td>
              <td className="num strong">
                <Money value={e.balanceAfter} />
              </td>
              <td className="mono small">{e.orNumber ?? (e.transactionId ? `#${shortId(e.transactionId)}` : '—')}</td>
              <td className="small wrap-text">
                {e.actorName ?? e.actorId}
                {e.reason ? <div className="muted">{e.reason}</div> : null}
              </td>
            </tr>
          )}
        />
      </QueryView>
    </section>
  );
}
