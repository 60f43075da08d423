-- The service kit's tables, applied to every service's schema before the service's own
-- migrations (dbmate, search_path = the service's schema).

-- migrate:up

-- Transactional outbox: rows are written in the same transaction as the state change they
-- announce and deleted once Kafka has acknowledged them.
CREATE TABLE outbox (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id     uuid        NOT NULL UNIQUE,
  topic        text        NOT NULL,
  message_key  text        NOT NULL,
  value        jsonb       NOT NULL,
  headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  attempts     integer     NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL DEFAULT now(),
  last_error   text
);
-- Per-key order: the relay looks for an older row of the same key before publishing.
CREATE INDEX outbox_key_order ON outbox (topic, message_key, seq);
CREATE INDEX outbox_available ON outbox (available_at, seq);

-- Wakes the relay at once instead of waiting for its next poll.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_outbox', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Idempotent consumers: an event id is recorded in the same transaction as the handler's
-- writes, so a redelivered event is applied once.
CREATE TABLE processed_events (
  consumer_group text        NOT NULL,
  event_id       text        NOT NULL,
  topic          text        NOT NULL,
  event_type     text        NOT NULL,
  processed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);

-- migrate:down
DROP TABLE processed_events;
DROP TRIGGER outbox_inserted ON outbox;
DROP FUNCTION outbox_notify();
DROP TABLE outbox;
