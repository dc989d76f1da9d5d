import type { Pool } from 'pg';
import type {
  CentralSettlement,
  CentralSettlementsQuery,
  CentralTransaction,
  CentralTransactionsQuery,
  CollectionsQuery,
  CollectionsResponse,
  StoreSummary,
} from '../../shared/central-projections.js';
import { toInt } from './pool.js';

/** Keyset cursor over (created_at DESC, id DESC): stable while new rows arrive. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through: not one of ours
  }
  return null;
}

/** One page; `more` when the query found a row past it (it asks for limit + 1). */
function page<T extends { createdAt: string; id: string }>(items: T[], more: boolean): { items: T[]; nextCursor: string | null } {
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null };
}

interface SettlementDbRow {
  store_id: string; settlement_id: string; or_number: string; customer_id: string; amount: string;
  tender_method: string; tender_reference: string | null; change_amount: string; credit_amount: string; credit_used: string;
  status: 'posted' | 'void'; cashier_id: string; created_at: Date; business_date: string; voided_at: Date | null;
  void_reason: string | null; last_seq: string;
}

export async function listSettlements(pool: Pool, storeId: string, q: CentralSettlementsQuery, after: [string, string] | null) {
  const { rows } = await pool.query<SettlementDbRow>(
    `SELECT store_id, settlement_id, or_number, customer_id, amount, tender_method, tender_reference, change_amount,
            credit_amount, credit_used, status, cashier_id, created_at, business_date::text AS business_date,
            voided_at, void_reason, last_seq
       FROM settlements
      WHERE store_id = $1
        AND ($2::text IS NULL OR status = $2)
        AND ($3::date IS NULL OR business_date >= $3)
        AND ($4::date IS NULL OR business_date <= $4)
        AND ($5::timestamptz IS NULL OR (created_at, settlement_id) < ($5, $6))
      ORDER BY created_at DESC, settlement_id DESC
      LIMIT $7`,
    [storeId, q.status ?? null, q.from ?? null, q.to ?? null, after?.[0] ?? null, after?.[1] ?? null, q.limit + 1],
  );
  const items: CentralSettlement[] = rows.slice(0, q.limit).map((r) => ({
    storeId: r.store_id,
    id: r.settlement_id,
    or_number: r.or_number,
    customerId: r.customer_id,
    amount: toInt(r.amount),
    tender: { method: r.tender_method as CentralSettlement['tender']['method'], reference: r.tender_reference },
    change: toInt(r.change_amount),
    creditAmount: toInt(r.credit_amount),
    creditUsed: toInt(r.credit_used),
    status: r.status,
    cashierId: r.cashier_id,
    createdAt: r.created_at.toISOString(),
    businessDate: r.business_date,
    voidedAt: r.voided_at?.toISOString() ?? null,
    voidReason: r.void_reason,
    seq: toInt(r.last_seq),
  }));
  return page(items, rows.length > q.limit);
}

interface TransactionDbRow {
  store_id: string; transaction_id: string; customer_id: string; created_by: string; total_amount: string;
  paid_amount: string; balance_amount: string; payment_status: CentralTransaction['payment_status'];
  due_date: string | null; created_at: Date; updated_at: Date; last_seq: string;
}

export async function listTransactions(pool: Pool, storeId: string, q: CentralTransactionsQuery, after: [string, string] | null) {
  const { rows } = await pool.query<TransactionDbRow>(
    `SELECT store_id, transaction_id, customer_id, created_by, total_amount, paid_amount, balance_amount,
            payment_status, due_date::text AS due_date, created_at, updated_at, last_seq
       FROM transactions
      WHERE store_id = $1
        AND ($2::text IS NULL OR payment_status = $2)
        AND ($3::timestamptz IS NULL OR (created_at, transaction_id) < ($3, $4))
      ORDER BY created_at DESC, transaction_id DESC
      LIMIT $5`,
    [storeId, q.status ?? null, after?.[0] ?? null, after?.[1] ?? null, q.limit + 1],
  );
  const items: CentralTransaction[] = rows.slice(0, q.limit).map((r) => ({
    storeId: r.store_id,
    id: r.transaction_id,
    customerId: r.customer_id,
    createdBy: r.created_by,
    total_amount: toInt(r.total_amount),
    paid_amount: toInt(r.paid_amount),
    balance_amount: toInt(r.balance_amount),
    payment_status: r.payment_status,
    dueDate: r.due_date,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    seq: toInt(r.last_seq),
  }));
  return page(items, rows.length > q.limit);
}

export async function collections(pool: Pool, q: CollectionsQuery): Promise<CollectionsResponse> {
  const { rows } = await pool.query<{
    business_date: string; tender_method: string; stores: string; posted_count: string; posted_amount: string;
    voided_count: string; voided_amount: string;
  }>(
    `SELECT business_date::text AS business_date, tender_method, count(DISTINCT store_id) AS stores,
            sum(posted_count) AS posted_count, sum(posted_amount) AS posted_amount,
            sum(voided_count) AS voided_count, sum(voided_amount) AS voided_amount
       FROM daily_collections
      WHERE ($1::date IS NULL OR business_date >= $1)
        AND ($2::date IS NULL OR business_date <= $2)
        AND ($3::text IS NULL OR store_id = $3)
      GROUP BY business_date, tender_method
      ORDER BY business_date, tender_method`,
    [q.from ?? null, q.to ?? null, q.storeId ?? null],
  );
  const items = rows.map((r) => {
    const postedAmount = toInt(r.posted_amount);
    const voidedAmount = toInt(r.voided_amount);
    return {
      businessDate: r.business_date,
      tenderMethod: r.tender_method as CollectionsResponse['items'][number]['tenderMethod'],
      stores: toInt(r.stores),
      postedCount: toInt(r.posted_count),
      postedAmount,
      voidedCount: toInt(r.voided_count),
      voidedAmount,
      netAmount: postedAmount - voidedAmount,
    };
  });
  const totals = { postedCount: 0, postedAmount: 0, voidedCount: 0, voidedAmount: 0, netAmount: 0 };
  for (const i of items) {
    totals.postedCount += i.postedCount;
    totals.postedAmount += i.postedAmount;
    totals.voidedCount += i.voidedCount;
    totals.voidedAmount += i.voidedAmount;
    totals.netAmount += i.netAmount;
  }
  return { items, totals };
}

export async function storeSummary(pool: Pool, storeId: string): Promise<StoreSummary | null> {
  const { rows } = await pool.query<{
    name: string; acked: string; last_push_at: Date | null; events: string;
    posted_count: string; posted_amount: string; void_count: string; void_amount: string;
    tx_count: string; tx_void: string; tx_total: string; tx_paid: string; tx_balance: string;
  }>(
    `SELECT s.name, c.acked_through AS acked, c.last_push_at,
       (SELECT count(*) FROM store_events e WHERE e.store_id = s.store_id) AS events,
       st.posted_count, st.posted_amount, st.void_count, st.void_amount,
       tx.tx_count, tx.tx_void, tx.tx_total, tx.tx_paid, tx.tx_balance
     FROM stores s
     JOIN store_cursors c USING (store_id)
     CROSS JOIN LATERAL (
       SELECT count(*) FILTER (WHERE status = 'posted') AS posted_count,
              coalesce(sum(amount) FILTER (WHERE status = 'posted'), 0) AS posted_amount,
              count(*) FILTER (WHERE status = 'void') AS void_count,
              coalesce(sum(amount) FILTER (WHERE status = 'void'), 0) AS void_amount
         FROM settlements WHERE store_id = s.store_id) st
     CROSS JOIN LATERAL (
       SELECT count(*) AS tx_count, count(*) FILTER (WHERE payment_status = 'void') AS tx_void,
              coalesce(sum(total_amount) FILTER (WHERE payment_status <> 'void'), 0) AS tx_total,
              coalesce(sum(paid_amount) FILTER (WHERE payment_status <> 'void'), 0) AS tx_paid,
              coalesce(sum(balance_amount) FILTER (WHERE payment_status <> 'void'), 0) AS tx_balance
         FROM transactions WHERE store_id = s.store_id) tx
     WHERE s.store_id = $1`,
    [storeId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    storeId,
    name: r.name,
    ackedThrough: toInt(r.acked),
    lastPushAt: r.last_push_at?.toISOString() ?? null,
    events: toInt(r.events),
    settlements: {
      postedCount: toInt(r.posted_count),
      postedAmount: toInt(r.posted_amount),
      voidCount: toInt(r.void_count),
      voidAmount: toInt(r.void_amount),
    },
    transactions: {
      count: toInt(r.tx_count),
      voidCount: toInt(r.tx_void),
      totalAmount: toInt(r.tx_total),
      paidAmount: toInt(r.tx_paid),
      balanceAmount: toInt(r.tx_balance),
    },
  };
}
