import type { Db } from '../../../src/main/db/connection.js';

/**
 * Transactions as the schema before migration 0008 (line discounts) stored them: a plain
 * vatable sale, a senior's transaction-level discount (lines priced VAT-exempt, 20% off),
 * a promo line and an exempt / zero-rated line, each charged to the customer's ledger. Raw
 * rows, as an old hub wrote them.
 */
export function writePreLineDiscountRows(db: Db): void {
  const at = '2026-01-05T02:00:00.000Z';
  db.exec(`
    INSERT INTO customers (id, name, phone, credit_limit, created_by, created_at) VALUES ('cus_old', 'Old Customer', NULL, NULL, 'usr_s', '${at}');
    INSERT INTO transactions (id, customer_id, created_by, total_amount, due_date, notes, created_at, updated_at,
        discount_kind, discount_holder_name, discount_id_number)
      VALUES ('txn_plain', 'cus_old', 'usr_s', 112000, NULL, NULL, '${at}', '${at}', NULL, NULL, NULL),
             ('txn_sc', 'cus_old', 'usr_s', 120000, '2026-01-31', 'old senior sale', '${at}', '${at}', 'senior', 'Remedios Lim', 'SC-MNL-0042');
    INSERT INTO transaction_lines (transaction_id, line_no, description, quantity, unit_price, amount, vat_category,
        gross_amount, vatable_base, vat_amount, exempt_amount, zero_rated_amount, discount_kind, discount_amount, vat_adjustment)
      VALUES ('txn_plain', 1, 'Tarpaulin', 1, 112000, 112000, 'vatable', 112000, 100000, 12000, 0, 0, NULL, 0, 0),
             ('txn_sc', 1, 'Meal', 1, 112000, 80000, 'vatable', 112000, 0, 0, 100000, 0, 'senior', 20000, 12000),
             ('txn_sc', 2, 'Medicine', 1, 50000, 40000, 'exempt', 50000, 0, 0, 50000, 0, 'senior', 10000, 0);
    INSERT INTO transactions (id, customer_id, created_by, total_amount, due_date, notes, created_at, updated_at)
      VALUES ('txn_promo', 'cus_old', 'usr_s', 35997, NULL, NULL, '${at}', '${at}');
    INSERT INTO transaction_lines (transaction_id, line_no, description, quantity, unit_price, amount, vat_category,
        gross_amount, vatable_base, vat_amount, exempt_amount, zero_rated_amount, discount_kind, discount_amount, vat_adjustment)
      VALUES ('txn_promo', 1, 'Sardines', 3, 9999, 24997, 'vatable', 29997, 22319, 2678, 0, 0, 'promo', 5000, 0),
             ('txn_promo', 2, 'Export crate', 1, 11000, 11000, 'zero_rated', 11000, 0, 0, 0, 11000, NULL, 0, 0);
    INSERT INTO ledger_entries (customer_id, type, amount, balance_before, balance_after, transaction_id, actor_id, created_at)
      VALUES ('cus_old', 'charge', 112000, 0, 112000, 'txn_plain', 'usr_s', '${at}'),
             ('cus_old', 'charge', 120000, 112000, 232000, 'txn_sc', 'usr_s', '${at}'),
             ('cus_old', 'charge', 35997, 232000, 267997, 'txn_promo', 'usr_s', '${at}');
  `);
}

export const PRE_LINE_DISCOUNT_IDS = ['txn_plain', 'txn_sc', 'txn_promo'] as const;
