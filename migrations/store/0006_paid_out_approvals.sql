-- Paid-outs that need an admin (domain.md, Registers: a paid-out above a store-set limit
-- needs an admin's approval, like a void). A cashier asks; an admin approves — the
-- paid-out is then recorded in the same write, by the cashier with the admin's approval,
-- after checking the drawer again — or rejects with a note. A request still waiting when
-- its shift closes is cancelled by the close. Requests are never deleted.
CREATE TABLE paid_out_requests (
  id             TEXT PRIMARY KEY,
  shift_id       TEXT NOT NULL REFERENCES shifts(id),
  amount         INTEGER NOT NULL CHECK (amount > 0),
  reason         TEXT NOT NULL,
  requested_by   TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
  decided_by     TEXT,
  decided_at     TEXT,
  decision_note  TEXT,
  -- The paid-out the approval recorded.
  movement_id    TEXT REFERENCES drawer_movements(id),
  created_at     TEXT NOT NULL,
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'pending') = (decided_by IS NULL)),
  CHECK ((status = 'approved') = (movement_id IS NOT NULL))
) STRICT;
-- At most one request per shift waits at a time.
CREATE UNIQUE INDEX paid_out_requests_one_pending ON paid_out_requests(shift_id) WHERE status = 'pending';
CREATE INDEX paid_out_requests_status ON paid_out_requests(status, created_at);
CREATE INDEX paid_out_requests_requester ON paid_out_requests(requested_by, created_at);

CREATE TRIGGER paid_out_requests_decided_frozen BEFORE UPDATE ON paid_out_requests WHEN OLD.status <> 'pending'
BEGIN SELECT RAISE(ABORT, 'a decided paid-out request cannot change'); END;
CREATE TRIGGER paid_out_requests_no_delete BEFORE DELETE ON paid_out_requests
BEGIN SELECT RAISE(ABORT, 'paid-out requests are never deleted'); END;

-- Who approved a drawer movement (a paid-out over the limit); NULL for the rest.
ALTER TABLE drawer_movements ADD COLUMN approved_by TEXT;
