import type { Transaction } from '../../shared/index';
import { Empty, ErrorBox, Money, Spinner, StatusPill } from '../components/ui';
import { useCustomerNames, useLatestOr, useTransactions } from '../lib/data';
import { fmtDateTime, shortId } from '../lib/format';
import { useLive } from '../lib/live';
import { useFlashOnChange } from '../lib/useFlash';

/** The clerk's own transactions (the hub scopes the list), updated live. */
export function MyTransactions({ highlight }: { highlight: string | null }) {
  const list = useTransactions({});
  const live = useLive();
  const items = list.data?.items ?? [];
  const names = useCustomerNames(items.map((t) => t.customerId));
  const ors = useLatestOr(items.map((t) => t.id));

  if (list.isPending) return <Spinner label="Loading your transactions…" />;
  if (list.isError) return <ErrorBox error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) return <Empty>No transactions yet. Pick a customer and create one.</Empty>;
  return (
    <table className={`grid ${live.status !== 'online' ? 'stale' : ''}`} data-testid="my-transactions">
      <thead>
        <tr>
          <th>Ref</th>
          <th>Customer</th>
          <th>Created</th>
          <th className="num">Total</th>
          <th className="num">Paid</th>
          <th className="num">Balance</th>
          <th>Status</th>
          <th>Latest OR</th>
        </tr>
      </thead>
      <tbody>
        {items.map((t) => (
          <Row key={t.id} t={t} name={names.get(t.customerId)?.name} or={ors[t.id]} highlight={t.id === highlight} />
        ))}
      </tbody>
    </table>
  );
}

function Row({
  t,
  name,
  or,
  highlight,
}: {
  t: Transaction;
  name: string | undefined;
  or: { or_number: string; voided: boolean } | undefined;
  highlight: boolean;
}) {
  const flash = useFlashOnChange(`${t.payment_status}:${t.paid_amount}`);
  return (
    <tr data-testid="tx-row" data-tx-id={t.id} data-status={t.payment_status} className={`${flash ? 'flash' : ''} ${highlight ? 'highlight' : ''}`}>
      <td className="mono">{shortId(t.id)}</td>
      <td>
        {name ?? '…'}
        <div className="muted small">{t.lines.map((l) => l.description).join(', ')}</div>
      </td>
      <td className="small">{fmtDateTime(t.createdAt)}</td>
      <td className="num">
        <Money value={t.total_amount} />
      </td>
      <td className="num" data-testid="tx-paid">
        <Money value={t.paid_amount} />
      </td>
      <td className="num strong" data-testid="tx-balance">
        <Money value={t.balance_amount} />
      </td>
      <td>
        <StatusPill status={t.payment_status} />
      </td>
      <td className="mono small" data-testid="tx-or">
        {or ? (or.voided ? <s title="This receipt was voided">{or.or_number}</s> : or.or_number) : <span className="muted">—</span>}
        {or?.voided && <span className="muted"> voided</span>}
      </td>
    </tr>
  );
}
