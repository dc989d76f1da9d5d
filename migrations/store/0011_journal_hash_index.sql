-- The e-journal without a UNIQUE index on its hash. The chain is what makes the journal
-- tamper-evident (verifyJournal walks it: seq, prev_hash, hash of the content); no query
-- looks an entry up by its hash, and a sha256 is random, so its index took a write at a
-- random leaf for every receipt: a page of WAL per receipt once the journal outgrows the
-- cache (a store's journal grows with every sale and payment). Rebuilt the way SQLite
-- documents it; every row, seq and hash is copied as it is.
CREATE TABLE journal_new (
  seq        INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('receipt', 'void', 'reprint', 'refund', 'x_reading', 'z_reading')),
  ref_id     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  body       TEXT NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
) STRICT;
INSERT INTO journal_new (seq, kind, ref_id, created_at, body, prev_hash, hash)
  SELECT seq, kind, ref_id, created_at, body, prev_hash, hash FROM journal ORDER BY seq;
DROP TABLE journal;
ALTER TABLE journal_new RENAME TO journal;
CREATE INDEX journal_ref ON journal(ref_id);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the e-journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the e-journal is append-only'); END;
