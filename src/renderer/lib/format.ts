import { formatPeso, parsePesos } from '../../core/money';

export { formatPeso, parsePesos };

const dateTime = new Intl.DateTimeFormat('en-PH', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-PH', { dateStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat('en-PH', { timeStyle: 'short' });

export function fmtDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}
/** `YYYY-MM-DD` (a calendar date, no zone) → `Jan 5, 2026`. */
export function fmtDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return dateOnly.format(new Date(y!, (m ?? 1) - 1, d ?? 1));
}
export function fmtTime(iso: string): string {
  return timeOnly.format(new Date(iso));
}
/** Today as `YYYY-MM-DD` in the terminal's local time zone. */
export function todayIso(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export { TENDER_LABELS as TENDER_LABEL } from '../../core/tender';

export function shortId(id: string): string {
  return id.slice(-6).toUpperCase();
}
