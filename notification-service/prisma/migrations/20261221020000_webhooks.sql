-- Webhooks (docs/integrations.md#webhooks; dbmate, search_path = notifications): endpoints that
-- organizers and admins register, the owner of each event as the topics tell it, and one
-- delivery row per (endpoint, event) with the log of its attempts.

-- migrate:up

-- `event_types` holds catalogue types or `*`. Secrets are AES-256-GCM ciphertexts under the
-- Vault key (`webhooks/secret-box.ts`); the previous one signs beside the new one until
-- `previous_secret_expires_at`. `failing_since`: the first failed attempt since the last success.
CREATE TABLE webhook_endpoints (
  id                          uuid        PRIMARY KEY,
  owner_id                    uuid        NOT NULL,
  owner_kind                  text        NOT NULL CHECK (owner_kind IN ('organizer', 'admin')),
  event_id                    uuid,
  url                         text        NOT NULL CHECK (length(url) <= 2048),
  event_types                 text[]      NOT NULL,
  description                 text,
  status                      text        NOT NULL DEFAULT 'active'
                                          CHECK (status IN ('active', 'disabled')),
  disabled_reason             text,
  failing_since               timestamptz,
  secret_ciphertext           text        NOT NULL,
  previous_secret_ciphertext  text,
  previous_secret_expires_at  timestamptz,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now()
);
-- An owner's list (newest first) and the consumer's match of active endpoints.
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_id, created_at DESC, id);
CREATE INDEX webhook_endpoints_active ON webhook_endpoints (event_id) WHERE status = 'active';

-- Who organizes each event, from event-updated/-cancelled and the registration messages'
-- snapshot (`organizer_id`): an organizer's endpoints receive only their own events.
CREATE TABLE webhook_event_owners (
  event_id     uuid        PRIMARY KEY,
  organizer_id uuid        NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per attempt series. `payload` is the exact body sent and signed; `seq` is the order
-- the events reached the topic (per aggregate order, the log's keyset pages). A stream delivery
-- is unique per (endpoint, event id): a redelivered Kafka message adds nothing.
CREATE TABLE webhook_deliveries (
  id               uuid        PRIMARY KEY,
  seq              bigserial   UNIQUE,
  endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id         text        NOT NULL,
  event_type       text        NOT NULL,
  aggregate_key    text        NOT NULL,
  origin           text        NOT NULL CHECK (origin IN ('stream', 'test', 'resend', 'replay')),
  payload          text        NOT NULL,
  status           text        NOT NULL DEFAULT 'pending'
                               CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts         integer     NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,
  last_attempt_at  timestamptz,
  response_status  integer,
  latency_ms       integer,
  created_at       timestamptz NOT NULL DEFAULT now(),
  settled_at       timestamptz
);
CREATE UNIQUE INDEX webhook_deliveries_stream_once ON webhook_deliveries (endpoint_id, event_id)
  WHERE origin = 'stream';
-- The dispatcher's claim: pending rows by due time, and the head of each (endpoint, aggregate).
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_aggregate ON webhook_deliveries (endpoint_id, aggregate_key, seq)
  WHERE status = 'pending';
-- The log: an endpoint's deliveries newest first; the purge: settled rows by age.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, seq DESC);
CREATE INDEX webhook_deliveries_settled ON webhook_deliveries (settled_at) WHERE status <> 'pending';

CREATE TABLE webhook_attempts (
  delivery_id      uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt          integer     NOT NULL,
  at               timestamptz NOT NULL,
  response_status  integer,
  latency_ms       integer     NOT NULL,
  error            text,
  response_excerpt text,
  PRIMARY KEY (delivery_id, attempt)
);

-- Wakes every replica's dispatcher at once instead of at its next poll.
CREATE FUNCTION webhook_deliveries_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_webhooks', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_deliveries_inserted AFTER INSERT ON webhook_deliveries
  FOR EACH STATEMENT EXECUTE FUNCTION webhook_deliveries_notify();

-- migrate:down

DROP TRIGGER webhook_deliveries_inserted ON webhook_deliveries;
DROP FUNCTION webhook_deliveries_notify();
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_event_owners;
DROP TABLE webhook_endpoints;
