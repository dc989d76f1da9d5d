-- Gateway payments: the intents central created at the gateway for a store's hub, and
-- every webhook event the gateway delivered, each stored once (its event id).

-- The hub's intent id is its settlement's idempotency key; central maps it to the
-- gateway's own id. Amount is what the gateway must report paid, in centavos.
CREATE TABLE gateway_intents (
  store_id          text NOT NULL REFERENCES stores (store_id),
  intent_id         text NOT NULL,
  gateway_intent_id text NOT NULL UNIQUE,
  amount            bigint NOT NULL CHECK (amount > 0),
  currency          text NOT NULL,
  method            text NOT NULL,
  -- Never moves back from a final state: succeeded, failed, expired.
  status            text NOT NULL CHECK (status IN ('awaiting_payment', 'succeeded', 'failed', 'expired')),
  qr_payload        text,
  expires_at        timestamptz NOT NULL,
  paid_at           timestamptz,
  failure_reason    text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, intent_id)
);
CREATE INDEX gateway_intents_pending ON gateway_intents (store_id) WHERE status = 'awaiting_payment';

-- One row per gateway event id, whatever became of it. `disposition`:
--   accepted — for a known intent, amount matches: goes onto the store's Redis Stream;
--   rejected — refused (amount differs, unknown intent): kept for the audit, never delivered;
--   ignored  — an event type central does not act on.
-- `streamed_at` is the outbox mark: an accepted row without it has not yet been XADDed
-- (the instance died in between); every instance sweeps those on start and periodically.
CREATE TABLE gateway_events (
  event_id          text PRIMARY KEY,
  type              text NOT NULL,
  store_id          text,
  intent_id         text,
  gateway_intent_id text,
  status            text CHECK (status IN ('succeeded', 'failed', 'expired')),
  amount            bigint,
  occurred_at       timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  disposition       text NOT NULL CHECK (disposition IN ('accepted', 'rejected', 'ignored')),
  reject_reason     text,
  payload           jsonb NOT NULL,
  streamed_at       timestamptz,
  stream_entry_id   text
);
CREATE INDEX gateway_events_unstreamed ON gateway_events (received_at) WHERE disposition = 'accepted' AND streamed_at IS NULL;
CREATE INDEX gateway_events_store ON gateway_events (store_id, received_at DESC);
