-- The scheduled purge forgets applied event ids after PROCESSED_EVENTS_RETENTION_SECONDS and
-- finds them by age (dbmate, search_path = the service's schema). Built CONCURRENTLY, outside a
-- transaction: on a table that has grown for months, consumers keep writing meanwhile.

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS processed_events_processed_at
  ON processed_events (processed_at);

-- migrate:down
DROP INDEX processed_events_processed_at;
