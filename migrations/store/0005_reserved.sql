-- Placeholder: version 5 belongs to a migration written on another branch. The runner
-- needs 1..N without gaps, so this branch holds the number with a no-op; the real 0005
-- replaces this file when the branches meet.
SELECT 1;
