import type { TenderMethod } from '../shared/common.js';

/** How each tender method is written for people: receipts, readings and screens. */
export const TENDER_LABELS: Readonly<Record<TenderMethod, string>> = {
  cash: 'Cash',
  card: 'Card',
  gcash: 'GCash',
  maya: 'Maya',
  bank_transfer: 'Bank transfer',
  check: 'Check',
};
