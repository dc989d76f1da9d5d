import { KEEP_EXCESS_LABEL } from '../../core/allocation';
import { ProtocolError } from '../../shared/errors';

/** An error answered by the hub (`{error:{code,message}}`) or a failure to reach it (status 0). */
export class ApiError extends ProtocolError {}

/** Status 0: the request never got an answer (hub down, cable out, timeout). */
export const NETWORK = 'network';

const FRIENDLY: Record<string, string> = {
  [NETWORK]: 'Cannot reach the hub. Check the network, then try again.',
  unauthorized: 'Your session has ended. Please sign in again.',
  forbidden: 'Your role is not allowed to do that.',
  not_found: 'That record no longer exists. The list has been refreshed.',
  balance_changed: 'The balance changed while you were working. Check the new balance and try again.',
  conflict: 'Someone else changed this at the same time. Check the new figures and try again.',
  already_void: 'This receipt is already void.',
  has_allocations: 'Payments are recorded on this transaction. Void those receipts first.',
  credit_consumed: 'The credit from this payment was already used by a later payment. Void that one first.',
  idempotency_mismatch: 'This payment was already sent with different details. Start a new payment.',
  no_open_shift: 'Open your shift before taking payments.',
  // Named by the checkbox's own label, as the hub's message does.
  overpayment: `That is more than the customer owes. Lower the amount, or tick “${KEEP_EXCESS_LABEL}”.`,
  nothing_outstanding: `This customer owes nothing right now. Tick “${KEEP_EXCESS_LABEL}” to keep the payment as a deposit.`,
  tender_insufficient: 'The cash handed over is less than the amount being paid.',
  credit_limit_exceeded: 'This would take the customer over their credit limit. Ask an admin to approve it.',
  allocation_mismatch: 'The amounts per transaction must add up exactly to the payment.',
  invalid_allocation: 'One of the amounts is more than that transaction’s balance.',
  rate_limited: 'Too many attempts. Wait a moment and try again.',
  invalid_credentials: 'Wrong username or password.',
  setup_incomplete: 'The store’s BIR setup is not complete (TIN, registered name and address; each register’s MIN and serial number). An admin fills them in from the back office dashboard.',
};

/** What to tell a cashier about an error, in words they understand. */
export function friendlyError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'validation_failed') return e.message.replace(/^Invalid [a-z -]+: /i, 'Please check: ');
    if (e.status === 401 && e.code !== 'unauthorized') return FRIENDLY.invalid_credentials!;
    // The hub words its conflicts for people ("This shift is already closed.",
    // "Money was refunded on this receipt; it can no longer be voided.").
    if (e.code === 'conflict' && e.message) return e.message;
    return FRIENDLY[e.code] ?? (e.message || 'The hub refused this request.');
  }
  if (e instanceof Error && e.message) return e.message;
  return 'Something went wrong. Please try again.';
}
