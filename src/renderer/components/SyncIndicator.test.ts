import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/hub';
import { setStoreTzOffset } from '../lib/format';
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

  describe('on a PC set to New York', () => {
    let savedTz: string | undefined;
    beforeAll(() => {
      savedTz = process.env.TZ;
      process.env.TZ = 'America/New_York';
      setStoreTzOffset(8 * 60);
    });
    afterAll(() => {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    });

    it('says the next try and the last sync in the store’s time (Manila), not the PC’s', () => {
      const at = new Date(Date.UTC(2026, 11, 2, 6, 30, 15)).toISOString(); // 2:30:15 PM in Manila, 1:30:15 AM in New York
      expect(new Date(at).getHours()).toBe(1); // the PC's own clock
      const html = render({ ...base, online: false, lastSyncedAt: at, nextRetryAt: at, lastError: 'central unreachable' });
      expect(html).toContain('next try 2:30:15 PM');
      expect(html).toContain('title="Last successful sync: Dec 2, 2026, 2:30 PM');
      expect(html).not.toMatch(/1:30/);
    });
  });
});
