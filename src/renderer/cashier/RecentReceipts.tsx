import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { Settlement } from '../../shared/settlements';
import { VoidRequestList, type VoidRequest } from '../../shared/void-requests';
import { Empty, ErrorBox, Money, Spinner } from '../components/ui';
import { get } from '../lib/api';
import { useCustomerNames } from '../lib/data';
import { fmtTime, TENDER_LABEL } from '../lib/format';
import { keys } from '../lib/query';
import { ownVoidRequestsKey, VoidRequestDialog } from './VoidRequestDialog';

const SettlementList = z.object({ items: z.array(Settlement), nextCursor: z.string().nullable() });

/** The cashier's latest receipts, to show or reprint one, or to ask an admin to void one. */
export function RecentReceipts({ onOpen }: { onOpen: (s: Settlement) => void }) {
  const q = useQuery({ queryKey: [...keys.settlements, 'recent'], queryFn: () => get('/api/v1/settlements?limit=15', SettlementList) });
  // The admin's decision arrives with the settlement.voided broadcast (approve) or not at all
  // (reject): poll gently so "Rejected: …" shows up without a reload.
  const requests = useQuery({ queryKey: ownVoidRequestsKey, queryFn: () => get('/api/v1/void-requests?limit=100', VoidRequestList), refetchInterval: 15_000 });
  const names = useCustomerNames(q.data?.items.map((s) => s.customerId) ?? []);
  const [asking, setAsking] = useState<Settlement | null>(null);
  if (q.isPending) return <Spinner />;
  if (q.isError) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.items.length === 0) return <Empty>No receipts yet this session.</Empty>;
  // Newest first: the first request seen for a receipt is its latest.
  const latest = new Map<string, VoidRequest>();
  for (const r of requests.data?.items ?? []) if (!latest.has(r.settlementId)) latest.set(r.settlementId, r);
  return (
    <>
      <ul className="receipts-list">
        {q.data.items.map((s) => {
          const req = latest.get(s.id);
          return (
            <li key={s.id} data-testid="recent-receipt-item" data-or={s.or_number} data-document={s.documentType}>
              <button type="button" onClick={() => onOpen(s)} data-testid="recent-receipt">
                <span className="mono">{s.or_number}</span>
                <span className="muted small">
                  {fmtTime(s.createdAt)} · {TENDER_LABEL[s.tender.method]} · {names.get(s.customerId)?.name ?? ''}
                </span>
                <span>
                  {s.status === 'void' ? <span className="pill pill-void">Void</span> : null} <Money value={s.amount} />
                </span>
              </button>
              <VoidState settlement={s} request={req} onAsk={() => setAsking(s)} />
            </li>
          );
        })}
      </ul>
      {asking && <VoidRequestDialog settlement={asking} customerName={names.get(asking.customerId)?.name ?? ''} onClose={() => setAsking(null)} />}
    </>
  );
}

/** Where a receipt stands on voids: voided, waiting for an admin, rejected (with the note), or askable. */
function VoidState({ settlement, request, onAsk }: { settlement: Settlement; request: VoidRequest | undefined; onAsk: () => void }) {
  let state = null;
  if (settlement.status === 'void') state = <span className="muted small">Voided</span>;
  else if (request?.status === 'pending') state = <span className="pill pill-partial">Void requested</span>;
  else if (request?.status === 'rejected') state = <span className="small" style={{ color: 'var(--bad)' }}>Rejected: {request.decisionNote}</span>;
  const askable = settlement.status === 'posted' && request?.status !== 'pending';
  if (!state && !askable) return null;
  return (
    <div className="row-actions small" style={{ alignItems: 'center', padding: '0.15rem 0.2rem 0.3rem' }} data-testid="void-state">
      {state}
      {askable && (
        // `.receipts-list button` lays out the whole receipt row; this one is an ordinary small button.
        <button type="button" className="btn btn-small" style={{ width: 'auto', display: 'inline-block' }} onClick={onAsk} data-testid="request-void">
          Request void…
        </button>
      )}
    </div>
  );
}
