-- A seat offered by email is told to the account holding that address, if any: recipients are
-- found by address (dbmate, search_path = notifications). Built CONCURRENTLY, outside a
-- transaction, so consumers go on while the table is indexed.

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS recipients_by_email
  ON recipients (lower(email)) WHERE deleted_at IS NULL;

-- migrate:down
DROP INDEX recipients_by_email;
