import type { Transaction } from '../../shared/index';
import { Empty, ErrorBox, Money, Spinner, StatusPill } from '../components/ui';
import { isOpen, useCustomerNames, useTransactions } from '../lib/data';
import { fmtTime, fmtDate } from '../lib/format';
import { useLive } from '../lib/live';
import { useFlashOnChange } from '../lib/useFlash';

export interface QueueEntry {
  customerId: string;
  name: string;
  transactions: Transaction[];
  balance: number;
  oldest: string;
}

/** Open transactions (unpaid / partial), live, one row per customer in order of arrival. */
export function useQueue() {
  const list = useTransactions({});
  const open = (list.data?.items ?? []).filter(isOpen);
  const names = useCustomerNames(open.map((t) => t.customerId));
  const byCustomer = new Map<string, QueueEntry>();
  for (const t of [...open].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))) {
    const e = byCustomer.get(t.customerId) ?? {
      customerId: t.customerId,
      name: names.get(t.customerId)?.name ?? '…',
      transactions: [],
      balance: 0,
      oldest: t.createdAt,
    };
    e.transactions.push(t);
    e.balance += t.balance_amount;
    byCustomer.set(t.customerId, e);
  }
  return { list, entries: [...byCustomer.values()], names };
}

export function Queue({
  queue,
  selectedId,
  onSelect,
}: {
  queue: ReturnType<typeof useQueue>;
  selectedId: string | null;
  onSelect: (customerId: string) => void;
}) {
  const live = useLive();
  const { list, entries } = queue;
  if (list.isPending) return <Spinner label="Loading the queue…" />;
  if (list.isError) return <ErrorBox error={list.error} onRetry={() => void list.refetch()} />;
  if (entries.length === 0) return <Empty>No open transactions. New job orders appear here the moment they are created.</Empty>;
  return (
    <ol className={`queue ${live.status !== 'online' ? 'stale' : ''}`} data-testid="queue">
      {entries.map((e, i) => (
        <QueueRow key={e.customerId} entry={e} index={i} selected={e.customerId === selectedId} onSelect={onSelect} />
      ))}
    </ol>
  );
}

function QueueRow({
  entry: e,
  index,
  selected,
  onSelect,
}: {
  entry: QueueEntry;
  index: number;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const flash = useFlashOnChange(`${e.balance}:${e.transactions.length}`);
  const partial = e.transactions.some((t) => t.payment_status === 'partial');
  const due = e.transactions.map((t) => t.dueDate).filter((d): d is string => !!d).sort()[0];
  return (
    <li
      data-testid="queue-row"
      data-customer-id={e.customerId}
      data-tx-ids={e.transactions.map((t) => t.id).join(' ')}
      className={`${selected ? 'selected' : ''} ${flash ? 'flash' : ''}`}
    >
      <button type="button" onClick={() => onSelect(e.customerId)}>
        <span className="q-index">{index < 9 ? index + 1 : ''}</span>
        <span className="q-main">
          <span className="q-name">{e.name}</span>
          <span className="muted small">
            {e.transactions.length} open · since {fmtTime(e.oldest)}
            {due ? ` · due ${fmtDate(due)}` : ''}
          </span>
        </span>
        <span className="q-right">
          <Money value={e.balance} className="q-amount" />
          <StatusPill status={partial ? 'partial' : 'unpaid'} />
        </span>
      </button>
    </li>
  );
}
