import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './errors';

/**
 * Server state lives in TanStack Query. The socket keeps it fresh (see live.tsx);
 * a short staleTime and refetch-on-focus are the second line of defence.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // The hub is on the LAN: whether the browser thinks the internet is up is irrelevant
      // (TanStack's default would pause every query while navigator.onLine is false).
      queries: {
        networkMode: 'always',
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => {
          // 4xx answers will not change on retry; network failures might.
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return failures < 2;
        },
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

/** Query keys in one place so the live layer can patch and invalidate them. */
export const keys = {
  transactions: ['transactions'] as const,
  transactionList: (filter: Record<string, unknown>) => ['transactions', 'list', filter] as const,
  transaction: (id: string) => ['transaction', id] as const,
  customers: ['customers'] as const,
  customerSearch: (q: string) => ['customers', 'search', q] as const,
  customer: (id: string) => ['customer', id] as const,
  latestOr: ['latest-or'] as const,
  settlements: ['settlements'] as const,
  backoffice: ['backoffice'] as const,
  settings: ['backoffice', 'settings'] as const,
  staff: ['backoffice', 'staff'] as const,
  shift: ['shift'] as const,
  registers: ['registers'] as const,
  /** What the store still lacks before it may issue Sales Invoices and Z-readings. */
  setup: ['setup'] as const,
  /** The receipt header (TIN, registered name, address, VAT registration). */
  receiptSettings: ['receipt-settings'] as const,
  /** Under `backoffice`: the live layer refreshes them after every settlement and void. */
  shifts: ['backoffice', 'shifts'] as const,
  readings: ['backoffice', 'readings'] as const,
  journal: ['backoffice', 'journal'] as const,
};
