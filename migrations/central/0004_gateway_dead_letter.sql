-- Gateway events a store's hub refused too often. Central delivers an event until the
-- hub acks it; a hub that answers `{ok:false}` every time (an event it cannot apply)
-- would otherwise get it forever and block the events queued behind it. After N
-- refusals (HubsOptions.maxRefusals) the event leaves the store's stream and is kept
-- here as dead-lettered, with the hub's last answer; head office sees the count per
-- store on its page and in central's /api/v1/health.
ALTER TABLE gateway_events
  ADD COLUMN dead_lettered_at   timestamptz,
  ADD COLUMN dead_letter_reason text;
CREATE INDEX gateway_events_dead_lettered ON gateway_events (store_id) WHERE dead_lettered_at IS NOT NULL;
