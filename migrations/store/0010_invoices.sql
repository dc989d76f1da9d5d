-- Sales Invoices, collection receipts and Z per register (domain.md "Registers (machines)
-- and documents"; RR 3-2024 / RR 7-2024 / RR 11-2024: the invoice is the primary document,
-- VAT is recognised on it, later payments get collection receipts).

-- ---- Each register's Sales Invoice series (document_series kind 'si') ----
-- Prefix from the register's OR prefix (core/or-number.ts invoicePrefix): OR-MNL01 → SI-MNL01.
INSERT INTO document_series (register_id, kind, prefix)
  SELECT register_id, 'si', CASE WHEN prefix LIKE 'OR-%' THEN 'SI-' || substr(prefix, 4) ELSE 'SI-' || prefix END
  FROM document_series WHERE kind = 'or';

-- The single machine's MIN and serial number of the receipt settings become C1's.
UPDATE registers SET
  min = coalesce(min, (SELECT nullif(trim(json_extract(value, '$')), '') FROM settings WHERE key = 'receipt.machineId')),
  serial_no = coalesce(serial_no, (SELECT nullif(trim(json_extract(value, '$')), '') FROM settings WHERE key = 'receipt.serialNumber')),
  ptu_no = coalesce(ptu_no, (SELECT nullif(trim(json_extract(value, '$')), '') FROM settings WHERE key = 'receipt.permitNumber'))
WHERE id = 'reg_c1';

-- ---- A sale's invoice and buyer ----
-- `vat_on_invoice` = 1: the sale's VAT is recognised on its Sales Invoice (every sale
-- written from now on); 0: a sale written before invoices existed, whose payments keep
-- carrying their share of its VAT, as they were printed.
ALTER TABLE transactions ADD COLUMN vat_on_invoice INTEGER NOT NULL DEFAULT 0 CHECK (vat_on_invoice IN (0, 1));
ALTER TABLE transactions ADD COLUMN invoice_register_id TEXT REFERENCES registers(id);
ALTER TABLE transactions ADD COLUMN invoice_number TEXT;
ALTER TABLE transactions ADD COLUMN invoice_counter INTEGER;
ALTER TABLE transactions ADD COLUMN invoice_issued_at TEXT;
ALTER TABLE transactions ADD COLUMN buyer_name TEXT;
ALTER TABLE transactions ADD COLUMN buyer_address TEXT;
ALTER TABLE transactions ADD COLUMN buyer_tin TEXT;
-- When the SI's original was printed (at the desk, or as the payment that was it): a
-- later print is a reprint, and a payment after a printed SI is a collection receipt.
ALTER TABLE transactions ADD COLUMN invoice_printed_at TEXT;
CREATE UNIQUE INDEX transactions_invoice_number ON transactions(invoice_number) WHERE invoice_number IS NOT NULL;
-- An issued invoice is never withdrawn: an edit of the sale cancels it (a void fact, in the
-- e-journal) and issues the next number, so the column only ever moves to a new number.
CREATE TRIGGER transactions_invoice_kept BEFORE UPDATE OF invoice_number ON transactions
WHEN OLD.invoice_number IS NOT NULL AND NEW.invoice_number IS NULL
BEGIN SELECT RAISE(ABORT, 'a Sales Invoice is never withdrawn'); END;

-- ---- Settlements: the document type ----
-- `sales_invoice`: the payment is the sale's own invoice (a sale paid in full at once),
-- numbered from the SI series; `collection_receipt`: from the OR series. Counters are
-- unique per register and series, so the table is rebuilt (SQLite cannot change a UNIQUE).
CREATE TABLE settlements_new (
  id               TEXT PRIMARY KEY,
  or_number        TEXT NOT NULL UNIQUE,
  or_counter       INTEGER NOT NULL,
  register_id      TEXT NOT NULL REFERENCES registers(id),
  document_type    TEXT NOT NULL DEFAULT 'collection_receipt' CHECK (document_type IN ('collection_receipt', 'sales_invoice')),
  customer_id      TEXT NOT NULL REFERENCES customers(id),
  amount           INTEGER NOT NULL CHECK (amount > 0),
  tender_method    TEXT NOT NULL CHECK (tender_method IN ('cash','card','gcash','maya','bank_transfer','check')),
  tender_reference TEXT,
  tendered         INTEGER,
  change_amount    INTEGER NOT NULL DEFAULT 0 CHECK (change_amount >= 0),
  credit_kept      INTEGER NOT NULL DEFAULT 0 CHECK (credit_kept >= 0),
  credit_used      INTEGER NOT NULL DEFAULT 0 CHECK (credit_used >= 0),
  strategy         TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'void')),
  cashier_id       TEXT NOT NULL,
  shift_id         TEXT,
  created_at       TEXT NOT NULL,
  voided_at        TEXT,
  voided_by        TEXT,
  void_reason      TEXT,
  reprint_count    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (register_id, document_type, or_counter)
) STRICT;
INSERT INTO settlements_new (rowid, id, or_number, or_counter, register_id, document_type, customer_id, amount, tender_method,
    tender_reference, tendered, change_amount, credit_kept, credit_used, strategy, status, cashier_id, shift_id,
    created_at, voided_at, voided_by, void_reason, reprint_count)
  SELECT rowid, id, or_number, or_counter, register_id, 'collection_receipt', customer_id, amount, tender_method,
    tender_reference, tendered, change_amount, credit_kept, credit_used, strategy, status, cashier_id, shift_id,
    created_at, voided_at, voided_by, void_reason, reprint_count
  FROM settlements;
DROP TABLE settlements;
ALTER TABLE settlements_new RENAME TO settlements;
CREATE INDEX settlements_cashier ON settlements(cashier_id);

-- ---- Reading facts per register, with invoices ----
-- kind 'invoice': a Sales Invoice issued (the sale's VAT figures, recognised that day, at
-- the issuing register; collected 0). 'sale': a payment document (collection receipt, or
-- the SI that is the payment: `document` 'si'), whose VAT figures are zero when the sale's
-- VAT is on its invoice. A collection receipt's money is not a sale, so the old identity
-- collected = amount + kept − used no longer holds row by row.
-- vat_adj_senior / vat_adj_pwd: the SC and PWD part of vat_adjustment (the Z splits it).
CREATE TABLE reading_facts_new (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('invoice', 'sale', 'void', 'refund')),
  register_id      TEXT NOT NULL REFERENCES registers(id),
  document         TEXT NOT NULL DEFAULT 'or' CHECK (document IN ('or', 'si')),
  settlement_id    TEXT,
  transaction_id   TEXT,
  refund_id        TEXT,
  or_number        TEXT NOT NULL,
  or_counter       INTEGER NOT NULL,
  business_date    TEXT NOT NULL,
  shift_id         TEXT,
  tender_method    TEXT,
  collected        INTEGER NOT NULL,
  credit_kept      INTEGER NOT NULL,
  credit_used      INTEGER NOT NULL,
  amount           INTEGER NOT NULL,
  gross            INTEGER NOT NULL,
  vatable_sales    INTEGER NOT NULL,
  vat_amount       INTEGER NOT NULL,
  vat_exempt_sales INTEGER NOT NULL,
  zero_rated_sales INTEGER NOT NULL,
  senior_discount  INTEGER NOT NULL,
  pwd_discount     INTEGER NOT NULL,
  promo_discount   INTEGER NOT NULL,
  vat_adjustment   INTEGER NOT NULL,
  vat_adj_senior   INTEGER NOT NULL DEFAULT 0,
  vat_adj_pwd      INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,
  -- Invoices (and the void of a cancelled one) move no money: no settlement, no tender.
  CHECK (kind IN ('invoice', 'void') OR (settlement_id IS NOT NULL AND tender_method IS NOT NULL)),
  CHECK (kind <> 'invoice' OR (settlement_id IS NULL AND tender_method IS NULL AND transaction_id IS NOT NULL))
) STRICT;
-- Every fact so far is C1's (one store-wide series); a fact whose discounts are all of one
-- kind gives that kind its whole VAT adjustment, a mixed one leaves it under "other".
INSERT INTO reading_facts_new (id, kind, register_id, document, settlement_id, transaction_id, refund_id, or_number, or_counter,
    business_date, shift_id, tender_method, collected, credit_kept, credit_used, amount, gross, vatable_sales, vat_amount,
    vat_exempt_sales, zero_rated_sales, senior_discount, pwd_discount, promo_discount, vat_adjustment, vat_adj_senior, vat_adj_pwd,
    created_at)
  SELECT id, kind, coalesce((SELECT s.register_id FROM settlements s WHERE s.id = f.settlement_id), 'reg_c1'), 'or',
    settlement_id, NULL, refund_id, or_number, or_counter,
    business_date, shift_id, tender_method, collected, credit_kept, credit_used, amount, gross, vatable_sales, vat_amount,
    vat_exempt_sales, zero_rated_sales, senior_discount, pwd_discount, promo_discount, vat_adjustment,
    CASE WHEN senior_discount <> 0 AND pwd_discount = 0 THEN vat_adjustment ELSE 0 END,
    CASE WHEN pwd_discount <> 0 AND senior_discount = 0 THEN vat_adjustment ELSE 0 END,
    created_at
  FROM reading_facts f;
DROP TABLE reading_facts;
ALTER TABLE reading_facts_new RENAME TO reading_facts;
CREATE INDEX reading_facts_day ON reading_facts(register_id, business_date, kind, or_counter);
CREATE INDEX reading_facts_shift ON reading_facts(shift_id, kind, or_counter);
-- A sale's invoice facts (cancelling one; a shift's X finds the invoices its payments were).
CREATE INDEX reading_facts_invoice ON reading_facts(transaction_id) WHERE transaction_id IS NOT NULL;
CREATE TRIGGER reading_facts_no_update BEFORE UPDATE ON reading_facts
BEGIN SELECT RAISE(ABORT, 'reading_facts is append-only'); END;
CREATE TRIGGER reading_facts_no_delete BEFORE DELETE ON reading_facts
BEGIN SELECT RAISE(ABORT, 'reading_facts is append-only'); END;

-- ---- Readings: a Z per register ----
-- X numbers stay store-wide; Z numbers are each register's Z counter, one Z per register
-- and business date. Every Z so far was the store's single machine's: C1's.
CREATE TABLE readings_new (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('x', 'z')),
  number        INTEGER NOT NULL,
  register_id   TEXT REFERENCES registers(id),
  business_date TEXT,
  shift_id      TEXT,
  taken_at      TEXT NOT NULL,
  taken_by      TEXT NOT NULL,
  body          TEXT NOT NULL,
  CHECK ((kind = 'z') = (business_date IS NOT NULL)),
  CHECK (kind = 'x' OR register_id IS NOT NULL)
) STRICT;
INSERT INTO readings_new (rowid, id, kind, number, register_id, business_date, shift_id, taken_at, taken_by, body)
  SELECT rowid, id, kind, number, CASE WHEN kind = 'z' THEN 'reg_c1' END, business_date, shift_id, taken_at, taken_by, body
  FROM readings;
DROP TABLE readings;
ALTER TABLE readings_new RENAME TO readings;
CREATE UNIQUE INDEX readings_x_number ON readings(number) WHERE kind = 'x';
CREATE UNIQUE INDEX readings_z_number ON readings(register_id, number) WHERE kind = 'z';
-- Once per register and business day: the database itself refuses a second Z.
CREATE UNIQUE INDEX readings_one_z_per_day ON readings(register_id, business_date) WHERE kind = 'z';
CREATE INDEX readings_shift ON readings(shift_id);
CREATE TRIGGER readings_no_update BEFORE UPDATE ON readings
BEGIN SELECT RAISE(ABORT, 'readings are immutable'); END;
CREATE TRIGGER readings_no_delete BEFORE DELETE ON readings
BEGIN SELECT RAISE(ABORT, 'readings are immutable'); END;

-- ---- Each register's non-resettable accumulators: Z counter and grand total ----
CREATE TABLE register_z_state (
  register_id   TEXT PRIMARY KEY REFERENCES registers(id),
  z_counter     INTEGER NOT NULL DEFAULT 0 CHECK (z_counter >= 0),
  reset_counter INTEGER NOT NULL DEFAULT 0,
  grand_total   INTEGER NOT NULL DEFAULT 0,
  last_z_date   TEXT
) STRICT;
INSERT INTO register_z_state (register_id, z_counter, reset_counter, grand_total, last_z_date)
  SELECT 'reg_c1', z_counter, reset_counter, grand_total, last_z_date FROM z_state WHERE id = 1;
INSERT OR IGNORE INTO register_z_state (register_id) SELECT id FROM registers;
DROP TABLE z_state;
CREATE TRIGGER register_z_state_forward BEFORE UPDATE ON register_z_state
WHEN NEW.z_counter <> OLD.z_counter + 1 OR NEW.reset_counter <> OLD.reset_counter
  OR (OLD.last_z_date IS NOT NULL AND NEW.last_z_date <= OLD.last_z_date)
BEGIN SELECT RAISE(ABORT, 'the Z counter only moves forward, one reading at a time'); END;
CREATE TRIGGER register_z_state_no_delete BEFORE DELETE ON register_z_state
BEGIN SELECT RAISE(ABORT, 'the Z accumulators are never deleted'); END;
-- A new register starts its accumulators at zero, in the same statement that adds it.
CREATE TRIGGER registers_z_state AFTER INSERT ON registers
BEGIN INSERT INTO register_z_state (register_id) VALUES (NEW.id); END;
