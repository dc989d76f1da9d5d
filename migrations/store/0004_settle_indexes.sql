-- Fewer B-trees touched per settlement: every index a receipt's rows land in is one more
-- page to write (and fsync) at each commit. These two serve no query (checked with
-- EXPLAIN QUERY PLAN over every statement the store prepares):
-- - ledger_type: ledger reads go by customer (ledger_customer) or by id; the report's
--   optional type filter is a residual condition that never used it.
-- - settlements_customer: nothing looks settlements up by customer, and customers are
--   never deleted (the only thing its foreign key would need it for).
DROP INDEX ledger_type;
DROP INDEX settlements_customer;
