import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ListReadingsResponse, type Reading } from '../../../shared/readings';
import { Money, QueryView } from '../../components/ui';
import { get, qs } from '../../lib/api';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { keys } from '../../lib/query';

/** Every X and Z taken, newest first, 25 at a time; "View" opens one. */
export function ReadingsList({ nameOf, onView }: { nameOf: (id: string) => string; onView: (r: Reading) => void }) {
  const [kind, setKind] = useState<'' | 'x' | 'z'>('');
  const list = useInfiniteQuery({
    queryKey: [...keys.readings, kind],
    queryFn: ({ pageParam }) => get(`/api/v1/readings${qs({ kind, limit: 25, cursor: pageParam })}`, ListReadingsResponse),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Readings taken</h2>
        <label>
          Show{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} aria-label="Reading kind">
            <option value="">X and Z</option>
            <option value="x">X-readings (shifts)</option>
            <option value="z">Z-readings (days)</option>
          </select>
        </label>
      </div>
      <QueryView query={list} isEmpty={items.length === 0} empty="No readings yet. Cashiers take X-readings from their shift bar; the Z-reading is taken here at the end of the day.">
        <table className="grid" data-testid="readings">
          <thead>
            <tr>
              <th>Reading</th>
              <th>For</th>
              <th>Taken</th>
              <th className="num">Receipts</th>
              <th className="num">Net sales</th>
              <th className="num">Collections</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-testid="reading-row" data-kind={r.kind}>
                <td>
                  <span className={`type-tag ${r.kind === 'z' ? 't-z' : 't-x'}`}>{r.kind.toUpperCase()}</span> #{r.kind === 'z' ? r.zCounter : r.number}
                </td>
                <td data-testid="reading-for">
                  {r.kind === 'z' ? (
                    <>
                      <strong>{fmtDate(r.businessDate)}</strong> · <span className="mono">{r.register?.code ?? 'C1'}</span>
                    </>
                  ) : (
                    `${r.counter} · ${nameOf(r.cashierId)}`
                  )}
                </td>
                <td className="small">
                  {fmtDateTime(r.takenAt)}
                  <div className="muted">by {nameOf(r.takenBy)}</div>
                </td>
                <td className="num">{r.figures.receiptCount}</td>
                <td className="num">
                  <Money value={r.figures.netSales} />
                </td>
                <td className="num">
                  <Money value={r.figures.collections} />
                </td>
                <td className="num">
                  <button type="button" className="btn btn-small" onClick={() => onView(r)} data-testid="view-reading">
                    View
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryView>
      {list.hasNextPage && (
        <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage} data-testid="older-readings">
          {list.isFetchingNextPage ? 'Loading…' : 'Load older readings'}
        </button>
      )}
    </section>
  );
}
