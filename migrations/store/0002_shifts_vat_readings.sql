-- Shifts and the cash drawer, VAT per line and SC/PWD discounts, X/Z readings,
-- refunds and the hash-chained e-journal. Money is INTEGER centavos; times ISO-8601 UTC.

-- ---- VAT per transaction line (src/core/tax.ts) ----
-- amount (existing) stays the amount due on the line, after discounts.
ALTER TABLE transaction_lines ADD COLUMN vat_category TEXT NOT NULL DEFAULT 'vatable'
  CHECK (vat_category IN ('vatable', 'exempt', 'zero_rated'));
ALTER TABLE transaction_lines ADD COLUMN gross_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transaction_lines ADD COLUMN vatable_base INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transaction_lines ADD COLUMN vat_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transaction_lines ADD COLUMN exempt_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transaction_lines ADD COLUMN zero_rated_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE transaction_lines ADD COLUMN discount_kind TEXT CHECK (discount_kind IN ('senior', 'pwd', 'promo'));
ALTER TABLE transaction_lines ADD COLUMN discount_amount INTEGER NOT NULL DEFAULT 0 CHECK (discount_amount >= 0);
ALTER TABLE transaction_lines ADD COLUMN vat_adjustment INTEGER NOT NULL DEFAULT 0;

-- Lines written before VAT existed were VAT-inclusive vatable sales: split them now,
-- VAT = amount × 12/112 half-up, the same rounding as src/core/tax.ts.
UPDATE transaction_lines SET
  gross_amount = amount,
  vat_amount = (amount * 24 + 112) / 224,
  vatable_base = amount - (amount * 24 + 112) / 224;

ALTER TABLE transactions ADD COLUMN discount_kind TEXT CHECK (discount_kind IN ('senior', 'pwd'));
ALTER TABLE transactions ADD COLUMN discount_holder_name TEXT;
ALTER TABLE transactions ADD COLUMN discount_id_number TEXT;

-- ---- Shifts and the drawer ----
CREATE TABLE shifts (
  id                  TEXT PRIMARY KEY,
  cashier_id          TEXT NOT NULL,
  counter             TEXT NOT NULL,
  opening_float       INTEGER NOT NULL CHECK (opening_float >= 0),
  status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  opened_at           TEXT NOT NULL,
  closed_at           TEXT,
  closed_by           TEXT,
  closed_business_date TEXT,
  expected_cash       INTEGER,
  counted_cash        INTEGER CHECK (counted_cash IS NULL OR counted_cash >= 0),
  over_short          INTEGER,
  force_closed        INTEGER NOT NULL DEFAULT 0 CHECK (force_closed IN (0, 1)),
  close_reason        TEXT,
  CHECK ((status = 'open') = (closed_at IS NULL)),
  CHECK (status = 'open' OR over_short = counted_cash - expected_cash)
) STRICT;
-- One open shift per cashier, and one per counter (one drawer, one person accountable).
CREATE UNIQUE INDEX shifts_one_open_per_cashier ON shifts(cashier_id) WHERE status = 'open';
CREATE UNIQUE INDEX shifts_one_open_per_counter ON shifts(counter COLLATE NOCASE) WHERE status = 'open';
CREATE INDEX shifts_closed_date ON shifts(closed_business_date);

-- A closed shift is what the cashier was accountable for: it never changes again.
CREATE TRIGGER shifts_closed_frozen BEFORE UPDATE ON shifts WHEN OLD.status = 'closed'
BEGIN SELECT RAISE(ABORT, 'a closed shift cannot change'); END;
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
BEGIN SELECT RAISE(ABORT, 'shifts are never deleted'); END;

CREATE TABLE drawer_movements (
  id         TEXT PRIMARY KEY,
  shift_id   TEXT NOT NULL REFERENCES shifts(id),
  kind       TEXT NOT NULL CHECK (kind IN ('paid_in', 'paid_out', 'refund')),
  amount     INTEGER NOT NULL CHECK (amount > 0),
  reason     TEXT NOT NULL,
  actor_id   TEXT NOT NULL,
  refund_id  TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX drawer_movements_shift ON drawer_movements(shift_id);
CREATE TRIGGER drawer_movements_no_update BEFORE UPDATE ON drawer_movements
BEGIN SELECT RAISE(ABORT, 'drawer_movements is append-only'); END;
CREATE TRIGGER drawer_movements_no_delete BEFORE DELETE ON drawer_movements
BEGIN SELECT RAISE(ABORT, 'drawer_movements is append-only'); END;

-- ---- Refunds: money handed back against a posted settlement ----
CREATE TABLE refunds (
  id            TEXT PRIMARY KEY,
  settlement_id TEXT NOT NULL REFERENCES settlements(id),
  amount        INTEGER NOT NULL CHECK (amount > 0),
  method        TEXT NOT NULL CHECK (method IN ('cash','card','gcash','maya','bank_transfer','check')),
  reference     TEXT,
  reason        TEXT NOT NULL,
  shift_id      TEXT REFERENCES shifts(id),
  actor_id      TEXT NOT NULL,
  created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX refunds_settlement ON refunds(settlement_id);
CREATE TRIGGER refunds_no_update BEFORE UPDATE ON refunds
BEGIN SELECT RAISE(ABORT, 'refunds is append-only'); END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
BEGIN SELECT RAISE(ABORT, 'refunds is append-only'); END;

-- ---- Tax attribution: the share of a transaction's VAT figures each payment carries ----
-- One row per allocation (kind payment) and per refunded part of one (kind refund,
-- negative). A row counts while its allocation is live (src/core/tax.ts attributeShare).
CREATE TABLE allocation_tax (
  id               INTEGER PRIMARY KEY,
  settlement_id    TEXT NOT NULL,
  transaction_id   TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
  refund_id        TEXT,
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
  FOREIGN KEY (settlement_id, transaction_id) REFERENCES allocations(settlement_id, transaction_id)
) STRICT;
CREATE INDEX allocation_tax_transaction ON allocation_tax(transaction_id);
CREATE INDEX allocation_tax_settlement ON allocation_tax(settlement_id);
CREATE TRIGGER allocation_tax_no_update BEFORE UPDATE ON allocation_tax
BEGIN SELECT RAISE(ABORT, 'allocation_tax is append-only'); END;
CREATE TRIGGER allocation_tax_no_delete BEFORE DELETE ON allocation_tax
BEGIN SELECT RAISE(ABORT, 'allocation_tax is append-only'); END;

-- ---- Reading facts: what X- and Z-readings add up ----
-- One row per receipt issued (sale), per void and per refund, signed (voids and refunds
-- negative), written in the same SQLite transaction as the thing it records, with the
-- business date and the shift it counts for. Readings are GROUP BY over these.
CREATE TABLE reading_facts (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('sale', 'void', 'refund')),
  settlement_id    TEXT NOT NULL,
  refund_id        TEXT,
  or_number        TEXT NOT NULL,
  or_counter       INTEGER NOT NULL,
  business_date    TEXT NOT NULL,
  shift_id         TEXT,
  tender_method    TEXT NOT NULL,
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
  created_at       TEXT NOT NULL,
  -- money received = sales allocated + deposit kept − deposit applied
  CHECK (collected = amount + credit_kept - credit_used)
) STRICT;
CREATE INDEX reading_facts_day ON reading_facts(business_date, kind, or_counter);
CREATE INDEX reading_facts_shift ON reading_facts(shift_id, kind, or_counter);
CREATE TRIGGER reading_facts_no_update BEFORE UPDATE ON reading_facts
BEGIN SELECT RAISE(ABORT, 'reading_facts is append-only'); END;
CREATE TRIGGER reading_facts_no_delete BEFORE DELETE ON reading_facts
BEGIN SELECT RAISE(ABORT, 'reading_facts is append-only'); END;

-- ---- Readings, stored as taken ----
CREATE TABLE readings (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('x', 'z')),
  number        INTEGER NOT NULL,
  business_date TEXT,
  shift_id      TEXT,
  taken_at      TEXT NOT NULL,
  taken_by      TEXT NOT NULL,
  body          TEXT NOT NULL,
  UNIQUE (kind, number),
  CHECK ((kind = 'z') = (business_date IS NOT NULL))
) STRICT;
-- Once per business day: the database itself refuses a second Z for a date.
CREATE UNIQUE INDEX readings_one_z_per_day ON readings(business_date) WHERE kind = 'z';
CREATE INDEX readings_shift ON readings(shift_id);
CREATE TRIGGER readings_no_update BEFORE UPDATE ON readings
BEGIN SELECT RAISE(ABORT, 'readings are immutable'); END;
CREATE TRIGGER readings_no_delete BEFORE DELETE ON readings
BEGIN SELECT RAISE(ABORT, 'readings are immutable'); END;

-- The non-resettable accumulators: Z counter and accumulated grand total.
CREATE TABLE z_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  z_counter     INTEGER NOT NULL DEFAULT 0 CHECK (z_counter >= 0),
  reset_counter INTEGER NOT NULL DEFAULT 0,
  grand_total   INTEGER NOT NULL DEFAULT 0,
  last_z_date   TEXT
) STRICT;
INSERT INTO z_state (id) VALUES (1);
-- Counters only move forward; the reset counter never moves (Kahera has no memory reset).
CREATE TRIGGER z_state_forward BEFORE UPDATE ON z_state
WHEN NEW.z_counter <> OLD.z_counter + 1 OR NEW.reset_counter <> OLD.reset_counter
  OR (OLD.last_z_date IS NOT NULL AND NEW.last_z_date <= OLD.last_z_date)
BEGIN SELECT RAISE(ABORT, 'the Z counter only moves forward, one reading at a time'); END;

-- ---- E-journal: every receipt, void, reprint, refund and reading, hash-chained ----
-- hash = sha256(prev_hash || JSON envelope of {body (the stored text), createdAt, kind, refId, seq});
-- see entryHash in src/main/services/journal.service.ts.
CREATE TABLE journal (
  seq        INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('receipt', 'void', 'reprint', 'refund', 'x_reading', 'z_reading')),
  ref_id     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  body       TEXT NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX journal_ref ON journal(ref_id);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the e-journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the e-journal is append-only'); END;
