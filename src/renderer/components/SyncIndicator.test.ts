import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/hub';
import { SYNC_KEY, SyncIndicator } from './SyncIndicator';

/** The indicator as the admin's top bar renders it, for a given sync status. */
function render(status: SyncStatus): string {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  qc.setQueryData(SYNC_KEY, status);
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: qc }, createElement(SyncIndicator)));
}

const base: SyncStatus = { online: true, pending: 0, lastSyncedAt: new Date().toISOString(), configured: true, lastError: null, nextRetryAt: null, conflictSeq: null };

describe('head-office indicator', () => {
  it('shows nothing on a store with no head office configured (offline-first is normal there)', () => {
    expect(render({ ...base, online: false, lastSyncedAt: null, pending: 12, configured: false })).toBe('');
  });

  it('shows synced, or offline with the last error and when it tries next', () => {
    expect(render(base)).toContain('Head office: synced');
    const retryAt = new Date(Date.UTC(2026, 11, 2, 6, 30, 15)).toISOString();
    const html = render({ ...base, online: false, pending: 3, lastError: 'central unreachable: connect ECONNREFUSED 10.0.0.5:8091', nextRetryAt: retryAt });
    expect(html).toContain('Head office: offline');
    expect(html).toContain('3 waiting');
    expect(html).toContain('data-testid="sync-error"');
    expect(html).toContain('central unreachable: connect ECONNREFUSED');
    expect(html).toContain('data-testid="sync-retry"');
    expect(html).toContain('next try');
  });

  it('says head office holds different events from seq N, and asks about a backup', () => {
    const html = render({ ...base, online: false, pending: 10, conflictSeq: 31, lastError: 'seq_conflict at 31: central answered 409' });
    expect(html).toContain('Head office holds different events from seq 31 — was this store restored from a backup?');
    expect(html).toContain('role="alert"');
  });
});
