import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A long table that stays fast at 100,000 rows: only the rows in view (plus a few) are in
 * the DOM, inside a scroll box of its own; the rest is two spacer rows. Each item renders
 * its own <tbody> (a row, and an expanded detail row if it has one), measured as drawn.
 * When the last loaded rows come into view it asks for the next page (`onNearEnd`).
 */
export function VirtualTable<T>({
  items,
  head,
  renderItem,
  itemKey,
  estimate = 44,
  columns,
  hasMore,
  loadingMore,
  onNearEnd,
  className,
  testId,
  label,
}: {
  items: readonly T[];
  head: ReactNode;
  renderItem: (item: T, index: number) => ReactNode;
  itemKey: (item: T) => string | number;
  estimate?: number;
  columns: number;
  hasMore: boolean;
  loadingMore: boolean;
  onNearEnd: () => void;
  className?: string;
  testId?: string;
  label: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimate,
    overscan: 8,
    getItemKey: (i) => itemKey(items[i]!),
  });
  const rows = v.getVirtualItems();
  const last = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && last >= items.length - 10) onNearEnd();
  }, [last, items.length, hasMore, loadingMore, onNearEnd]);
  const top = rows[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (rows.at(-1)?.end ?? 0);
  return (
    // A keyboard user scrolls the box with the arrow keys once it has focus.
    <div ref={scroller} className="virtual-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className={`grid ${className ?? ''}`} data-testid={testId} aria-rowcount={hasMore ? -1 : items.length + 1}>
        <thead>{head}</thead>
        {top > 0 && (
          <tbody aria-hidden>
            <tr style={{ height: top }} />
          </tbody>
        )}
        {rows.map((r) => (
          <tbody key={r.key} data-index={r.index} ref={v.measureElement}>
            {renderItem(items[r.index]!, r.index)}
          </tbody>
        ))}
        {bottom > 0 && (
          <tbody aria-hidden>
            <tr style={{ height: bottom }} />
          </tbody>
        )}
        {(hasMore || loadingMore) && (
          <tbody>
            <tr>
              <td colSpan={columns} className="muted small">
                {loadingMore ? 'Loading more…' : 'Scroll for more'}
              </td>
            </tr>
          </tbody>
        )}
      </table>
    </div>
  );
}
