import type { PaymentStatus } from '../shared/common.js';

/**
 * `payment_status` is derived from the numbers, never stored on its own:
 * unpaid (paid = 0), partial (0 < paid < total), paid (paid = total); void when cancelled.
 */
export function derivePaymentStatus(total: number, paid: number, voided = false): PaymentStatus {
  if (voided) return 'void';
  if (paid < 0 || paid > total) throw new RangeError(`paid ${paid} outside 0..${total}`);
  if (paid === 0) return 'unpaid';
  return paid === total ? 'paid' : 'partial';
}
