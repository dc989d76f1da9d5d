import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { JournalEntry, JournalVerification, type JournalKind } from '../../../shared/readings';
import { download, get, qs } from '../../lib/api';
import { friendlyError } from '../../lib/errors';
import { keys } from '../../lib/query';

const PAGE = 200;
const JournalPage = z.object({ entries: z.array(JournalEntry), lastSeq: z.number().int() });

/**
 * The journal in order, page after page (`after` = the last seq loaded: the hub walks the
 * primary key, so a late page costs what the first does), optionally one kind only.
 */
export function useJournalPages(kind: JournalKind | '') {
  const q = useInfiniteQuery({
    queryKey: [...keys.journal, kind],
    queryFn: ({ pageParam }) => get(`/api/v1/journal${qs({ after: pageParam, limit: PAGE, kind })}`, JournalPage),
    initialPageParam: 0,
    getNextPageParam: (last) => {
      const seen = last.entries.at(-1)?.seq;
      return last.entries.length === PAGE && seen !== undefined && seen < last.lastSeq ? seen : undefined;
    },
  });
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  const lastSeq = q.data?.pages.at(-1)?.lastSeq ?? 0;
  return { query: q, entries, lastSeq };
}

/** Verifies the whole hash chain on the hub. */
export function useJournalVerify() {
  return useMutation({ mutationFn: () => get('/api/v1/journal/verify', JournalVerification) });
}

/** Exports the journal as JSON lines (every hash included) for an outside verifier. */
export function useJournalExport() {
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    setError(null);
    download('/api/v1/journal?format=jsonl', 'kahera-journal.jsonl').catch((e: unknown) => setError(friendlyError(e)));
  };
  return { run, error };
}
