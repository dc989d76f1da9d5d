-- Kahera store ledger: the hub's settlement book.
-- Money columns are INTEGER centavos. Times are ISO-8601 UTC text.
-- Nothing here is ever deleted: voids and reversals are new rows.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'cashier', 'sales')),
  display_name  TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  phone          TEXT,
  -- NULL: no limit. Otherwise the most a customer may owe (open balances).
  credit_limit   INTEGER CHECK (credit_limit IS NULL OR credit_limit >= 0),
  -- Unused deposit (excess kept as credit), consumed by later settlements.
  credit_balance INTEGER NOT NULL DEFAULT 0 CHECK (credit_balance >= 0),
  -- Sum of open (non-void) transaction balances, kept by the triggers below.
  open_balance   INTEGER NOT NULL DEFAULT 0 CHECK (open_balance >= 0),
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE transactions (
  id             TEXT PRIMARY KEY,
  customer_id    TEXT NOT NULL REFERENCES customers(id),
  created_by     TEXT NOT NULL,
  total_amount   INTEGER NOT NULL CHECK (total_amount > 0),
  paid_amount    INTEGER NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
  voided         INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
  void_reason    TEXT,
  due_date       TEXT,
  notes          TEXT,
  credit_override_by     TEXT,
  credit_override_reason TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1,
  -- paid never exceeds total: the database itself refuses an overpayment.
  CHECK (paid_amount <= total_amount)
) STRICT;
-- Open transactions of a customer in allocation order, so a payment reads only the 1–3
-- rows it needs (partial indexes: paid and void rows drop out). The expressions must stay
-- identical to those in transactions.queries.ts and the order to core/allocation.ts:
-- undated last, then creation time, then id; largest_first by balance descending first.
CREATE INDEX transactions_open_oldest ON transactions(customer_id, coalesce(due_date, '9999-99-99'), created_at, id)
  WHERE voided = 0 AND paid_amount < total_amount;
CREATE INDEX transactions_open_largest
  ON transactions(customer_id, paid_amount - total_amount, coalesce(due_date, '9999-99-99'), created_at, id)
  WHERE voided = 0 AND paid_amount < total_amount;

-- customers.open_balance follows every change of a transaction, whatever code path made it.
CREATE TRIGGER transactions_open_balance_insert AFTER INSERT ON transactions WHEN NEW.voided = 0
BEGIN
  UPDATE customers SET open_balance = open_balance + NEW.total_amount - NEW.paid_amount WHERE id = NEW.customer_id;
END;
CREATE TRIGGER transactions_open_balance_update AFTER UPDATE OF paid_amount, total_amount, voided ON transactions
BEGIN
  UPDATE customers SET open_balance = open_balance
      - CASE WHEN OLD.voided = 0 THEN OLD.total_amount - OLD.paid_amount ELSE 0 END
      + CASE WHEN NEW.voided = 0 THEN NEW.total_amount - NEW.paid_amount ELSE 0 END
  WHERE id = NEW.customer_id;
END;
CREATE INDEX transactions_customer ON transactions(customer_id);
CREATE INDEX transactions_created_by ON transactions(created_by);

CREATE TABLE transaction_lines (
  transaction_id TEXT NOT NULL REFERENCES transactions(id),
  line_no        INTEGER NOT NULL,
  description    TEXT NOT NULL,
  quantity       INTEGER NOT NULL CHECK (quantity > 0),
  unit_price     INTEGER NOT NULL CHECK (unit_price >= 0),
  amount         INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (transaction_id, line_no)
) STRICT;

-- One row per store: the OR series. `last_number` moves only inside the
-- SQLite transaction that writes the settlement, so a rollback un-burns it.
CREATE TABLE or_series (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  prefix      TEXT NOT NULL,
  last_number INTEGER NOT NULL DEFAULT 0 CHECK (last_number >= 0)
) STRICT;

CREATE TABLE settlements (
  id               TEXT PRIMARY KEY,
  or_number        TEXT NOT NULL UNIQUE,
  or_counter       INTEGER NOT NULL UNIQUE,
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
  reprint_count    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX settlements_customer ON settlements(customer_id);
CREATE INDEX settlements_cashier ON settlements(cashier_id);

CREATE TABLE allocations (
  settlement_id  TEXT NOT NULL REFERENCES settlements(id),
  transaction_id TEXT NOT NULL REFERENCES transactions(id),
  amount         INTEGER NOT NULL CHECK (amount > 0),
  -- 1 while the settlement is posted; 0 once it is voided (the row stays).
  live           INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1)),
  PRIMARY KEY (settlement_id, transaction_id)
) STRICT;
CREATE INDEX allocations_transaction ON allocations(transaction_id);

-- Append-only customer ledger. Every change of a customer's balance is one row.
CREATE TABLE ledger_entries (
  id             INTEGER PRIMARY KEY,
  customer_id    TEXT NOT NULL REFERENCES customers(id),
  type           TEXT NOT NULL CHECK (type IN ('charge','payment','void','refund','adjustment','credit')),
  amount         INTEGER NOT NULL,
  balance_before INTEGER NOT NULL,
  balance_after  INTEGER NOT NULL,
  or_number      TEXT,
  transaction_id TEXT,
  settlement_id  TEXT,
  actor_id       TEXT NOT NULL,
  reason         TEXT,
  created_at     TEXT NOT NULL,
  CHECK (balance_after = balance_before + amount)
) STRICT;
CREATE INDEX ledger_customer ON ledger_entries(customer_id, id);
CREATE INDEX ledger_type ON ledger_entries(type, id);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;

-- Idempotency keys: a retried request returns the first answer.
CREATE TABLE idempotency_keys (
  key          TEXT NOT NULL,
  actor_id     TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (actor_id, key)
) STRICT;

-- Store-wide event log and upstream outbox. `seq` is gapless: it is assigned
-- as max+1 inside the same SQLite transaction as the change it describes.
CREATE TABLE events (
  seq         INTEGER PRIMARY KEY,
  type        TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  payload     TEXT NOT NULL
) STRICT;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events is append-only'); END;

-- Upstream sync cursor: highest seq central acknowledged as held contiguously.
CREATE TABLE sync_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  acked_through    INTEGER NOT NULL DEFAULT 0,
  last_synced_at   TEXT,
  last_error       TEXT
) STRICT;
INSERT INTO sync_state (id, acked_through) VALUES (1, 0);
