-- Fewer B-trees touched per settlement: every index a receipt's rows land in is one more
-- page to write (and fsync) at each commit. Checked with EXPLAIN QUERY PLAN over every
-- statement the store prepares:
-- - ledger_type (no query uses it): ledger reads go by customer (ledger_customer) or by id; the report's
--   optional type filter is a residual condition that never used it.
-- - settlements_customer (no query uses it): nothing looks settlements up by customer, and customers are
--   never deleted (the only thing its foreign key would need it for).
-- - allocation_tax_settlement: every query of allocation_tax that names a settlement also
--   names the transaction, and a transaction has only a handful of tax rows, so
--   allocation_tax_transaction finds them as well (one index entry fewer per allocation).
DROP INDEX ledger_type;
DROP INDEX settlements_customer;
DROP INDEX allocation_tax_settlement;
