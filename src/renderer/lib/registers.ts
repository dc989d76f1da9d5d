import { useQuery } from '@tanstack/react-query';
import { RegisterList } from '../../shared/registers';
import { get } from './api';
import { keys } from './query';

/** The store's registers (admin, cashier), cached under `keys.registers` in the one shape every screen uses. */
export function useRegisters(opts: { staleTime?: number } = {}) {
  return useQuery({ queryKey: keys.registers, queryFn: () => get('/api/v1/registers', RegisterList), staleTime: opts.staleTime });
}
