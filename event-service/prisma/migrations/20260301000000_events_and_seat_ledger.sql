-- Events and their seat ledger for the event service (dbmate, search_path = events).

-- migrate:up

-- The bounds repeat the API's validation, so a row written by any path (a script, a later
-- service version) still obeys them. `seats_taken` is maintained only by the seat ledger below.
CREATE TABLE events (
  id                uuid        PRIMARY KEY,
  organizer_id      uuid        NOT NULL,
  title             text        NOT NULL CHECK (char_length(title) BETWEEN 3 AND 200),
  description       text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 10000),
  starts_at         timestamptz NOT NULL,
  ends_at           timestamptz NOT NULL,
  timezone          text        NOT NULL,
  location          text        NOT NULL CHECK (char_length(location) BETWEEN 1 AND 300),
  capacity          integer     NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  seats_taken       integer     NOT NULL DEFAULT 0,
  requires_approval boolean     NOT NULL DEFAULT false,
  category          text        CHECK (category ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  status            text        NOT NULL DEFAULT 'published'
                                CHECK (status IN ('published', 'cancelled')),
  cancelled_at      timestamptz,
  cancelled_by      uuid,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  -- Full-text search: title weighs most, then category and location, then the description.
  search            tsvector    GENERATED ALWAYS AS (
                      setweight(to_tsvector('english', title), 'A') ||
                      setweight(to_tsvector('english', coalesce(category, '') || ' ' || location), 'B') ||
                      setweight(to_tsvector('english', description), 'C')
                    ) STORED,
  -- The last line of defence against overbooking, whatever the code above it does.
  CONSTRAINT events_seats_taken_within_capacity CHECK (seats_taken BETWEEN 0 AND capacity),
  CONSTRAINT events_ends_after_start CHECK (ends_at > starts_at),
  CONSTRAINT events_cancellation_recorded CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);

-- `q` (websearch_to_tsquery against `search`).
CREATE INDEX events_search ON events USING gin (search);
-- Listings are keyset-paginated on (starts_at, id); each filter leads an index in that order.
CREATE INDEX events_status_starts ON events (status, starts_at, id);
CREATE INDEX events_organizer_starts ON events (organizer_id, starts_at, id);
CREATE INDEX events_category_starts ON events (category, starts_at, id);

-- One row per registration id ever seen by the ledger. A `released` row is a tombstone: that
-- registration id never holds a seat again (a late reserve after a release is refused).
CREATE TABLE seat_reservations (
  registration_id uuid        PRIMARY KEY,
  event_id        uuid        NOT NULL REFERENCES events (id),
  status          text        NOT NULL CHECK (status IN ('held', 'released')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  released_at     timestamptz,
  CONSTRAINT seat_reservations_release_recorded
    CHECK ((status = 'released') = (released_at IS NOT NULL))
);
CREATE INDEX seat_reservations_event ON seat_reservations (event_id, status);

-- migrate:down

DROP TABLE seat_reservations;
DROP TABLE events;
