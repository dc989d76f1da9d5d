import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { Settlement, SettlementResponse } from '../../shared/settlements';
import type { Refund } from '../../shared/shifts';
import { ReasonDialog } from '../components/ReasonDialog';
import { Money, QueryView } from '../components/ui';
import { get, post, qs } from '../lib/api';
import { useCustomerNames } from '../lib/data';
import { fmtDateTime, TENDER_LABEL } from '../lib/format';
import { keys } from '../lib/query';
import { RefundDialog } from './RefundDialog';
import { VirtualTable } from './VirtualTable';
import { VoidRequests } from './VoidRequests';

const SettlementList = z.object({ items: z.array(Settlement), nextCursor: z.string().nullable() });

/**
 * Cashiers' void requests, then every receipt, newest first (cursor pages into a virtualised
 * table, so a year of receipts scrolls as fast as a day's); void one with a reason, or
 * refund part or all of it.
 */
export function Settlements() {
  const [status, setStatus] = useState<'' | 'posted' | 'void'>('');
  const [voiding, setVoiding] = useState<Settlement | null>(null);
  const [refunding, setRefunding] = useState<Settlement | null>(null);
  const [refunded, setRefunded] = useState<Refund | null>(null);
  const list = useInfiniteQuery({
    queryKey: [...keys.settlements, 'admin', status],
    queryFn: ({ pageParam }) => get(`/api/v1/settlements${qs({ limit: 100, status, cursor: pageParam })}`, SettlementList),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const names = useCustomerNames(items.map((s) => s.customerId));

  return (
    <>
      <VoidRequests />
      <section className="panel">
        <div className="panel-head">
          <h2>Receipts (settlements)</h2>
          <label>
            Show{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
              <option value="">all</option>
              <option value="posted">posted</option>
              <option value="void">void</option>
            </select>
          </label>
        </div>
        {refunded && (
          <div className="notice" data-testid="refund-notice">
            Refunded <Money value={refunded.amount} /> on <span className="mono">{refunded.orNumber}</span> ({TENDER_LABEL[refunded.method]}): {refunded.reason}
          </div>
        )}
        <QueryView query={list} isEmpty={items.length === 0} empty="No receipts yet.">
          <VirtualTable
            items={items}
            itemKey={(s) => s.id}
            columns={7}
            estimate={56}
            label="Receipts"
            testId="settlements"
            hasMore={list.hasNextPage}
            loadingMore={list.isFetchingNextPage}
            onNearEnd={() => void list.fetchNextPage()}
            head={
              <tr>
                <th>OR number</th>
                <th>Date</th>
                <th>Customer</th>
                <th>Tender</th>
                <th className="num">Amount</th>
                <th>Status</th>
                <th />
              </tr>
            }
            renderItem={(s) => (
                <tr data-testid="settlement-row" data-or={s.or_number} className={s.status === 'void' ? 'voided' : ''}>
                  <td className="mono">{s.or_number}</td>
                  <td className="small">{fmtDateTime(s.createdAt)}</td>
                  <td>{names.get(s.customerId)?.name ?? '…'}</td>
                  <td>
                    {TENDER_LABEL[s.tender.method]}
                    {s.tender.reference ? <span className="muted small"> · {s.tender.reference}</span> : null}
                  </td>
                  <td className="num">
                    <Money value={s.amount} />
                  </td>
                  <td>
                    {s.status === 'void' ? (
                      <span className="pill pill-void" title={s.voidReason ?? ''}>
                        Void
                      </span>
                    ) : (
                      <span className="pill pill-paid">Posted</span>
                    )}
                    {s.status === 'void' && s.voidReason && <div className="muted small">{s.voidReason}</div>}
                  </td>
                  <td>
                    {s.status === 'posted' && (
                      <div className="row-actions">
                        <button type="button" className="btn btn-small" onClick={() => (setRefunded(null), setRefunding(s))} data-testid="refund-button">
                          Refund…
                        </button>
                        <button type="button" className="btn btn-small btn-danger" onClick={() => setVoiding(s)} data-testid="void-button">
                          Void…
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
            )}
          />
        </QueryView>
        {refunding && (
          <RefundDialog
            settlement={refunding}
            customerName={names.get(refunding.customerId)?.name ?? ''}
            onDone={(r) => {
              setRefunding(null);
              setRefunded(r);
            }}
            onClose={() => setRefunding(null)}
          />
        )}
        {voiding && <VoidDialog settlement={voiding} customerName={names.get(voiding.customerId)?.name ?? ''} onClose={() => setVoiding(null)} />}
      </section>
    </>
  );
}

/** Voids a receipt outright (the admin's own step; a cashier asks through a void request). */
function VoidDialog({ settlement, customerName, onClose }: { settlement: Settlement; customerName: string; onClose: () => void }) {
  const qc = useQueryClient();
  const mut = useMutation({
    mutationFn: (reason: string) => post(`/api/v1/settlements/${encodeURIComponent(settlement.id)}/void`, { reason }, SettlementResponse),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.settlements });
      void qc.invalidateQueries({ queryKey: keys.transactions });
      onClose();
    },
  });
  return (
    <ReasonDialog
      label="Void receipt"
      title={
        <>
          Void <span className="mono">{settlement.or_number}</span>?
        </>
      }
      placeholder="e.g. wrong customer, cashier error"
      minLength={3}
      confirmLabel="Void receipt"
      busyLabel="Voiding…"
      busy={mut.isPending}
      error={mut.isError ? mut.error : null}
      testId="void-dialog"
      reasonTestId="void-reason"
      confirmTestId="void-confirm"
      onConfirm={(reason) => mut.mutate(reason)}
      onCancel={onClose}
    >
      <p>
        <Money value={settlement.amount} /> from {customerName || 'this customer'}. The OR number stays used and the receipt is kept, marked VOID;
        what it paid goes back onto the customer’s balance.
      </p>
    </ReasonDialog>
  );
}
