-- Placeholder only: this number belongs to a migration written in another branch.
-- The loader needs 1..N without gaps, so the gateway branch (0007) carries this empty
-- file until that branch lands; delete it at the merge, when the real file arrives.
SELECT 1;
