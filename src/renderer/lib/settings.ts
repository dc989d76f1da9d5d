import { useQuery } from '@tanstack/react-query';
import { StoreSettingsResponse, type StoreSettings } from '../../shared/backoffice';
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
