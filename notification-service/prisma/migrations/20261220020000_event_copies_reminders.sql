-- Calendar files, reminders and messages to attendees (docs/tickets.md; dbmate, search_path =
-- notifications): mail carries an .ics, the service keeps its own copy of each event's times,
-- the booking facts a reminder's calendar file names, and each user's reminder opt-out.

-- migrate:up

-- The `invite.ics` a mail attaches (text/calendar; method=PUBLISH); cleared with the bodies
-- once the row is settled.
ALTER TABLE outbound_mail ADD COLUMN calendar_ics text;

-- From user-settings-changed (`event_reminders`, absent = true).
ALTER TABLE recipients ADD COLUMN event_reminders boolean NOT NULL DEFAULT true;

-- What a reminder's calendar file says about the booking (from the registration messages).
ALTER TABLE attendances ADD COLUMN ticket_type_name text;
ALTER TABLE attendances ADD COLUMN quantity integer NOT NULL DEFAULT 1 CHECK (quantity >= 1);

-- Each event's times, from event-updated (authoritative: `source_updated_at` is its
-- `updated_at`) and from the snapshot in registration messages (for events never updated:
-- `source_updated_at` stays NULL and `snapshot_at` orders those copies). `reminded_starts_at` is
-- the start time whose reminders were all queued: a moved event is reminded again.
CREATE TABLE event_schedules (
  event_id              uuid        PRIMARY KEY,
  title                 text        NOT NULL,
  starts_at             timestamptz NOT NULL,
  ends_at               timestamptz NOT NULL,
  timezone              text        NOT NULL,
  location              text        NOT NULL,
  status                text        NOT NULL DEFAULT 'published',
  reminder_lead_minutes integer     NOT NULL DEFAULT 1440
                                    CHECK (reminder_lead_minutes BETWEEN 0 AND 20160),
  reminded_starts_at    timestamptz,
  source_updated_at     timestamptz,
  snapshot_at           timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL DEFAULT now()
);
-- The reminder job's scan: events still to be reminded, by start (at most 14 days ahead).
CREATE INDEX event_schedules_to_remind ON event_schedules (starts_at)
  WHERE reminder_lead_minutes > 0 AND status <> 'cancelled'
    AND reminded_starts_at IS DISTINCT FROM starts_at;

-- migrate:down

DROP TABLE event_schedules;
ALTER TABLE attendances DROP COLUMN quantity;
ALTER TABLE attendances DROP COLUMN ticket_type_name;
ALTER TABLE recipients DROP COLUMN event_reminders;
ALTER TABLE outbound_mail DROP COLUMN calendar_ics;
