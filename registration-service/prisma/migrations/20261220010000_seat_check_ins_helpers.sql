-- Check-in at the door (docs/tickets.md): one row per scanned seat, and the helpers an organizer
-- names per event. The check-in transaction NOTIFYs `<schema>_check_ins` itself (the payload is
-- the live view's event, built with names the table does not hold).

-- migrate:up

-- The first scan of a seat wins (the primary key). `scanned_at` is the time an offline scanner
-- read the code (NULL when scanned online); `checked_in_at` is that time, else the server's.
CREATE TABLE seat_check_ins (
  seat_id         uuid        PRIMARY KEY REFERENCES seats (id) ON DELETE CASCADE,
  event_id        uuid        NOT NULL,
  registration_id uuid        NOT NULL,
  gate            text        CHECK (char_length(gate) BETWEEN 1 AND 40),
  checked_in_at   timestamptz NOT NULL,
  scanned_at      timestamptz,
  checked_in_by   uuid        NOT NULL,
  created_at      timestamptz NOT NULL
);
-- The event's scans in time order: the offline state and the arrival chart.
CREATE INDEX seat_check_ins_by_event ON seat_check_ins (event_id, checked_in_at);

-- A helper may scan for one event (and see its check-in state and live view), nothing else.
CREATE TABLE check_in_helpers (
  event_id   uuid        NOT NULL,
  user_id    uuid        NOT NULL,
  granted_by uuid        NOT NULL,
  granted_at timestamptz NOT NULL,
  PRIMARY KEY (event_id, user_id)
);
-- The events a user helps at (`GET /check-in-events`).
CREATE INDEX check_in_helpers_by_user ON check_in_helpers (user_id);

-- migrate:down

DROP TABLE check_in_helpers;
DROP TABLE seat_check_ins;
