import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CalendarResponse } from '../../shared/backoffice';
import { setStoreTzOffset } from '../lib/format';
import { keys } from '../lib/query';
import { addMonths, Calendar, monthGrid } from './Calendar';

// One clock: the calendar is the store's (Manila, UTC+8) on a PC set to New York.
// 2026-12-31 20:00 UTC is still New Year's Eve afternoon in New York, and already
// 1 January 2027, 4 a.m., in Manila.
const NOW = Date.UTC(2026, 11, 31, 20, 0, 0);
let savedTz: string | undefined;

beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'America/New_York';
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  setStoreTzOffset(8 * 60);
});
afterAll(() => {
  vi.useRealTimers();
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

function render(data: CalendarResponse, month: string): string {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  qc.setQueryData([...keys.backoffice, 'calendar', month], data);
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: qc }, createElement(Calendar)));
}

describe('admin calendar on a PC in another time zone', () => {
  it('this PC really is in New York (so the test would catch the PC clock)', () => {
    expect(new Date().getDate()).toBe(31);
    expect(new Date().getMonth()).toBe(11);
  });

  it('opens on the store’s month and marks the store’s today, with that day’s payments', () => {
    const html = render(
      {
        due: [],
        payments: [{ date: '2027-01-01', settlementId: 'stl_1', orNumber: 'OR-000001', customerName: 'Reyes Printing', amount: 1_500_00, void: false }],
      },
      '2027-01-01',
    );
    expect(html).toContain('January 2027');
    expect(html).not.toContain('December 2026');
    expect(html).toMatch(/class="cal-cell today" data-date="2027-01-01"/);
    expect(html).toContain('Paid ₱1,500.00 · 1');
  });

  it('lays a month out Sunday first by calendar arithmetic alone', () => {
    // 1 January 2027 is a Friday: five blanks, then 31 days.
    const jan = monthGrid({ year: 2027, month: 1 });
    expect(jan.slice(0, 6)).toEqual([null, null, null, null, null, '2027-01-01']);
    expect(jan.at(-1)).toBe('2027-01-31');
    expect(monthGrid({ year: 2028, month: 2 }).at(-1)).toBe('2028-02-29');
    expect(addMonths({ year: 2027, month: 1 }, -1)).toEqual({ year: 2026, month: 12 });
    expect(addMonths({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 });
  });
});
