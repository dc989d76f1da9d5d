import type { Db } from './connection.js';

/** Read-only checks of the ledger invariants of domain.md, as SQL over the whole book. */
export function auditQueries(db: Db) {
  return {
    /** Ledger rows whose balance_before is not the previous row's balance_after (per customer). */
    brokenChains: db.prepare<[], { id: number; customer_id: string }>(
      `SELECT id, customer_id FROM (
         SELECT id, customer_id, balance_before,
                coalesce(lag(balance_after) OVER (PARTITION BY customer_id ORDER BY id), 0) AS prev
         FROM ledger_entries) WHERE balance_before != prev`,
    ),
    /** Customers whose ledger balance differs from open balances minus unused credit. */
    customerMismatches: db.prepare<[], { id: string; ledger: number; sum_entries: number; open: number; credit: number }>(
      `SELECT c.id,
         coalesce((SELECT balance_after FROM ledger_entries WHERE customer_id = c.id ORDER BY id DESC LIMIT 1), 0) AS ledger,
         coalesce((SELECT sum(amount) FROM ledger_entries WHERE customer_id = c.id), 0) AS sum_entries,
         coalesce((SELECT sum(total_amount - paid_amount) FROM transactions WHERE customer_id = c.id AND voided = 0), 0) AS open,
         c.credit_balance AS credit
       FROM customers c
       WHERE ledger != sum_entries OR ledger != open - credit OR c.open_balance != open`,
    ),
    /** Transactions whose paid amount is not the sum of live allocations. */
    paidMismatches: db.prepare<[], { id: string; paid_amount: number; allocated: number }>(
      `SELECT t.id, t.paid_amount, coalesce(sum(a.amount), 0) AS allocated
       FROM transactions t LEFT JOIN allocations a ON a.transaction_id = t.id AND a.live = 1
       GROUP BY t.id HAVING t.paid_amount != allocated`,
    ),
    /** Settlements whose allocations do not account for their amount (or a void with live allocations). */
    settlementMismatches: db.prepare<[], { id: string; or_number: string }>(
      `SELECT s.id, s.or_number FROM settlements s
       LEFT JOIN allocations a ON a.settlement_id = s.id
       GROUP BY s.id
       HAVING (s.status = 'posted' AND coalesce(sum(a.amount) FILTER (WHERE a.live = 1), 0) + s.credit_kept != s.amount + s.credit_used)
           OR (s.status = 'void' AND coalesce(sum(a.live), 0) != 0)`,
    ),
    /**
     * Each register's OR series against the settlements it numbered: count, counter range,
     * distinct counters, the series' last number and accumulated total, and the sum issued.
     * A register with a series but no settlement appears with n = 0.
     */
    orSeries: db.prepare<
      [],
      { register_id: string; code: string | null; n: number; min_c: number | null; max_c: number | null; distinct_c: number;
        last_number: number | null; issued_total: number | null; issued_sum: number }
    >(
      `SELECT r.register_id, g.code, coalesce(s.n, 0) AS n, s.min_c, s.max_c, coalesce(s.distinct_c, 0) AS distinct_c,
              d.last_number, d.issued_total, coalesce(s.issued_sum, 0) AS issued_sum
       FROM (SELECT register_id FROM document_series WHERE kind = 'or' UNION SELECT register_id FROM settlements) r
       LEFT JOIN registers g ON g.id = r.register_id
       LEFT JOIN document_series d ON d.register_id = r.register_id AND d.kind = 'or'
       LEFT JOIN (SELECT register_id, count(*) AS n, min(or_counter) AS min_c, max(or_counter) AS max_c,
                         count(DISTINCT or_counter) AS distinct_c, sum(amount) AS issued_sum
                  FROM settlements WHERE document_type = 'collection_receipt' GROUP BY register_id) s ON s.register_id = r.register_id
       ORDER BY r.register_id`,
    ),
    /**
     * Each register's Sales Invoice series against the invoices it issued (one invoice
     * reading fact per SI issued, cancelled ones included), as orSeries does for ORs.
     */
    siSeries: db.prepare<
      [],
      { register_id: string; code: string | null; n: number; min_c: number | null; max_c: number | null; distinct_c: number;
        last_number: number | null; issued_total: number | null; issued_sum: number }
    >(
      `SELECT d.register_id, g.code, coalesce(f.n, 0) AS n, f.min_c, f.max_c, coalesce(f.distinct_c, 0) AS distinct_c,
              d.last_number, d.issued_total, coalesce(f.issued_sum, 0) AS issued_sum
       FROM document_series d
       LEFT JOIN registers g ON g.id = d.register_id
       LEFT JOIN (SELECT register_id, count(*) AS n, min(or_counter) AS min_c, max(or_counter) AS max_c,
                         count(DISTINCT or_counter) AS distinct_c, sum(amount) AS issued_sum
                  FROM reading_facts WHERE kind = 'invoice' GROUP BY register_id) f ON f.register_id = d.register_id
       WHERE d.kind = 'si' ORDER BY d.register_id`,
    ),
    /** Settlements that are a Sales Invoice whose number is not their sale's invoice. */
    invoiceSettlementMismatches: db.prepare<[], { id: string; or_number: string }>(
      `SELECT s.id, s.or_number FROM settlements s
       WHERE s.document_type = 'sales_invoice' AND NOT EXISTS (
         SELECT 1 FROM reading_facts f JOIN allocations a ON a.transaction_id = f.transaction_id
         WHERE a.settlement_id = s.id AND f.kind = 'invoice' AND f.or_number = s.or_number)`,
    ),
    /** Shifts opened at a register that does not exist, and settlements whose register is not their shift's. */
    registerMismatches: db.prepare<[], { id: string; or_number: string }>(
      `SELECT s.id, s.or_number FROM settlements s JOIN shifts h ON h.id = s.shift_id
       WHERE s.document_type = 'collection_receipt' AND s.register_id <> coalesce(h.register_id, 'reg_c1')`,
    ),
    settlementCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM settlements'),
    eventSeq: db.prepare<[], { n: number; max_seq: number | null }>('SELECT count(*) AS n, max(seq) AS max_seq FROM events'),
  };
}
