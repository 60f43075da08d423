-- The scheduled purge finds expired one-time tokens by their expiry (dbmate, search_path = auth).
-- Built CONCURRENTLY, outside a transaction, so the service goes on while a table that has
-- grown is indexed; one statement per file, since a file of several runs as one transaction.

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS one_time_tokens_expires ON one_time_tokens (expires_at);

-- migrate:down
DROP INDEX one_time_tokens_expires;
