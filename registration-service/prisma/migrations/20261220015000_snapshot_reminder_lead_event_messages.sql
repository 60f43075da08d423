-- Reminders and messages to attendees (docs/tickets.md, "Reminders and messages"): the event's
-- copy keeps its reminder lead time for the messages' event snapshot, and the messages an
-- organizer sent to an event's attendees are recorded.

-- migrate:up

-- Minutes before the start (0: no reminder); NULL for a copy stored before the event service
-- sent it (messages then leave it out, and consumers read 1440).
ALTER TABLE event_snapshots ADD COLUMN reminder_lead_minutes integer
  CONSTRAINT event_snapshots_reminder_lead_minutes_check
  CHECK (reminder_lead_minutes BETWEEN 0 AND 20160);

-- One row per message; `recipients` is the confirmed bookings when it was posted. The posts of
-- the last 24 h are counted (at most 10 per event) under a per-event advisory lock.
CREATE TABLE event_messages (
  id         uuid        PRIMARY KEY,
  event_id   uuid        NOT NULL REFERENCES event_snapshots (event_id),
  sender_id  uuid        NOT NULL,
  subject    text        NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 150),
  body       text        NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
  recipients integer     NOT NULL CHECK (recipients >= 0),
  posted_at  timestamptz NOT NULL
);
-- The event's messages newest first, and the count of the last 24 h.
CREATE INDEX event_messages_by_event ON event_messages (event_id, posted_at);

-- migrate:down

DROP TABLE event_messages;
ALTER TABLE event_snapshots DROP COLUMN reminder_lead_minutes;
