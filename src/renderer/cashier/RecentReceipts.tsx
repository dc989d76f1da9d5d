import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { Settlement } from '../../shared/settlements';
import { Empty, ErrorBox, Money, Spinner } from '../components/ui';
import { get } from '../lib/api';
import { useCustomerNames } from '../lib/data';
import { fmtTime, TENDER_LABEL } from '../lib/format';
import { keys } from '../lib/query';

const SettlementList = z.object({ items: z.array(Settlement), nextCursor: z.string().nullable() });

/** The cashier's latest receipts, to show or reprint one. */
export function RecentReceipts({ onOpen }: { onOpen: (s: Settlement, customerName: string) => void }) {
  const q = useQuery({ queryKey: [...keys.settlements, 'recent'], queryFn: () => get('/api/v1/settlements?limit=15', SettlementList) });
  const names = useCustomerNames(q.data?.items.map((s) => s.customerId) ?? []);
  if (q.isPending) return <Spinner />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.items.length === 0) return <Empty>No receipts yet this session.</Empty>;
  return (
    <ul className="receipts-list">
      {q.data.items.map((s) => (
        <li key={s.id}>
          <button type="button" onClick={() => onOpen(s, names.get(s.customerId)?.name ?? '')} data-testid="recent-receipt">
            <span className="mono">{s.or_number}</span>
            <span className="muted small">
              {fmtTime(s.createdAt)} · {TENDER_LABEL[s.tender.method]} · {names.get(s.customerId)?.name ?? ''}
            </span>
            <span>
              {s.status === 'void' ? <span className="pill pill-void">Void</span> : null} <Money value={s.amount} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
