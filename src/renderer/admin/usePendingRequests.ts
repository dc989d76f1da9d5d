import { useQuery } from '@tanstack/react-query';
import { fetchPendingApprovals, pendingKey } from './VoidRequests';

/**
 * The same query VoidRequests.tsx reads (same key, same shape): one request serves the
 * list, the tab badge and the dashboard card, and the live layer's request notices
 * (invalidated under settlements → void-requests) refresh all three at once.
 */
export const pendingRequestsKey = pendingKey;

/** How many requests (voids and paid-outs over the limit) wait for an admin. */
export function usePendingRequests(): { count: number; loaded: boolean } {
  const q = useQuery({
    queryKey: pendingRequestsKey,
    queryFn: fetchPendingApprovals,
    // A backstop for a missed push; the socket notice is what makes it live.
    refetchInterval: 10_000,
  });
  return { count: q.data?.length ?? 0, loaded: q.isSuccess };
}
