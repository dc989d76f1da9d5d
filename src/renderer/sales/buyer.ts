import { BUYER_DETAILS_THRESHOLD, type Buyer } from '../../shared/transactions';
import { formatPeso } from '../lib/format';

/** The buyer as typed on the sales desk (null: a walk-in consumer, no buyer on the invoice). */
export interface DraftBuyer {
  name: string;
  address: string;
  tin: string;
}

export const blankBuyer = (): DraftBuyer => ({ name: '', address: '', tin: '' });

/** A Philippine TIN: 9 digits, plus a 3- or 5-digit branch code (dashes or spaces optional). */
const TIN = /^\d{3}[- ]?\d{3}[- ]?\d{3}(?:[- ]?\d{3}(?:\d{2})?)?$/;

/**
 * Which buyer fields are still needed (RR 16-2018): a business buyer's name always; its
 * address and TIN too once a TIN is given (the hub requires all three then) or once the
 * sale reaches BUYER_DETAILS_THRESHOLD (₱1,000). Empty: the buyer is ready to send.
 */
export function buyerProblems(b: DraftBuyer, total: number): { field: keyof DraftBuyer; message: string }[] {
  const out: { field: keyof DraftBuyer; message: string }[] = [];
  const full = b.tin.trim() !== '' || total >= BUYER_DETAILS_THRESHOLD;
  const why = b.tin.trim() ? 'with a TIN' : `for a sale of ${formatPeso(BUYER_DETAILS_THRESHOLD)} or more`;
  if (!b.name.trim()) out.push({ field: 'name', message: 'Enter the buyer’s registered name.' });
  if (full && !b.address.trim()) out.push({ field: 'address', message: `Enter the buyer’s address (required ${why}).` });
  if (full && !b.tin.trim()) out.push({ field: 'tin', message: `Enter the buyer’s TIN (required ${why}).` });
  if (b.tin.trim() && !TIN.test(b.tin.trim())) out.push({ field: 'tin', message: 'A TIN is 9 digits and a branch code: 123-456-789-00000.' });
  return out;
}

/** The request's `buyer`: trimmed, empty fields left out. */
export function buyerOf(b: DraftBuyer): Buyer {
  const name = b.name.trim();
  const address = b.address.trim();
  const tin = b.tin.trim();
  return { name, ...(address ? { address } : {}), ...(tin ? { tin } : {}) };
}

/** Whether the desk should ask about a business buyer: the sale is big enough for the law to want one on the invoice. */
export function asksForBuyer(total: number): boolean {
  return total >= BUYER_DETAILS_THRESHOLD;
}
