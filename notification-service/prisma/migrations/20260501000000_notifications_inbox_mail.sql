-- The notification service's tables (dbmate, search_path = notifications): who may be told what
-- and how (recipients), the in-app inbox, the mail outbox and the attendance it needs to tell
-- attendees about a changed event.

-- migrate:up

-- Fed by user-registered (address, name), user-settings-changed (channels, locale, zone) and
-- user-deleted (a tombstone: address and name forgotten, nothing more is sent).
CREATE TABLE recipients (
  user_id        uuid        PRIMARY KEY,
  email          text,
  display_name   text,
  email_enabled  boolean     NOT NULL DEFAULT true,
  in_app_enabled boolean     NOT NULL DEFAULT true,
  locale         text,
  timezone       text,
  -- `changed_at` of the settings applied, so an older settings event never overwrites a newer one.
  settings_at    timestamptz,
  deleted_at     timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- The inbox. `seq` orders a user's notifications for pagination and SSE replay; the unique key
-- makes a notification of one source event appear once whichever consumer group applies it.
CREATE TABLE notifications (
  id              uuid        PRIMARY KEY,
  seq             bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  user_id         uuid        NOT NULL,
  type            text        NOT NULL,
  title           text        NOT NULL,
  body            text        NOT NULL,
  data            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  source_event_id uuid        NOT NULL,
  read_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_event_id, user_id, type)
);
CREATE INDEX notifications_user_seq ON notifications (user_id, seq DESC);
CREATE INDEX notifications_user_unread ON notifications (user_id, seq DESC) WHERE read_at IS NULL;

-- Live push across replicas: each replica LISTENs on `<schema>_inbox` and pushes the row to the
-- streams it holds. The payload is only the ids (NOTIFY payloads are capped at 8000 bytes).
CREATE FUNCTION notifications_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(
    TG_TABLE_SCHEMA || '_inbox',
    json_build_object('id', NEW.id, 'user_id', NEW.user_id)::text
  );
  RETURN NULL;
END;
$$;
CREATE TRIGGER notifications_inserted AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION notifications_notify();

-- The mail outbox: written in the consumer's transaction, sent by the mail sender. One row per
-- (source event, kind, recipient): a redelivered event finds it and sends nothing more. Bodies
-- are cleared once the row is settled (they may carry a single-use link).
CREATE TABLE outbound_mail (
  id              uuid        PRIMARY KEY,
  source_event_id uuid        NOT NULL,
  kind            text        NOT NULL,
  user_id         uuid        NOT NULL,
  to_address      text        NOT NULL,
  subject         text        NOT NULL,
  text_body       text,
  html_body       text,
  message_id      text        NOT NULL UNIQUE,
  status          text        NOT NULL DEFAULT 'pending'
                              CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  UNIQUE (source_event_id, kind, user_id)
);
CREATE INDEX outbound_mail_due ON outbound_mail (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbound_mail_user ON outbound_mail (user_id);

-- Wakes the mail sender at once instead of at its next poll.
CREATE FUNCTION outbound_mail_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_mail', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbound_mail_inserted AFTER INSERT ON outbound_mail
  FOR EACH STATEMENT EXECUTE FUNCTION outbound_mail_notify();

-- Who attends what, from registration-confirmed / -waitlisted / -cancelled: the attendees to
-- tell when an event's time or place changes. `status_at` is the registration event's own time,
-- so a message applied out of order never revives a cancelled registration.
CREATE TABLE attendances (
  registration_id uuid        PRIMARY KEY,
  event_id        uuid        NOT NULL,
  user_id         uuid        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
  status_at       timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attendances_event_active ON attendances (event_id) WHERE status <> 'cancelled';
CREATE INDEX attendances_user ON attendances (user_id);

-- migrate:down

DROP TABLE attendances;
DROP TRIGGER outbound_mail_inserted ON outbound_mail;
DROP FUNCTION outbound_mail_notify();
DROP TABLE outbound_mail;
DROP TRIGGER notifications_inserted ON notifications;
DROP FUNCTION notifications_notify();
DROP TABLE notifications;
DROP TABLE recipients;
