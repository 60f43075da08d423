-- The offer limits (TRANSFER_MAX_OPEN_OFFERS_PER_USER, TRANSFER_MAX_OFFERS_PER_HOUR) count a
-- sender's offers: an index on the sender and the time, so the count never scans the table.
-- Built concurrently (one statement per migration file: dbmate runs it outside a transaction).

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS seat_transfers_by_sender
  ON seat_transfers (from_user_id, created_at);

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY IF EXISTS seat_transfers_by_sender;
