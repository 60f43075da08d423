-- The scheduled purge finds settled API tokens (revoked or expired: whichever came first; LEAST
-- skips a NULL revoked_at) by that instant (dbmate, search_path = auth). Built CONCURRENTLY,
-- outside a transaction, one statement per file.

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS api_tokens_settled ON api_tokens (LEAST(revoked_at, expires_at));

-- migrate:down
DROP INDEX api_tokens_settled;
