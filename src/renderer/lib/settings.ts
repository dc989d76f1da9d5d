import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { StoreSettingsResponse, type StoreSettings } from '../../shared/backoffice';
import { ReceiptSettings } from '../../shared/receipts';
import { DEFAULT_PAID_OUT_APPROVAL_LIMIT } from '../../shared/shifts';
import { get } from './api';
import { setStoreTzOffset } from './format';
import { keys } from './query';

const FALLBACK: StoreSettings = {
  storeName: 'Kahera store',
  tin: '',
  address: '',
  orPrefix: 'OR',
  defaultAllocation: 'oldest_first',
  creditAlertPercent: 80,
  paidOutApprovalLimit: DEFAULT_PAID_OUT_APPROVAL_LIMIT,
  invoiceAt: 'sale',
  invoiceRegisterId: 'reg_c1',
};

/** Store settings (receipt header, default allocation); every signed-in role may read them. */
export function useStoreSettings() {
  const q = useQuery({ queryKey: keys.settings, queryFn: () => get('/api/v1/backoffice/settings', StoreSettingsResponse), staleTime: 60_000 });
  // Set while rendering (not in an effect) so the children rendered with it use the store's clock.
  if (q.data?.tzOffsetMinutes !== undefined) setStoreTzOffset(q.data.tzOffsetMinutes);
  return { ...q, settings: q.data?.settings ?? FALLBACK };
}

/** `{settings}` of `GET/PUT /api/v1/receipt-settings`: one shape for every screen that caches it under `keys.receiptSettings`. */
export const ReceiptSettingsResponse = z.object({ settings: ReceiptSettings });

/** The receipt header (registered name, TIN, address, VAT registration); every signed-in role may read it. */
export function useReceiptSettings() {
  return useQuery({ queryKey: keys.receiptSettings, queryFn: () => get('/api/v1/receipt-settings', ReceiptSettingsResponse), staleTime: 60_000 });
}
