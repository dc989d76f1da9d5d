import type { Transaction } from '../../shared/index';
import { Empty, ErrorBox, Money, Spinner, StatusPill } from '../components/ui';
import { useCustomerNames, useLatestOr, useTransactions } from '../lib/data';
import { fmtDateTime, shortId } from '../lib/format';
import { useLive } from '../lib/live';
import { useFlashOnChange } from '../lib/useFlash';

/**
 * The clerk's own transactions (the hub scopes the list), updated live. Each row is a
 * button-sized target that opens the transaction's detail.
 */
export function MyTransactions({ highlight, onOpen }: { highlight: string | null; onOpen: (id: string) => void }) {
  const list = useTransactions({});
  const live = useLive();
  const items = list.data?.items ?? [];
  const names = useCustomerNames(items.map((t) => t.customerId));
  const ors = useLatestOr(items.map((t) => t.id));

  if (list.isPending) return <Spinner label="Loading your transactions…" />;
  if (list.isError) return <ErrorBox error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) return <Empty>No transactions yet. Pick a customer and create one.</Empty>;
  return (
    <table className={`grid my-tx ${live.status !== 'online' ? 'stale' : ''}`} data-testid="my-transactions">
      <thead>
        <tr>
          <th>Ref · customer</th>
          <th className="num">Balance</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((t) => (
          <Row key={t.id} t={t} name={names.get(t.customerId)?.name} or={ors[t.id]} highlight={t.id === highlight} onOpen={onOpen} />
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
  onOpen,
}: {
  t: Transaction;
  name: string | undefined;
  or: { or_number: string; voided: boolean } | undefined;
  highlight: boolean;
  onOpen: (id: string) => void;
}) {
  const flash = useFlashOnChange(`${t.payment_status}:${t.paid_amount}`);
  return (
    <tr data-testid="tx-row" data-tx-id={t.id} data-status={t.payment_status} className={`${flash ? 'flash' : ''} ${highlight ? 'highlight' : ''}`}>
      <td>
        <button type="button" className="row-open" onClick={() => onOpen(t.id)}>
          <span className="row-title">
            <span className="mono strong">{shortId(t.id)}</span> · <span className="strong">{name ?? '…'}</span>
          </span>
          <span className="muted small row-sub">
            {t.invoice && (
              <>
                <span className="mono nowrap" data-testid="tx-si">
                  {t.invoice.number}
                </span>{' '}
                ·{' '}
              </>
            )}
            {t.lines.map((l) => l.description).join(', ')} · {fmtDateTime(t.createdAt)}
          </span>
        </button>
      </td>
      <td className="num">
        {t.payment_status === 'void' ? (
          // A cancelled job order is owed by nobody: its total is struck through, no balance shown.
          <span className="muted" data-testid="tx-balance">
            <s>
              <Money value={t.total_amount} />
            </s>{' '}
            cancelled
          </span>
        ) : (
          <>
            <span className="strong" data-testid="tx-balance">
              <Money value={t.balance_amount} />
            </span>
            <div className="muted small">
              of <Money value={t.total_amount} /> · paid{' '}
              <span data-testid="tx-paid">
                <Money value={t.paid_amount} />
              </span>
            </div>
          </>
        )}
      </td>
      <td>
        <StatusPill status={t.payment_status} />
        <div className="mono small nowrap" data-testid="tx-or">
          {or ? or.voided ? <s title="This receipt was voided">{or.or_number}</s> : or.or_number : <span className="muted">—</span>}
          {or?.voided && <span className="muted"> voided</span>}
        </div>
      </td>
    </tr>
  );
}
