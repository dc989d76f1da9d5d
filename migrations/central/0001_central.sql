-- Kahera central: every store's event log, and head office's projections of it.
-- Money columns are bigint centavos. Nothing in store_events is ever updated or deleted.

CREATE TABLE stores (
  store_id   text PRIMARY KEY,
  name       text NOT NULL,
  -- SHA-256 of the store key. The key itself is shown once at registration and never kept.
  key_hash   bytea NOT NULL UNIQUE,
  -- Business dates (collections per day) are the store's local calendar dates.
  timezone   text NOT NULL DEFAULT 'Asia/Manila',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Highest contiguous seq held per store. Pushes of one store lock this row, so two
-- central instances never compute the cursor from different views.
CREATE TABLE store_cursors (
  store_id      text PRIMARY KEY REFERENCES stores (store_id),
  acked_through bigint NOT NULL DEFAULT 0 CHECK (acked_through >= 0),
  last_push_at  timestamptz
);

-- The upstream copy of each store's outbox: (store_id, seq) held at most once.
CREATE TABLE store_events (
  store_id    text NOT NULL REFERENCES stores (store_id),
  seq         bigint NOT NULL CHECK (seq >= 1),
  type        text NOT NULL,
  occurred_at timestamptz NOT NULL,
  payload     jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, seq)
);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER store_events_append_only BEFORE UPDATE OR DELETE ON store_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Projections. Each is derived from store_events in the same PG transaction that
-- inserts them, and only from rows that insert actually added: a re-pushed event
-- changes nothing. Snapshots keep the state of the highest seq seen (last_seq).
-- Their store_id comes from the authenticated push whose events already passed the
-- store_events foreign key, so they carry no foreign key of their own: a per-row
-- check here would cost a catch-up more than the projection rows themselves.

CREATE TABLE settlements (
  store_id         text NOT NULL,
  settlement_id    text NOT NULL,
  or_number        text NOT NULL,
  customer_id      text NOT NULL,
  amount           bigint NOT NULL,
  tender_method    text NOT NULL,
  tender_reference text,
  change_amount    bigint NOT NULL,
  credit_amount    bigint NOT NULL,
  credit_used      bigint NOT NULL,
  status           text NOT NULL CHECK (status IN ('posted', 'void')),
  cashier_id       text NOT NULL,
  created_at       timestamptz NOT NULL,
  business_date    date NOT NULL,
  voided_at        timestamptz,
  void_reason      text,
  last_seq         bigint NOT NULL,
  PRIMARY KEY (store_id, settlement_id)
);
CREATE INDEX settlements_store_created ON settlements (store_id, created_at DESC, settlement_id DESC);

CREATE TABLE transactions (
  store_id       text NOT NULL,
  transaction_id text NOT NULL,
  customer_id    text NOT NULL,
  created_by     text NOT NULL,
  total_amount   bigint NOT NULL,
  paid_amount    bigint NOT NULL,
  balance_amount bigint NOT NULL,
  payment_status text NOT NULL,
  due_date       date,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  last_seq       bigint NOT NULL,
  PRIMARY KEY (store_id, transaction_id)
);
CREATE INDEX transactions_store_created ON transactions (store_id, created_at DESC, transaction_id DESC);

-- Collections by the settlement's business date and tender. A void adds to voided_*
-- on the date and tender of the settlement it reverses; net = posted - voided.
CREATE TABLE daily_collections (
  business_date date NOT NULL,
  store_id      text NOT NULL,
  tender_method text NOT NULL,
  posted_count  integer NOT NULL DEFAULT 0,
  posted_amount bigint NOT NULL DEFAULT 0,
  voided_count  integer NOT NULL DEFAULT 0,
  voided_amount bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (business_date, store_id, tender_method)
);
