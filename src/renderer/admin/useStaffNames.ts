import { useQuery } from '@tanstack/react-query';
import { StaffListResponse } from '../../shared/backoffice';
import { get } from '../lib/api';
import { keys } from '../lib/query';

/** user id → display name, from the staff list (shared with the Staff tab's cache). */
export function useStaffNames(): (userId: string) => string {
  const q = useQuery({ queryKey: keys.staff, queryFn: () => get('/api/v1/backoffice/staff', StaffListResponse), staleTime: 60_000 });
  const names = new Map((q.data?.items ?? []).map((u) => [u.id, u.displayName]));
  return (id: string) => names.get(id) ?? '…';
}
