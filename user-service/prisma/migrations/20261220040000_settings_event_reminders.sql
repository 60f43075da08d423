-- Whether the user wants a reminder before events they booked (docs/tickets.md, "Reminders
-- and messages"). Saved settings written before it existed keep reminders on, the default.

-- migrate:up

ALTER TABLE settings ADD COLUMN event_reminders boolean NOT NULL DEFAULT true;

-- migrate:down

ALTER TABLE settings DROP COLUMN event_reminders;
