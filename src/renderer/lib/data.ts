import { useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  Customer,
  CustomerResponse,
  ListTransactionsResponse,
  TransactionResponse,
  type PaymentStatus,
  type Transaction,
} from '../../shared/index';
import { get, qs } from './api';
import { reconcile, type LatestOr, type TxPage } from './live-cache';
import { keys } from './query';

const CustomerList = z.object({ items: z.array(Customer) });
export type CustomerList = z.infer<typeof CustomerList>;

export interface TxFilter {
  status?: PaymentStatus;
  customerId?: string;
  limit?: number;
}

/** A scoped list of transactions (the hub applies the role's scope), newest first. */
export async function fetchTransactions(filter: TxFilter): Promise<TxPage> {
  const page = await get(`/api/v1/transactions${qs({ limit: 200, ...filter })}`, ListTransactionsResponse);
  return { items: page.items.map(reconcile), nextCursor: page.nextCursor };
}

export function useTransactions(filter: TxFilter, enabled = true) {
  return useQuery({ queryKey: keys.transactionList({ ...filter }), queryFn: () => fetchTransactions(filter), enabled });
}

/**
 * Every open transaction of one customer (all pages, unpaid and partial), oldest first.
 * The queue's list is capped at the newest 200 store-wide; paying a customer needs all
 * of theirs, or the preview would apply money to rows the screen does not show.
 */
export function useCustomerOpenTransactions(customerId: string | null) {
  return useQuery({
    queryKey: keys.transactionList({ customerId, open: true }),
    queryFn: async (): Promise<TxPage> => {
      const all = await Promise.all((['unpaid', 'partial'] as const).map((status) => fetchAllPages({ customerId: customerId!, status })));
      const items = all.flat().sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
      return { items, nextCursor: null };
    },
    enabled: !!customerId,
  });
}

async function fetchAllPages(filter: TxFilter): Promise<Transaction[]> {
  const out: Transaction[] = [];
  let cursor: string | undefined;
  do {
    const page = await get(`/api/v1/transactions${qs({ ...filter, limit: 500, cursor })}`, ListTransactionsResponse);
    out.push(...page.items.map(reconcile));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

export function useTransaction(id: string | null) {
  return useQuery({
    queryKey: keys.transaction(id ?? ''),
    queryFn: async () => reconcile((await get(`/api/v1/transactions/${encodeURIComponent(id!)}`, TransactionResponse)).transaction),
    enabled: !!id,
  });
}

export function useCustomerSearch(q: string) {
  return useQuery({
    queryKey: keys.customerSearch(q),
    queryFn: () => get(`/api/v1/customers${qs({ q: q.trim(), limit: 20 })}`, CustomerList),
    placeholderData: (prev) => prev,
  });
}

export function useCustomer(id: string | null) {
  return useQuery({
    queryKey: keys.customer(id ?? ''),
    queryFn: async () => (await get(`/api/v1/customers/${encodeURIComponent(id!)}`, CustomerResponse)).customer,
    enabled: !!id,
  });
}

/** Names of the customers in a list, fetched in one request. */
export function useCustomerNames(ids: string[]): Map<string, Customer> {
  const unique = [...new Set(ids)].sort();
  const q = useQuery({
    queryKey: [...keys.customers, 'by-ids', unique],
    queryFn: () => get(`/api/v1/backoffice/customers${qs({ ids: unique.join(',') })}`, CustomerList),
    enabled: unique.length > 0,
    placeholderData: (prev) => prev,
    staleTime: 60_000,
  });
  return new Map((q.data?.items ?? []).map((c) => [c.id, c]));
}

const LatestOrAnswer = z.object({
  items: z.record(z.string(), z.object({ or_number: z.string(), voided: z.boolean(), at: z.string() })),
});

/**
 * The latest OR per transaction: loaded once from the hub, then kept current by pushes
 * (live-cache writes into the same key).
 */
export function useLatestOr(ids: string[]): Record<string, LatestOr> {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: keys.latestOr,
    queryFn: async () => {
      const fetched = (await get(`/api/v1/backoffice/latest-or${qs({ transactionIds: ids.slice(0, 200).join(',') })}`, LatestOrAnswer)).items;
      // A push that landed while this request was in flight is newer: keep it.
      const merged: Record<string, LatestOr> = { ...qc.getQueryData<Record<string, LatestOr>>(keys.latestOr) };
      for (const [id, v] of Object.entries(fetched)) if (!merged[id] || merged[id].at <= v.at) merged[id] = v;
      return merged;
    },
    enabled: ids.length > 0,
    staleTime: Infinity,
  });
  return q.data ?? {};
}

export function isOpen(t: Transaction): boolean {
  return t.payment_status === 'unpaid' || t.payment_status === 'partial';
}
