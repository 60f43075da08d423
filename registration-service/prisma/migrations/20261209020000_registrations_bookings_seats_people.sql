-- The booking model (docs/booking-model.md): a registration is a booking of `quantity` seats of
-- one ticket type, with answers; each seat is a row (its attendee's name and answers, and the
-- ledger hold it is counted under); seats can be cancelled one by one and transferred; the
-- service keeps its own copy of every account's name and email for attendee lists.

-- migrate:up

-- NULL ticket type: a registration made before ticket types (the event's default type).
ALTER TABLE registrations
  ADD COLUMN ticket_type_id   uuid,
  ADD COLUMN quantity         integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 50),
  ADD COLUMN answers          jsonb   NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN transferred_from uuid    REFERENCES registrations (id);

-- Waitlisted entries by type, in line order: the promotion looks for the earliest that fits.
CREATE INDEX registrations_waitlist_by_type ON registrations (event_id, ticket_type_id, waitlist_seq)
  WHERE status = 'waitlisted';

-- What the ledger's rules and the messages need of the event beyond the earlier copy.
ALTER TABLE event_snapshots
  ADD COLUMN ticket_types       jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN seat_changes_until timestamptz;

-- A seat of a booking. `hold_id` is the ledger hold it is counted under: the id of the booking
-- that reserved it, which stays when the seat is transferred into another booking. A seat's
-- state is its booking's while `active`; `cancelled` once cancelled on its own.
CREATE TABLE seats (
  id              uuid        PRIMARY KEY,
  registration_id uuid        NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  event_id        uuid        NOT NULL,
  hold_id         uuid        NOT NULL,
  position        smallint    NOT NULL CHECK (position BETWEEN 1 AND 50),
  attendee_name   text        CHECK (char_length(attendee_name) BETWEEN 1 AND 100),
  answers         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  cancelled_at    timestamptz,
  created_at      timestamptz NOT NULL,
  CONSTRAINT seats_cancel_recorded CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX seats_by_registration ON seats (registration_id, position);
CREATE INDEX seats_by_event ON seats (event_id);

-- Every registration made before bookings is a booking of one seat.
INSERT INTO seats (id, registration_id, event_id, hold_id, position, created_at)
SELECT gen_random_uuid(), r.id, r.event_id, r.id, 1, r.created_at FROM registrations r;

-- A seat offered to someone by email; accepted from the account with that email.
CREATE TABLE seat_transfers (
  id                 uuid        PRIMARY KEY,
  seat_id            uuid        NOT NULL REFERENCES seats (id) ON DELETE CASCADE,
  registration_id    uuid        NOT NULL,
  event_id           uuid        NOT NULL,
  from_user_id       uuid        NOT NULL,
  -- Lower-cased as given.
  email              text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
  status             text        NOT NULL CHECK (status IN ('offered', 'accepted', 'withdrawn', 'void')),
  to_user_id         uuid,
  to_registration_id uuid,
  created_at         timestamptz NOT NULL,
  decided_at         timestamptz,
  CONSTRAINT seat_transfers_decision_recorded CHECK ((status = 'offered') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX seat_transfers_one_open ON seat_transfers (seat_id) WHERE status = 'offered';
CREATE INDEX seat_transfers_open_by_email ON seat_transfers (email) WHERE status = 'offered';

-- Accounts as the auth and user services announce them: the organizer's attendee list names
-- people from this copy (no call per row). An older message never overwrites a newer one.
CREATE TABLE people (
  user_id           uuid        PRIMARY KEY,
  email             text        NOT NULL,
  display_name      text,
  source_updated_at timestamptz NOT NULL
);
CREATE INDEX people_email ON people (lower(email));

-- A seat release is now either a whole hold's (`seat_id` NULL) or one seat's.
ALTER TABLE seat_releases DROP CONSTRAINT seat_releases_pkey;
ALTER TABLE seat_releases ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY;
ALTER TABLE seat_releases ADD COLUMN seat_id uuid;
CREATE UNIQUE INDEX seat_releases_one_per_hold ON seat_releases (registration_id)
  WHERE seat_id IS NULL;
CREATE UNIQUE INDEX seat_releases_one_per_seat ON seat_releases (seat_id)
  WHERE seat_id IS NOT NULL;

-- migrate:down

DROP INDEX seat_releases_one_per_seat;
DROP INDEX seat_releases_one_per_hold;
ALTER TABLE seat_releases DROP COLUMN seat_id;
ALTER TABLE seat_releases DROP COLUMN id;
ALTER TABLE seat_releases ADD PRIMARY KEY (registration_id);
DROP TABLE people;
DROP TABLE seat_transfers;
DROP TABLE seats;
ALTER TABLE event_snapshots DROP COLUMN seat_changes_until, DROP COLUMN ticket_types;
DROP INDEX registrations_waitlist_by_type;
ALTER TABLE registrations DROP COLUMN transferred_from, DROP COLUMN answers,
  DROP COLUMN quantity, DROP COLUMN ticket_type_id;
