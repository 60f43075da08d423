-- The scheduled purge finds settled mail (sent, failed, expired) by age (dbmate, search_path =
-- notifications). Built CONCURRENTLY, outside a transaction, so consumers and the mail sender go
-- on while a table that has grown is indexed.

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS outbound_mail_settled
  ON outbound_mail (created_at) WHERE status <> 'pending';

-- migrate:down
DROP INDEX outbound_mail_settled;
