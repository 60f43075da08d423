-- Registrations, their local copy of each event, the waitlist, idempotency keys and pending
-- seat releases for the registration service (dbmate, search_path = registrations).

-- migrate:up

-- What this service needs to know about an event, copied from the event service's reply and
-- kept fresh by `event-updated` / `event-cancelled`. The row is also the per-event lock: the
-- waitlist (seq numbers) and promotions take it with SELECT ... FOR UPDATE.
CREATE TABLE event_snapshots (
  event_id            uuid        PRIMARY KEY,
  organizer_id        uuid        NOT NULL,
  title               text        NOT NULL,
  starts_at           timestamptz NOT NULL,
  ends_at             timestamptz NOT NULL,
  timezone            text        NOT NULL,
  location            text        NOT NULL,
  requires_approval   boolean     NOT NULL,
  status              text        NOT NULL,
  -- The event's own `updated_at` of the copy: an older copy never overwrites a newer one.
  source_updated_at   timestamptz NOT NULL,
  -- The last waitlist sequence number handed out for this event.
  waitlist_seq        bigint      NOT NULL DEFAULT 0,
  -- Bumped each time a seat may have come free (a release, a capacity change); a promotion
  -- pass records the version it handled, so a pass that raced a release runs again.
  seats_freed         bigint      NOT NULL DEFAULT 0,
  seats_freed_handled bigint      NOT NULL DEFAULT 0,
  refreshed_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_snapshots_promotion_due ON event_snapshots (event_id)
  WHERE seats_freed > seats_freed_handled;

-- `reserving` is internal and short-lived: the row exists, the ledger call is in flight. A row
-- left in it by a crash is settled by the recovery saga (README, "Seat saga").
CREATE TABLE registrations (
  id             uuid        PRIMARY KEY,
  event_id       uuid        NOT NULL REFERENCES event_snapshots (event_id),
  user_id        uuid        NOT NULL,
  status         text        NOT NULL CHECK (status IN
                   ('reserving', 'confirmed', 'pending', 'waitlisted', 'cancelled', 'rejected')),
  -- Set when the registration joins the waitlist, never changed afterwards: its place in line.
  waitlist_seq   bigint,
  confirmed_via  text        CHECK (confirmed_via IN ('direct', 'approval', 'waitlist')),
  confirmed_at   timestamptz,
  checked_in_at  timestamptz,
  cancelled_at   timestamptz,
  cancel_reason  text,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  CONSTRAINT registrations_waitlisted_in_line
    CHECK (status <> 'waitlisted' OR waitlist_seq IS NOT NULL),
  -- Only a confirmed attendee is checked in (an event cancelled afterwards still cancels it).
  CONSTRAINT registrations_check_in_confirmed
    CHECK (checked_in_at IS NULL OR status IN ('confirmed', 'cancelled')),
  CONSTRAINT registrations_end_recorded
    CHECK ((status IN ('cancelled', 'rejected')) = (cancelled_at IS NOT NULL))
);
-- One active registration per attendee and event, enforced by the database whatever races.
CREATE UNIQUE INDEX registrations_one_active ON registrations (event_id, user_id)
  WHERE status IN ('reserving', 'confirmed', 'pending', 'waitlisted');
CREATE UNIQUE INDEX registrations_waitlist_seq ON registrations (event_id, waitlist_seq)
  WHERE waitlist_seq IS NOT NULL;
-- The waitlist in order: the first row is the next to get a freed seat.
CREATE INDEX registrations_waitlist ON registrations (event_id, waitlist_seq)
  WHERE status = 'waitlisted';
-- Keyset pagination: mine newest first, an event's attendees oldest first.
CREATE INDEX registrations_by_user ON registrations (user_id, created_at DESC, id DESC);
CREATE INDEX registrations_by_event ON registrations (event_id, created_at, id);
-- The recovery saga looks for stale attempts.
CREATE INDEX registrations_reserving ON registrations (updated_at) WHERE status = 'reserving';

-- `Idempotency-Key` per user. The key row is written before the registration in the same
-- transaction (so a concurrent duplicate waits on the key, not on the one-active index), hence
-- the deferred foreign key. Dropping an attempt deletes its key, so a retry starts afresh.
CREATE TABLE idempotency_keys (
  user_id         uuid        NOT NULL,
  key             text        NOT NULL,
  request_hash    text        NOT NULL,
  registration_id uuid        NOT NULL REFERENCES registrations (id) ON DELETE CASCADE
                                DEFERRABLE INITIALLY DEFERRED,
  response_status integer,
  response_body   jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_registration ON idempotency_keys (registration_id);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Seats to give back to the event service's ledger: written in the transaction that ends a
-- seat-holding registration (or drops an attempt), deleted once the ledger confirms the release.
CREATE TABLE seat_releases (
  registration_id uuid        PRIMARY KEY,
  event_id        uuid        NOT NULL,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seat_releases_due ON seat_releases (next_attempt_at);

-- migrate:down

DROP TABLE seat_releases;
DROP TABLE idempotency_keys;
DROP TABLE registrations;
DROP TABLE event_snapshots;
