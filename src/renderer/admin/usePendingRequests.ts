import { useQuery } from '@tanstack/react-query';
import { VoidRequestList } from '../../shared/void-requests';
import { get } from '../lib/api';
import { keys } from '../lib/query';

/**
 * The same key VoidRequests.tsx reads: one request serves the list, the tab badge and the
 * dashboard card, and the live layer's `void_request_created` / `void_request_decided`
 * invalidation (under settlements → void-requests) refreshes all three at once.
 */
export const pendingRequestsKey = [...keys.settlements, 'void-requests', 'pending'] as const;

/** How many requests (voids, and whatever else the hub lists as pending approvals) wait for an admin. */
export function usePendingRequests(): { count: number; loaded: boolean } {
  const q = useQuery({
    queryKey: pendingRequestsKey,
    queryFn: () => get('/api/v1/void-requests?status=pending', VoidRequestList),
    // A backstop for a missed push; the socket notice is what makes it live.
    refetchInterval: 10_000,
  });
  return { count: q.data?.items.length ?? 0, loaded: q.isSuccess };
}
