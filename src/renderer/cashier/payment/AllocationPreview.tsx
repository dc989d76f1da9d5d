import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef } from 'react';
import { orderForStrategy } from '../../../core/allocation';
import { centavos } from '../../../core/money';
import type { AllocationStrategy, PreviewResponse, Transaction } from '../../../shared/index';
import { Money, PesoInput, StatusPill } from '../../components/ui';
import { fmtDate, formatPeso, shortId, STRATEGY_LABEL } from '../../lib/format';

/** The open transactions in the order the chosen strategy pays them (the hub's own order). */
export function useAllocationOrder(open: Transaction[], strategy: AllocationStrategy): Transaction[] {
  return useMemo(() => {
    if (strategy === 'manual') return open;
    const byId = new Map(open.map((t) => [t.id, t]));
    const ordered = orderForStrategy(
      open.map((t) => ({ id: t.id, balance: centavos(t.balance_amount), dueDate: t.dueDate ?? null, createdAt: t.createdAt })),
      strategy,
    );
    return ordered.map((o) => byId.get(o.id)!);
  }, [open, strategy]);
}

const ROW_ESTIMATE = 56;

/**
 * "Where the money goes": each open transaction in payment order, what this payment
 * applies to it and what stays owing. Only the rows in view are rendered, so a customer
 * with thousands of open job orders keeps a responsive screen.
 */
export function AllocationPreview({ rows, strategy, preview, updating, manual, onManual }: {
  rows: Transaction[];
  strategy: AllocationStrategy;
  preview: PreviewResponse | undefined;
  updating: boolean;
  manual: Record<string, number | null>;
  onManual: (transactionId: string, centavos: number | null) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const allocated = useMemo(() => new Map((preview?.allocations ?? []).map((a) => [a.transactionId, a.amount])), [preview]);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 6,
    getItemKey: (i) => rows[i]!.id,
  });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const isManual = strategy === 'manual';

  return (
    <>
      <div className="field-label" id="alloc-caption">
        Where the money goes{' '}
        <span className="muted small">
          · {isManual ? 'the amounts you enter' : `in this order: ${STRATEGY_LABEL[strategy].toLowerCase()}`}
          {rows.length > 1 && ` · ${rows.length} open`}
          {updating && ' · updating…'}
        </span>
      </div>
      <div className="alloc-scroll" ref={scroller} tabIndex={rows.length > 8 ? 0 : undefined} aria-labelledby="alloc-caption" role={rows.length > 8 ? 'region' : undefined}>
        <table className="grid alloc" data-testid="allocation-preview" aria-labelledby="alloc-caption">
          <thead>
            <tr>
              <th className="num order">#</th>
              <th>Transaction</th>
              <th className="num">Balance</th>
              <th className="num">{isManual ? 'Pay' : 'Applied'}</th>
              <th className="num">After</th>
            </tr>
          </thead>
          <tbody>
            {top > 0 && <tr aria-hidden style={{ height: top }} />}
            {items.map((v) => {
              const t = rows[v.index]!;
              const amount = isManual ? (manual[t.id] ?? 0) : (allocated.get(t.id) ?? 0);
              return (
                <AllocationRow
                  key={t.id}
                  index={v.index}
                  measure={virtual.measureElement}
                  t={t}
                  amount={amount}
                  manual={isManual}
                  manualValue={manual[t.id] ?? null}
                  onManual={onManual}
                />
              );
            })}
            {bottom > 0 && <tr aria-hidden style={{ height: bottom }} />}
          </tbody>
        </table>
      </div>
      {preview && (preview.creditAmount > 0 || (preview.creditUsed ?? 0) > 0) && (
        <div className="notice small">
          {preview.creditAmount > 0 && <>Kept as deposit: {formatPeso(preview.creditAmount)}. </>}
          {(preview.creditUsed ?? 0) > 0 && <>Deposit used: {formatPeso(preview.creditUsed ?? 0)}.</>}
        </div>
      )}
    </>
  );
}

const AllocationRow = memo(function AllocationRow({ index, measure, t, amount, manual, manualValue, onManual }: {
  index: number;
  measure: (el: Element | null) => void;
  t: Transaction;
  amount: number;
  manual: boolean;
  manualValue: number | null;
  onManual: (transactionId: string, centavos: number | null) => void;
}) {
  const what = t.lines.map((l) => l.description).join(', ');
  return (
    <tr ref={measure} data-index={index} className={amount > 0 ? 'applied' : ''} data-testid="alloc-row" data-tx-id={t.id}>
      <td className="num order muted">{index + 1}</td>
      <td className="alloc-what">
        <span className="mono">#{shortId(t.id)}</span> <StatusPill status={t.payment_status} />
        <div className="muted small ellipsis" title={what}>
          {t.dueDate ? `due ${fmtDate(t.dueDate)}` : 'no due date'} · {what}
        </div>
      </td>
      <td className="num">
        <Money value={t.balance_amount} />
      </td>
      <td className="num">
        {manual ? (
          <PesoInput ariaLabel={`Pay on #${shortId(t.id)}`} value={manualValue} onChange={(c) => onManual(t.id, c)} />
        ) : amount > 0 ? (
          <Money value={amount} className="strong" />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num">
        <Money value={t.balance_amount - amount} />
      </td>
    </tr>
  );
});
