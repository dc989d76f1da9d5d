import { useQuery, type QueryClient } from '@tanstack/react-query';
import { SetupItem, SetupStatus } from '../../shared/setup';
import { get } from './api';
import { ApiError } from './errors';
import { keys } from './query';

/**
 * The store's BIR setup (`GET /api/v1/setup`): until it is ready the hub refuses Sales
 * Invoices and Z-readings with 422 `setup_incomplete`. Short-lived, and invalidated by
 * every save that can complete it (`refreshSetup`).
 */
export function useSetupStatus() {
  return useQuery({ queryKey: keys.setup, queryFn: () => get('/api/v1/setup', SetupStatus), staleTime: 2_000 });
}

/** After a save of store or register fields: the checklist asks again. */
export function refreshSetup(qc: QueryClient): void {
  void qc.invalidateQueries({ queryKey: keys.setup });
}

/** The missing items a 422 `setup_incomplete` carries (`details.missing`), if that is what `e` is. */
export function setupMissingOf(e: unknown): SetupItem[] | null {
  if (!(e instanceof ApiError) || e.code !== 'setup_incomplete') return null;
  const parsed = SetupItem.array().safeParse((e.details as { missing?: unknown } | undefined)?.missing);
  return parsed.success ? parsed.data : [];
}

/** Where each store field is filled in, in words (the register fields are on the Registers tab). */
export const SETUP_FIELD_LABEL: Record<SetupItem['field'], string> = {
  tin: 'TIN',
  registeredName: 'Registered name',
  address: 'Registered address',
  min: 'MIN',
  serialNo: 'Serial number',
};
