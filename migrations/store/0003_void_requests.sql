-- Void requests: a cashier asks, an admin approves (the void is then performed in the
-- same write, by the requesting cashier with the admin's approval) or rejects with a note.
-- Requests are a record of who asked and who decided: never deleted.
CREATE TABLE void_requests (
  id             TEXT PRIMARY KEY,
  settlement_id  TEXT NOT NULL REFERENCES settlements(id),
  requested_by   TEXT NOT NULL,
  reason         TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by     TEXT,
  decided_at     TEXT,
  decision_note  TEXT,
  created_at     TEXT NOT NULL,
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'pending') = (decided_by IS NULL))
) STRICT;
-- At most one pending request per settlement: a second ask while one waits is a conflict.
CREATE UNIQUE INDEX void_requests_one_pending ON void_requests(settlement_id) WHERE status = 'pending';
CREATE INDEX void_requests_status ON void_requests(status, created_at);
CREATE INDEX void_requests_requester ON void_requests(requested_by, created_at);

-- A decided request never changes again, and none is ever deleted.
CREATE TRIGGER void_requests_decided_frozen BEFORE UPDATE ON void_requests WHEN OLD.status <> 'pending'
BEGIN SELECT RAISE(ABORT, 'a decided void request cannot change'); END;
CREATE TRIGGER void_requests_no_delete BEFORE DELETE ON void_requests
BEGIN SELECT RAISE(ABORT, 'void requests are never deleted'); END;
