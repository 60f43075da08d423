-- The scheduled purge finds expired refresh tokens by their expiry (dbmate, search_path = auth).
-- Built CONCURRENTLY, outside a transaction, so the service goes on while a table that has
-- grown is indexed; one statement per file, since a file of several runs as one transaction.

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS refresh_tokens_expires ON refresh_tokens (expires_at);

-- migrate:down
DROP INDEX refresh_tokens_expires;
