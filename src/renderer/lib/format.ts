import { DEFAULT_TZ_OFFSET_MINUTES } from '../../core/readings';
import { formatPeso, parsePesos } from '../../core/money';
import type { AllocationStrategy } from '../../shared/index';

export { formatPeso, parsePesos };

/**
 * One clock: every time on screen is in the store's zone (its UTC offset, the receipt
 * setting the hub prints with), whatever zone the terminal's PC is set to. Instants are
 * shifted by the offset and formatted as UTC, as the printed paper does.
 */
const TZ_KEY = 'kahera.tzOffsetMinutes';
let offsetMinutes = readStoredOffset();

function readStoredOffset(): number {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(TZ_KEY);
    const n = raw === null ? NaN : Number(raw);
    return Number.isInteger(n) ? n : DEFAULT_TZ_OFFSET_MINUTES;
  } catch {
    return DEFAULT_TZ_OFFSET_MINUTES;
  }
}

/** Sets the store's offset (from the hub's settings); remembered for the next start. */
export function setStoreTzOffset(minutes: number): void {
  if (minutes === offsetMinutes) return;
  offsetMinutes = minutes;
  try {
    localStorage.setItem(TZ_KEY, String(minutes));
  } catch {
    // Storage full or blocked: the offset still applies to this page.
  }
}

export function storeTzOffset(): number {
  return offsetMinutes;
}

const utc = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-PH', { ...opts, timeZone: 'UTC' });
const dateTime = utc({ dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = utc({ dateStyle: 'medium' });
const timeOnly = utc({ timeStyle: 'short' });
const timeSeconds = utc({ timeStyle: 'medium' });
const monthYear = utc({ month: 'long', year: 'numeric' });

/** The instant as a Date whose UTC fields read as the store's wall clock. */
function storeClock(iso: string): Date {
  return new Date(Date.parse(iso) + offsetMinutes * 60_000);
}

export function fmtDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(storeClock(iso)) : '—';
}
/** `YYYY-MM-DD` (a calendar date, no zone) → `Jan 5, 2026`. */
export function fmtDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return dateOnly.format(new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1)));
}
export function fmtTime(iso: string): string {
  return timeOnly.format(storeClock(iso));
}
/** The store's wall-clock time to the second (`2:30:15 PM`): for a retry or a sync moment. */
export function fmtTimeSeconds(iso: string): string {
  return timeSeconds.format(storeClock(iso));
}
/** `YYYY-MM` or `YYYY-MM-DD` (a calendar month, no zone) → `January 2027`. */
export function fmtMonth(isoDate: string): string {
  const [y, m] = isoDate.slice(0, 7).split('-').map(Number);
  return monthYear.format(new Date(Date.UTC(y!, (m ?? 1) - 1, 1)));
}
/** Today as `YYYY-MM-DD` in the store's time zone. */
export function todayIso(offsetDays = 0): string {
  return new Date(Date.now() + offsetMinutes * 60_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export { TENDER_LABELS as TENDER_LABEL } from '../../core/tender';

/**
 * How each allocation strategy is named on every screen (the counter's choice and the
 * admin's default): by what `orderForStrategy` does, not by its wire name. `oldest_first`
 * pays the earliest due date first, then the ones with no due date, each group oldest
 * created first — so a newer job order with a due date comes before an older undated one.
 */
export const STRATEGY_LABEL: Record<AllocationStrategy, string> = {
  oldest_first: 'By due date, undated last',
  largest_first: 'Largest balance first',
  manual: 'Choose per transaction',
};

export function shortId(id: string): string {
  return id.slice(-6).toUpperCase();
}
