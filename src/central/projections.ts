import type { z } from 'zod';
import {
  ProjectedSettlementPayload,
  ProjectedTransactionPayload,
  type ProjectedSettlement,
  type ProjectedTransaction,
} from '../shared/central-projections.js';
import type { StoreEvent } from '../shared/events.js';

/** An event central projects, its payload already validated. */
export type Projectable =
  | { seq: number; type: 'settlement.posted' | 'settlement.voided'; settlement: ProjectedSettlement; transactions: ProjectedTransaction[] }
  | { seq: number; type: 'transaction.created' | 'transaction.voided' | 'transaction.edited'; transactions: ProjectedTransaction[] };

export interface PayloadIssue {
  seq: number;
  type: string;
  issues: { path: string; message: string }[];
}

/**
 * Validates the payloads of the event types central projects. Runs before anything is
 * written, so a batch with one malformed settlement is refused whole (422) instead of
 * being held with a hole in head office's totals. Other types are stored unread.
 */
export function parseProjectables(events: readonly StoreEvent[]): { projectables: Projectable[]; issues: PayloadIssue[] } {
  const projectables: Projectable[] = [];
  const issues: PayloadIssue[] = [];
  for (const e of events) {
    if (e.type === 'settlement.posted' || e.type === 'settlement.voided') {
      const r = ProjectedSettlementPayload.safeParse(e.payload);
      if (r.success) projectables.push({ seq: e.seq, type: e.type, settlement: r.data.settlement, transactions: r.data.transactions });
      else issues.push(payloadIssue(e, r.error));
    } else if (e.type === 'transaction.created' || e.type === 'transaction.voided' || e.type === 'transaction.edited') {
      const r = ProjectedTransactionPayload.safeParse(e.payload);
      if (r.success) projectables.push({ seq: e.seq, type: e.type, transactions: [r.data.transaction] });
      else issues.push(payloadIssue(e, r.error));
    }
  }
  return { projectables, issues };
}

function payloadIssue(e: StoreEvent, error: z.ZodError): PayloadIssue {
  return { seq: e.seq, type: e.type, issues: error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

export interface SettlementRow {
  settlement_id: string;
  or_number: string;
  customer_id: string;
  amount: number;
  tender_method: string;
  tender_reference: string | null;
  change_amount: number;
  credit_amount: number;
  credit_used: number;
  status: 'posted' | 'void';
  cashier_id: string;
  created_at: string;
  voided_at: string | null;
  void_reason: string | null;
  last_seq: number;
}

export interface TransactionRow {
  transaction_id: string;
  customer_id: string;
  created_by: string;
  total_amount: number;
  paid_amount: number;
  balance_amount: number;
  payment_status: string;
  due_date: string | null;
  created_at: string;
  updated_at: string;
  last_seq: number;
}

/** One settlement event's effect on collections; summed per business date and tender in SQL. */
export interface CollectionDelta {
  created_at: string;
  tender_method: string;
  amount: number;
  voided: boolean;
}

export interface ProjectionRows {
  settlements: SettlementRow[];
  transactions: TransactionRow[];
  collections: CollectionDelta[];
}

/**
 * The projection changes of newly inserted events. Snapshots are reduced to the highest
 * seq per entity (one upsert may not touch a row twice, and the latest state wins) and
 * sorted by key;
 * collection deltas are additive, one per event, so each event counts exactly once
 * whatever order events arrive in.
 */
export function deriveProjections(inserted: readonly Projectable[]): ProjectionRows {
  const settlements = new Map<string, SettlementRow>();
  const transactions = new Map<string, TransactionRow>();
  const collections: CollectionDelta[] = [];
  for (const p of inserted) {
    if (p.type === 'settlement.posted' || p.type === 'settlement.voided') {
      const s = p.settlement;
      const prev = settlements.get(s.id);
      if (!prev || prev.last_seq < p.seq) settlements.set(s.id, settlementRow(s, p.seq));
      collections.push({ created_at: s.createdAt, tender_method: s.tender.method, amount: s.amount, voided: p.type === 'settlement.voided' });
    }
    for (const t of p.transactions) {
      const prev = transactions.get(t.id);
      if (!prev || prev.last_seq < p.seq) transactions.set(t.id, transactionRow(t, p.seq));
    }
  }
  // Key order: two pushes writing some of the same rows lock them in the same order.
  return { settlements: byKey(settlements), transactions: byKey(transactions), collections };
}

function byKey<T>(rows: Map<string, T>): T[] {
  return [...rows.keys()].sort().map((k) => rows.get(k)!);
}

function settlementRow(s: ProjectedSettlement, seq: number): SettlementRow {
  return {
    settlement_id: s.id,
    or_number: s.or_number,
    customer_id: s.customerId,
    amount: s.amount,
    tender_method: s.tender.method,
    tender_reference: s.tender.reference ?? null,
    change_amount: s.change,
    credit_amount: s.creditAmount,
    credit_used: s.creditUsed,
    status: s.status,
    cashier_id: s.cashierId,
    created_at: s.createdAt,
    voided_at: s.voidedAt ?? null,
    void_reason: s.voidReason ?? null,
    last_seq: seq,
  };
}

function transactionRow(t: ProjectedTransaction, seq: number): TransactionRow {
  return {
    transaction_id: t.id,
    customer_id: t.customerId,
    created_by: t.createdBy,
    total_amount: t.total_amount,
    paid_amount: t.paid_amount,
    balance_amount: t.balance_amount,
    payment_status: t.payment_status,
    due_date: t.dueDate ?? null,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    last_seq: seq,
  };
}
