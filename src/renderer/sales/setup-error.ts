import { ApiError, friendlyError } from '../lib/errors';

/**
 * What the sales desk says when the hub refuses a sale: 422 `setup_incomplete` (no Sales
 * Invoice may be issued before the store's TIN, registered name, address and the
 * register's MIN and serial are set) names what is missing and who can fix it.
 */
export function saleErrorMessage(e: unknown): string {
  if (e instanceof ApiError && e.code === 'setup_incomplete') {
    const missing = (e.details as { missing?: unknown } | undefined)?.missing;
    const labels = Array.isArray(missing)
      ? missing.map((m) => (typeof m === 'string' ? m : typeof m === 'object' && m && 'label' in m ? String((m as { label: unknown }).label) : '')).filter(Boolean)
      : [];
    return `Ask an admin to finish the store setup: ${labels.length ? setupList(labels) : e.message}. No Sales Invoice can be issued until then.`;
  }
  return friendlyError(e);
}

/** The hub's checklist labels ("The store’s TIN", "Register C1: its MIN …") as one clause of a sentence. */
export function setupList(labels: string[]): string {
  return labels.map((l) => l.replace(/^The /, 'the ')).join('; ');
}
