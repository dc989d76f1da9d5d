import type { TenderMethod } from '../../../shared/index';
import { TENDER_LABEL } from '../../lib/format';

/**
 * The tenders the counter offers, in button order (Alt+1… follows it). This list is the
 * extension point for a new tender: add its entry here, and what the cashier fills in
 * once it is chosen in `TenderDetails` (TenderDetails.tsx).
 */
export interface TenderOption {
  method: TenderMethod;
  label: string;
  /** The reference the cashier must key in, as labelled and as asked for (null: none). */
  reference: { label: string; prompt: string } | null;
}

export const TENDER_OPTIONS: readonly TenderOption[] = [
  { method: 'cash', label: TENDER_LABEL.cash, reference: null },
  { method: 'card', label: TENDER_LABEL.card, reference: { label: 'Card slip / approval no.', prompt: 'Enter the card slip / approval no.' } },
  { method: 'gcash', label: TENDER_LABEL.gcash, reference: { label: 'GCash reference no.', prompt: 'Enter the GCash reference no.' } },
  { method: 'maya', label: TENDER_LABEL.maya, reference: { label: 'Maya reference no.', prompt: 'Enter the Maya reference no.' } },
  { method: 'bank_transfer', label: TENDER_LABEL.bank_transfer, reference: { label: 'Bank transfer reference', prompt: 'Enter the bank transfer reference.' } },
  { method: 'check', label: TENDER_LABEL.check, reference: { label: 'Check no. and bank', prompt: 'Enter the check no. and bank.' } },
];

export function tenderOption(method: TenderMethod): TenderOption {
  return TENDER_OPTIONS.find((t) => t.method === method) ?? TENDER_OPTIONS[0]!;
}
