-- Registers (domain.md "Registers (machines) and documents"; RR 10-2015: one MIN per
-- machine). A register is a machine that issues documents, with its own gapless series
-- and its own accumulators. A fresh store has one register, C1; on an existing store the
-- single store-wide OR series becomes C1's, with its numbers (settlements keep their OR
-- numbers and counters) and its prefix.

CREATE TABLE registers (
  id         TEXT PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name       TEXT NOT NULL,
  min        TEXT,
  serial_no  TEXT,
  ptu_no     TEXT,
  ptu_date   TEXT,
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER registers_no_delete BEFORE DELETE ON registers
BEGIN SELECT RAISE(ABORT, 'registers are never deleted (deactivate one instead)'); END;

INSERT INTO registers (id, code, name, created_at)
  VALUES ('reg_c1', 'C1', 'Counter 1', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- One row per register and document kind: the series. `last_number` moves only inside the
-- SQLite transaction that writes the document (a rollback un-burns it), by one, forward.
-- `issued_total` is the register's accumulated total of documents issued (never reset):
-- it moves in the same UPDATE as the number, so it always equals the sum of the register's
-- settlements. `kind` 'si' is reserved for the Sales Invoice series.
CREATE TABLE document_series (
  register_id  TEXT NOT NULL REFERENCES registers(id),
  kind         TEXT NOT NULL CHECK (kind IN ('or', 'si')),
  prefix       TEXT NOT NULL UNIQUE,
  last_number  INTEGER NOT NULL DEFAULT 0 CHECK (last_number >= 0),
  issued_total INTEGER NOT NULL DEFAULT 0 CHECK (issued_total >= 0),
  PRIMARY KEY (register_id, kind)
) STRICT;
CREATE TRIGGER document_series_forward BEFORE UPDATE OF last_number ON document_series
WHEN NEW.last_number < OLD.last_number
BEGIN SELECT RAISE(ABORT, 'a document series never goes back'); END;
CREATE TRIGGER document_series_no_delete BEFORE DELETE ON document_series
BEGIN SELECT RAISE(ABORT, 'a document series is never deleted'); END;

-- The store's series becomes C1's (on a fresh store or_series is still empty: the store
-- creates C1's series with the store's prefix when it first opens).
INSERT INTO document_series (register_id, kind, prefix, last_number, issued_total)
  SELECT 'reg_c1', 'or', prefix, last_number, (SELECT coalesce(sum(amount), 0) FROM settlements)
  FROM or_series WHERE id = 1;
DROP TABLE or_series;

-- Settlements gain the register that issued them, and OR counters become unique per
-- register (two registers each have an OR 1). SQLite cannot drop an inline UNIQUE, so the
-- table is rebuilt as SQLite documents (the runner turns foreign keys off meanwhile and
-- checks them all before it commits). Every existing settlement was C1's.
CREATE TABLE settlements_new (
  id               TEXT PRIMARY KEY,
  or_number        TEXT NOT NULL UNIQUE,
  or_counter       INTEGER NOT NULL,
  register_id      TEXT NOT NULL REFERENCES registers(id),
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
  -- The cashier's open shift when the settlement was taken (NULL for admins).
  shift_id         TEXT,
  created_at       TEXT NOT NULL,
  voided_at        TEXT,
  voided_by        TEXT,
  void_reason      TEXT,
  reprint_count    INTEGER NOT NULL DEFAULT 0,
  UNIQUE (register_id, or_counter)
) STRICT;
-- rowid kept: settlement lists page by it (newest first).
INSERT INTO settlements_new (rowid, id, or_number, or_counter, register_id, customer_id, amount, tender_method,
    tender_reference, tendered, change_amount, credit_kept, credit_used, strategy, status, cashier_id, shift_id,
    created_at, voided_at, voided_by, void_reason, reprint_count)
  SELECT rowid, id, or_number, or_counter, 'reg_c1', customer_id, amount, tender_method,
    tender_reference, tendered, change_amount, credit_kept, credit_used, strategy, status, cashier_id, shift_id,
    created_at, voided_at, voided_by, void_reason, reprint_count
  FROM settlements;
DROP TABLE settlements;
ALTER TABLE settlements_new RENAME TO settlements;
CREATE INDEX settlements_cashier ON settlements(cashier_id);

-- A shift is opened at a register; `counter` stays the register's code as typed then.
-- Shifts opened before registers existed have none (their settlements count for C1).
ALTER TABLE shifts ADD COLUMN register_id TEXT REFERENCES registers(id);
CREATE UNIQUE INDEX shifts_one_open_per_register ON shifts(register_id) WHERE status = 'open' AND register_id IS NOT NULL;
