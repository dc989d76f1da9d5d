-- Gateway payments (QR Ph, GCash, Maya, card through the gateway, via central).
-- An intent is the hub's record of one payment the customer is asked to make; when the
-- gateway says it succeeded, exactly one settlement is written, keyed by the intent id.

CREATE TABLE payment_intents (
  id                TEXT PRIMARY KEY,
  status            TEXT NOT NULL CHECK (status IN ('awaiting_payment','succeeded','failed','expired','cancelled')),
  customer_id       TEXT NOT NULL REFERENCES customers(id),
  amount            INTEGER NOT NULL CHECK (amount > 0),
  method            TEXT NOT NULL CHECK (method IN ('qrph','gcash','maya','card')),
  -- The settlement body's allocation ({strategy, lines?}) and flags, as JSON: the
  -- settlement made on success allocates exactly what the cashier asked for.
  allocation        TEXT NOT NULL,
  keep_excess       INTEGER NOT NULL DEFAULT 0 CHECK (keep_excess IN (0, 1)),
  use_credit        INTEGER NOT NULL DEFAULT 0 CHECK (use_credit IN (0, 1)),
  qr_payload        TEXT,
  gateway_intent_id TEXT NOT NULL,
  expires_at        TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  -- The cashier (or admin) who asked: the settlement is theirs, and so is the live update.
  created_by        TEXT NOT NULL,
  idempotency_key   TEXT NOT NULL,
  request_hash      TEXT NOT NULL,
  settlement_id     TEXT REFERENCES settlements(id),
  failure_reason    TEXT,
  -- Automatic verification: when the next check with the gateway is due (NULL: none).
  verify_at         TEXT,
  -- A succeeded intent has its settlement, and only a succeeded one.
  CHECK ((status = 'succeeded') = (settlement_id IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX payment_intents_idem ON payment_intents(created_by, idempotency_key);
CREATE UNIQUE INDEX payment_intents_settlement ON payment_intents(settlement_id) WHERE settlement_id IS NOT NULL;
CREATE INDEX payment_intents_verify ON payment_intents(verify_at) WHERE status = 'awaiting_payment';

-- Every gateway event the hub has seen (central's delivery over /hubs, or a verify), once
-- per gateway event id, with what the hub did about it: a redelivery is recognised, and a
-- refused one (amount mismatch, unknown intent) stays on record.
CREATE TABLE gateway_events (
  id                TEXT PRIMARY KEY,
  payment_intent_id TEXT NOT NULL,
  status            TEXT NOT NULL,
  amount            INTEGER NOT NULL,
  occurred_at       TEXT NOT NULL,
  received_at       TEXT NOT NULL,
  outcome           TEXT NOT NULL CHECK (outcome IN ('applied','duplicate','refused')),
  reason            TEXT
) STRICT;
CREATE INDEX gateway_events_intent ON gateway_events(payment_intent_id);
