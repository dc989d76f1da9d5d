-- A content hash per stored event, so central can tell a push that repeats an event it
-- holds (the hub resending after a lost answer: fine, nothing changes) from one that
-- brings different content under a seq it already holds (a hub restored from an old
-- backup re-issuing seqs: refused with 409 seq_conflict, nothing of the batch stored).
--
-- The hash is computed by Postgres from the stored row (a generated column), not sent
-- or computed by central's code: it always describes exactly what is held, and central
-- hashes an incoming event with this same function to compare. Adding the column
-- computes it for every row already held, in this migration: a one-time rewrite of
-- store_events, after which every row has its hash and the check needs no "not yet
-- hashed" branch. (Lazily would spread the cost, but an unhashed row would have to be
-- compared by its payload, and a bug there would silently accept a conflict.)
--
-- What goes in: type, occurred_at as epoch seconds (independent of the session's time
-- zone and DateStyle), and the payload's jsonb text (jsonb normalises key order and
-- spacing, so the same event sent again, however its JSON was laid out, hashes alike).
-- Declared IMMUTABLE because those parts are: extract(epoch) and convert_to are only
-- marked STABLE in general, for fields and encodings this expression does not use.
CREATE FUNCTION store_event_hash(type text, occurred_at timestamptz, payload jsonb) RETURNS bytea
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN sha256(convert_to(type || E'\n' || extract(epoch FROM occurred_at)::text || E'\n' || payload::text, 'UTF8'));

ALTER TABLE store_events
  ADD COLUMN content_hash bytea NOT NULL GENERATED ALWAYS AS (store_event_hash(type, occurred_at, payload)) STORED;
