import { useState } from 'react';
import type { JournalEntry } from '../../../shared/readings';
import { fmtDateTime } from '../../lib/format';
import { VirtualTable } from '../VirtualTable';
import { KIND_LABEL, Summary } from './Summary';

/** The entries, virtualised; a hash opens the entry as stored, a broken one is marked. */
export function JournalTable({
  entries,
  brokenSeq,
  hasMore,
  loadingMore,
  onNearEnd,
  stale,
}: {
  entries: readonly JournalEntry[];
  brokenSeq: number | null;
  hasMore: boolean;
  loadingMore: boolean;
  onNearEnd: () => void;
  stale: boolean;
}) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <VirtualTable
      items={entries}
      itemKey={(e) => e.seq}
      columns={5}
      estimate={48}
      label="Journal entries"
      className={`journal ${stale ? 'stale' : ''}`}
      testId="journal"
      hasMore={hasMore}
      loadingMore={loadingMore}
      onNearEnd={onNearEnd}
      head={
        <tr>
          <th>#</th>
          <th>When</th>
          <th>Kind</th>
          <th>What</th>
          <th>Hash</th>
        </tr>
      }
      renderItem={(e) => (
        <>
          <tr
            data-testid="journal-row"
            data-kind={e.kind}
            data-broken={e.seq === brokenSeq || undefined}
            className={e.seq === brokenSeq ? 'broken' : open === e.seq ? 'highlight' : ''}
          >
            <td className="mono small">
              {e.seq}
              {e.seq === brokenSeq && <span className="broken-tag">broken</span>}
            </td>
            <td className="small">{fmtDateTime(e.createdAt)}</td>
            <td>
              <span className={`type-tag j-${e.kind}`}>{KIND_LABEL[e.kind]}</span>
            </td>
            <td className="wrap-text">
              <Summary e={e} />
            </td>
            <td>
              <button
                type="button"
                className="link mono small"
                aria-expanded={open === e.seq}
                aria-label={`Entry ${e.seq} as stored, hash ${e.hash.slice(0, 12)}`}
                onClick={() => setOpen(open === e.seq ? null : e.seq)}
              >
                {e.hash.slice(0, 12)}…
              </button>
            </td>
          </tr>
          {open === e.seq && (
            <tr className="journal-body">
              <td colSpan={5}>
                <div className="muted small mono wrap-text">
                  prev {e.prevHash}
                  <br />
                  hash {e.hash}
                </div>
                <pre>{JSON.stringify(e.body, null, 2)}</pre>
              </td>
            </tr>
          )}
        </>
      )}
    />
  );
}
