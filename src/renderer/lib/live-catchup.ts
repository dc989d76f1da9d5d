import type { QueryClient } from '@tanstack/react-query';
import { EventsResponse, SettlementEventPayload, TransactionEventPayload, type StoreEvent } from '../../shared/index';
import { get, qs } from './api';
import { applyTransaction, type LatestOr } from './live-cache';
import { keys } from './query';

/** Beyond this many missed events a terminal reloads everything instead of replaying. */
export const MAX_REPLAY = 5_000;

/**
 * Replays what this terminal missed, in seq order, from `after` up to at least `until`.
 * Returns the number of events applied, or null when there were too many to replay.
 */
export async function catchUp(qc: QueryClient, after: number, until: number): Promise<number | null> {
  let cursor = after;
  let applied = 0;
  while (cursor < until) {
    const page = await get(`/api/v1/events${qs({ after: cursor, limit: 1000 })}`, EventsResponse);
    for (const e of page.events) applyEvent(qc, e);
    applied += page.events.length;
    if (applied > MAX_REPLAY) return null;
    // `lastSeq` is the last seq the hub scanned: a page can be empty for this role (all
    // of it out of scope) while more follows, so only a cursor that stops moving ends it.
    const next = Math.max(page.lastSeq, page.events.at(-1)?.seq ?? cursor);
    if (next <= cursor) break;
    cursor = next;
  }
  return applied;
}

/** One missed store event, applied to the cache as its live push would have been. */
export function applyEvent(qc: QueryClient, e: StoreEvent): void {
  if (e.type === 'transaction.created' || e.type === 'transaction.voided' || e.type === 'transaction.edited') {
    const r = TransactionEventPayload.safeParse(e.payload);
    if (r.success) applyTransaction(qc, r.data.transaction);
    return;
  }
  if (e.type === 'settlement.posted' || e.type === 'settlement.voided') {
    const r = SettlementEventPayload.safeParse(e.payload);
    if (!r.success) return;
    const voided = e.type === 'settlement.voided';
    for (const t of r.data.transactions) applyTransaction(qc, t);
    qc.setQueryData<Record<string, LatestOr>>(keys.latestOr, (old) => {
      const next = { ...old };
      for (const t of r.data.transactions) {
        next[t.id] = { or_number: r.data.settlement.or_number, voided, at: e.occurredAt };
      }
      return next;
    });
  }
}
