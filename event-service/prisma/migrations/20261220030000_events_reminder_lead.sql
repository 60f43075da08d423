-- How long before the start attendees are reminded (docs/tickets.md, "Reminders and
-- messages"): 15 minutes to 14 days, 1440 (24 h) by default, or 0 for no reminder.

-- migrate:up

ALTER TABLE events ADD COLUMN reminder_lead_minutes integer NOT NULL DEFAULT 1440
  CONSTRAINT events_reminder_lead_minutes_check
  CHECK (reminder_lead_minutes = 0 OR reminder_lead_minutes BETWEEN 15 AND 20160);

-- migrate:down

ALTER TABLE events DROP COLUMN reminder_lead_minutes;
