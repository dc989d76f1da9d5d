import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { z } from 'zod';
import { JournalEntry, JournalKind, JournalVerification } from '../../shared/readings';
import { Empty, ErrorBox, Money, Spinner } from '../components/ui';
import { download, get, qs } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { fmtDate, fmtDateTime } from '../lib/format';
import { keys } from '../lib/query';

const PAGE = 50;
const JournalPage = z.object({ entries: z.array(JournalEntry), lastSeq: z.number().int() });

const KIND_LABEL: Record<JournalKind, string> = {
  receipt: 'Receipt',
  void: 'Void',
  reprint: 'Reprint',
  refund: 'Refund',
  x_reading: 'X-reading',
  z_reading: 'Z-reading',
};

// What each kind of entry holds, read loosely: a summary line, never a reason to fail.
const Amount = z.number().int();
const Summaries = {
  receipt: z.object({ number: z.string(), amount: Amount, customer: z.object({ name: z.string() }).optional() }),
  void: z.object({ number: z.string(), amount: Amount, reason: z.string().nullable().optional() }),
  reprint: z.object({ number: z.string(), reprintCount: z.number().int() }),
  refund: z.object({ orNumber: z.string(), amount: Amount, reason: z.string() }),
  x_reading: z.object({ number: z.number().int(), counter: z.string(), figures: z.object({ netSales: Amount }) }),
  z_reading: z.object({ zCounter: z.number().int(), businessDate: z.string(), figures: z.object({ netSales: Amount }) }),
};

/** "the content does not match" → "The content does not match." */
function sentence(s: string): string {
  return s ? `${s[0]!.toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}` : '';
}

function Summary({ e }: { e: JournalEntry }) {
  switch (e.kind) {
    case 'receipt': {
      const b = Summaries.receipt.safeParse(e.body);
      return b.success ? (
        <>
          <span className="mono">{b.data.number}</span> · <Money value={b.data.amount} />
          {b.data.customer ? ` · ${b.data.customer.name}` : ''}
        </>
      ) : null;
    }
    case 'void': {
      const b = Summaries.void.safeParse(e.body);
      return b.success ? (
        <>
          <span className="mono">{b.data.number}</span> · <Money value={b.data.amount} />
          {b.data.reason ? ` · ${b.data.reason}` : ''}
        </>
      ) : null;
    }
    case 'reprint': {
      const b = Summaries.reprint.safeParse(e.body);
      return b.success ? (
        <>
          <span className="mono">{b.data.number}</span> · reprint #{b.data.reprintCount}
        </>
      ) : null;
    }
    case 'refund': {
      const b = Summaries.refund.safeParse(e.body);
      return b.success ? (
        <>
          <span className="mono">{b.data.orNumber}</span> · <Money value={b.data.amount} /> · {b.data.reason}
        </>
      ) : null;
    }
    case 'x_reading': {
      const b = Summaries.x_reading.safeParse(e.body);
      return b.success ? (
        <>
          X #{b.data.number} · {b.data.counter} · net <Money value={b.data.figures.netSales} />
        </>
      ) : null;
    }
    case 'z_reading': {
      const b = Summaries.z_reading.safeParse(e.body);
      return b.success ? (
        <>
          Z #{b.data.zCounter} · {fmtDate(b.data.businessDate)} · net <Money value={b.data.figures.netSales} />
        </>
      ) : null;
    }
    default: {
      const unknown: never = e.kind;
      return <>{String(unknown)}</>;
    }
  }
}

/**
 * The e-journal: every receipt, void, reprint, refund and reading, in order, each chained
 * to the one before by its hash. Verify the chain on the hub; export it for an auditor.
 */
export function Journal() {
  const [kind, setKind] = useState<JournalKind | ''>('');
  // `after` of each page seen, so "Earlier" goes back exactly.
  const [trail, setTrail] = useState<number[]>([0]);
  const [open, setOpen] = useState<number | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const after = trail[trail.length - 1]!;
  const q = useQuery({
    queryKey: [...keys.journal, kind, after],
    queryFn: () => get(`/api/v1/journal${qs({ after, limit: PAGE, kind })}`, JournalPage),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: () => get('/api/v1/journal/verify', JournalVerification) });
  const entries = q.data?.entries ?? [];
  const lastShown = entries.at(-1)?.seq ?? after;
  const lastSeq = q.data?.lastSeq ?? 0;
  const more = entries.length === PAGE && lastShown < lastSeq;
  const brokenSeq = verify.data?.firstBroken?.seq ?? null;

  return (
    <section className="panel">
      <div className="panel-head">
        <h2>E-journal</h2>
        <div className="actions">
          <button type="button" className="btn" onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="verify-journal">
            {verify.isPending ? 'Verifying…' : 'Verify chain'}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="export-journal"
            onClick={() => {
              setExportError(null);
              download('/api/v1/journal?format=jsonl', 'kahera-journal.jsonl').catch((e: unknown) => setExportError(friendlyError(e)));
            }}
          >
            Export (JSON lines)
          </button>
        </div>
      </div>
      {verify.isError && <div className="error-box">{friendlyError(verify.error)}</div>}
      {verify.data &&
        (verify.data.ok ? (
          <div className="verdict verdict-ok" role="status" data-testid="journal-verdict" data-ok="true">
            <strong>Chain OK.</strong> All {verify.data.entries.toLocaleString('en-PH')} entries verified: every entry matches its hash and links to the one
            before it.
          </div>
        ) : (
          <div className="verdict verdict-bad" role="alert" data-testid="journal-verdict" data-ok="false">
            <strong>Chain broken at entry #{verify.data.firstBroken?.seq}.</strong> {sentence(verify.data.firstBroken?.reason ?? '')}
            {verify.data.entries > 0 && ` The ${verify.data.entries.toLocaleString('en-PH')} ${verify.data.entries === 1 ? 'entry' : 'entries'} before it check out.`}
          </div>
        ))}
      {exportError && <div className="error-box">{exportError}</div>}
      <div className="filters">
        <label>
          Kind
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as JournalKind | '');
              setTrail([0]);
            }}
            aria-label="Entry kind"
          >
            <option value="">all kinds</option>
            {JournalKind.options.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {q.isPending ? (
        <Spinner />
      ) : q.isError ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : entries.length === 0 ? (
        <Empty>{after === 0 ? 'The journal is empty: nothing has been issued yet.' : 'No more entries.'}</Empty>
      ) : (
        <table className={`grid journal ${q.isPlaceholderData ? 'stale' : ''}`} data-testid="journal">
          <thead>
            <tr>
              <th>#</th>
              <th>When</th>
              <th>Kind</th>
              <th>What</th>
              <th>Hash</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <Fragment key={e.seq}>
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
                  <td>
                    <Summary e={e} />
                  </td>
                  <td>
                    <button type="button" className="link mono small" title="Show the entry as stored" onClick={() => setOpen(open === e.seq ? null : e.seq)}>
                      {e.hash.slice(0, 12)}…
                    </button>
                  </td>
                </tr>
                {open === e.seq && (
                  <tr className="journal-body">
                    <td colSpan={5}>
                      <div className="muted small mono">
                        prev {e.prevHash}
                        <br />
                        hash {e.hash}
                      </div>
                      <pre>{JSON.stringify(e.body, null, 2)}</pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" className="btn btn-small" disabled={trail.length === 1} onClick={() => setTrail([0])}>
          « First
        </button>
        <button type="button" className="btn btn-small" disabled={trail.length === 1} onClick={() => setTrail((t) => t.slice(0, -1))}>
          ‹ Earlier
        </button>
        <span className="muted small" data-testid="journal-range">
          {entries.length > 0 ? `Entries #${entries[0]!.seq}–#${lastShown}` : '—'} · {lastSeq.toLocaleString('en-PH')} in the journal
        </span>
        <button type="button" className="btn btn-small" disabled={!more} onClick={() => setTrail((t) => [...t, lastShown])} data-testid="journal-later">
          Later ›
        </button>
      </div>
    </section>
  );
}
