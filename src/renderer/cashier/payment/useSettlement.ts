import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import { PreviewResponse, SettlementResponse, type SettlementRequest, type Transaction } from '../../../shared/index';
import { newIdempotencyKey, post } from '../../lib/api';
import { ApiError } from '../../lib/errors';
import { keys } from '../../lib/query';

/**
 * Posting a payment. The idempotency key survives retries of the same payment, so a
 * timeout followed by a retry can never issue a second OR; a changed payment gets a new key.
 */
export function usePostSettlement(customerId: string, handlers: { onPosted: (r: SettlementResponse) => void; onNeedShift: () => void }) {
  const qc = useQueryClient();
  const attempt = useRef<{ body: string; key: string } | null>(null);
  return useMutation({
    mutationFn: (req: SettlementRequest) => {
      const text = JSON.stringify(req);
      if (!attempt.current || attempt.current.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      return post('/api/v1/settlements', req, SettlementResponse, { headers: { 'Idempotency-Key': attempt.current.key }, timeoutMs: 20_000 });
    },
    onSuccess: (res) => {
      attempt.current = null;
      void qc.invalidateQueries({ queryKey: keys.transactions });
      void qc.invalidateQueries({ queryKey: keys.settlements });
      void qc.invalidateQueries({ queryKey: keys.customer(customerId) });
      handlers.onPosted(res);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'no_open_shift') {
        void qc.invalidateQueries({ queryKey: keys.shift });
        handlers.onNeedShift();
      }
      if (e instanceof ApiError && (e.code === 'balance_changed' || e.code === 'conflict' || e.code === 'invalid_allocation')) {
        void qc.invalidateQueries({ queryKey: keys.transactions });
      }
    },
  });
}

/**
 * The hub's own allocation of the same numbers (nothing written). Keyed on the request and
 * the balances it ran against, so a push that changes a balance re-runs it.
 */
export function useAllocationPreview(body: SettlementRequest | null, open: Transaction[], enabled: boolean) {
  const balances = useMemo(() => open.map((t) => `${t.id}:${t.balance_amount}`).join(','), [open]);
  return useQuery({
    queryKey: ['preview', body, balances],
    queryFn: ({ signal }) => post('/api/v1/settlements/preview', body, PreviewResponse, { signal }),
    enabled: !!body && enabled,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 0,
  });
}
