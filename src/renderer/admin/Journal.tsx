import { useState } from 'react';
import { JournalKind } from '../../shared/readings';
import { QueryView } from '../components/ui';
import { friendlyError } from '../lib/errors';
import { JournalTable } from './journal/JournalTable';
import { JournalVerdict } from './journal/JournalVerdict';
import { KIND_LABEL } from './journal/Summary';
import { useJournalExport, useJournalPages, useJournalVerify } from './journal/useJournal';

/**
 * The e-journal: every receipt, void, reprint, refund and reading, in order, each chained
 * to the one before by its hash. Verify the chain on the hub; export it for an auditor.
 * The parts: Summary (what an entry says), JournalTable (the virtualised list),
 * JournalVerdict (the verifier's answer) and the hooks in journal/useJournal.
 */
export function Journal() {
  const [kind, setKind] = useState<JournalKind | ''>('');
  const pages = useJournalPages(kind);
  const verify = useJournalVerify();
  const exporter = useJournalExport();
  const q = pages.query;
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>E-journal</h2>
        <div className="actions">
          <button type="button" className="btn" onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="verify-journal">
            {verify.isPending ? 'Verifying…' : 'Verify chain'}
          </button>
          <button type="button" className="btn" data-testid="export-journal" onClick={exporter.run}>
            Export (JSON lines)
          </button>
        </div>
      </div>
      {verify.isError && <div className="error-box">{friendlyError(verify.error)}</div>}
      {verify.data && <JournalVerdict v={verify.data} />}
      {exporter.error && <div className="error-box">{exporter.error}</div>}
      <div className="filters">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as JournalKind | '')} aria-label="Entry kind">
            <option value="">all kinds</option>
            {JournalKind.options.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small" data-testid="journal-range">
          {pages.entries.length.toLocaleString('en-PH')} shown · {pages.lastSeq.toLocaleString('en-PH')} in the journal
        </span>
      </div>
      <QueryView query={q} isEmpty={pages.entries.length === 0} empty={kind ? `No ${KIND_LABEL[kind]} entries yet.` : 'The journal is empty: nothing has been issued yet.'}>
        <JournalTable
          entries={pages.entries}
          brokenSeq={verify.data?.firstBroken?.seq ?? null}
          hasMore={q.hasNextPage}
          loadingMore={q.isFetchingNextPage}
          onNearEnd={() => void q.fetchNextPage()}
          stale={q.isPlaceholderData}
        />
      </QueryView>
    </section>
  );
}
