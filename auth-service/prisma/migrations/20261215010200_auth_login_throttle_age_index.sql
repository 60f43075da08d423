-- The scheduled purge finds idle throttle counters by their last change (dbmate, search_path =
-- auth).
-- Built CONCURRENTLY, outside a transaction, so the service goes on while a table that has
-- grown is indexed; one statement per file, since a file of several runs as one transaction.

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS login_throttle_updated ON login_throttle (updated_at);

-- migrate:down
DROP INDEX login_throttle_updated;
