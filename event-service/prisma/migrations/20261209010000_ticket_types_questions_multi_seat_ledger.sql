-- Ticket types, registration questions and a multi-seat ledger (docs/booking-model.md).
-- An event has 1–20 ticket types, each with its own quota; the event's capacity stays the
-- overall limit, so a hold needs room in both. A hold (one per registration id) keeps `seats`
-- seats of one type; seats are released one by one (by seat id, once each) or all at once.

-- migrate:up

-- Null: attendees may change single seats until the event starts.
ALTER TABLE events ADD COLUMN seat_changes_until timestamptz;

-- `seats_taken` is written by the seat ledger only. `access_code_sha256` is the hex SHA-256 of
-- a hidden type's code (the code itself is never stored). `position` is the organizer's order;
-- unique per event once a unit of work ends, so a PATCH may reorder freely.
CREATE TABLE ticket_types (
  id                 uuid        PRIMARY KEY,
  event_id           uuid        NOT NULL REFERENCES events (id),
  position           integer     NOT NULL CHECK (position BETWEEN 0 AND 19),
  name               text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  description        text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
  quota              integer     NOT NULL CHECK (quota BETWEEN 1 AND 100000),
  seats_taken        integer     NOT NULL DEFAULT 0,
  sales_start        timestamptz,
  sales_end          timestamptz,
  max_per_order      integer     NOT NULL DEFAULT 10 CHECK (max_per_order BETWEEN 1 AND 50),
  hidden             boolean     NOT NULL DEFAULT false,
  access_code_sha256 text        CHECK (access_code_sha256 ~ '^[0-9a-f]{64}$'),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  -- The last line of defence against overbooking a type, whatever the code above it does.
  CONSTRAINT ticket_types_seats_taken_within_quota CHECK (seats_taken BETWEEN 0 AND quota),
  CONSTRAINT ticket_types_sales_window CHECK (sales_end > sales_start),
  CONSTRAINT ticket_types_hidden_has_code CHECK (NOT hidden OR access_code_sha256 IS NOT NULL),
  CONSTRAINT ticket_types_position_unique UNIQUE (event_id, position) DEFERRABLE INITIALLY DEFERRED
);

-- Every event so far gets its default type, holding its whole capacity and its seats.
INSERT INTO ticket_types (id, event_id, position, name, quota, seats_taken, created_at, updated_at)
SELECT gen_random_uuid(), e.id, 0, 'General admission', e.capacity, e.seats_taken, e.created_at,
       e.created_at
FROM events e;

-- `options` are the choices of `choice` / `multi_choice` questions, empty for the other kinds.
CREATE TABLE event_questions (
  id       uuid    PRIMARY KEY,
  event_id uuid    NOT NULL REFERENCES events (id),
  position integer NOT NULL CHECK (position BETWEEN 0 AND 29),
  label    text    NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
  kind     text    NOT NULL CHECK (kind IN ('text', 'choice', 'multi_choice', 'checkbox')),
  options  text[]  NOT NULL DEFAULT '{}',
  required boolean NOT NULL DEFAULT false,
  per      text    NOT NULL DEFAULT 'booking' CHECK (per IN ('booking', 'seat')),
  CONSTRAINT event_questions_options_by_kind CHECK (
    CASE WHEN kind IN ('choice', 'multi_choice') THEN cardinality(options) BETWEEN 2 AND 20
         ELSE cardinality(options) = 0 END),
  CONSTRAINT event_questions_position_unique UNIQUE (event_id, position) DEFERRABLE INITIALLY DEFERRED
);

-- A hold: `quantity` seats of one type taken at once, `seats` of them still held. A hold with
-- no seat left is `released` (a tombstone: its id never holds again). A tombstone recorded for
-- an id never seen has no type; a type is removed only with no seat taken, so only released
-- rows lose it.
ALTER TABLE seat_reservations
  ADD COLUMN ticket_type_id uuid REFERENCES ticket_types (id) ON DELETE SET NULL,
  ADD COLUMN quantity integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 0 AND 50),
  ADD COLUMN seats integer NOT NULL DEFAULT 1;
UPDATE seat_reservations r SET ticket_type_id = t.id
FROM ticket_types t WHERE t.event_id = r.event_id;
UPDATE seat_reservations r SET seats = 0 WHERE r.status = 'released';
ALTER TABLE seat_reservations
  ADD CONSTRAINT seat_reservations_seats_within_quantity CHECK (seats BETWEEN 0 AND quantity),
  ADD CONSTRAINT seat_reservations_held_has_seats CHECK ((status = 'held') = (seats > 0)),
  ADD CONSTRAINT seat_reservations_held_has_type CHECK (status = 'released' OR ticket_type_id IS NOT NULL);
CREATE INDEX seat_reservations_type ON seat_reservations (ticket_type_id);

-- Per-seat release tombstones: a seat id frees a seat of its hold once.
CREATE TABLE released_seats (
  registration_id uuid        NOT NULL REFERENCES seat_reservations (registration_id),
  seat_id         uuid        NOT NULL,
  released_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (registration_id, seat_id)
);

DROP FUNCTION release_seat(uuid, uuid);
DROP FUNCTION reserve_seat(uuid, uuid);

-- One statement per call, with the guarantees of the functions it replaces (migration
-- `seat_ledger_functions`): an id is counted once, a refused reserve leaves no row, only the
-- transition of a held seat frees it. Locks are always taken in the order hold row → type row
-- → event row (PATCH takes type rows → event row), so no two calls wait on each other in a
-- cycle.
--
-- `outcome`: reserved | already_held | refused (no room, or the event is cancelled or started:
-- the caller reads the event to say which) | type_not_found (unknown, another event's, or
-- hidden without its code) | sales_not_started | sales_ended | quantity_exceeds_max |
-- released_before | held_for_other_event | no_event. The event's columns come with reserved,
-- already_held, refused and the type refusals; the type's and the hold's when known.
CREATE FUNCTION reserve_seats(
  p_event_id uuid,
  p_registration_id uuid,
  p_ticket_type_id uuid,
  p_quantity integer,
  p_access_code_sha256 text,
  OUT outcome text,
  OUT id uuid,
  OUT organizer_id uuid,
  OUT title text,
  OUT description text,
  OUT starts_at timestamptz,
  OUT ends_at timestamptz,
  OUT timezone text,
  OUT location text,
  OUT capacity integer,
  OUT seats_taken integer,
  OUT requires_approval boolean,
  OUT category text,
  OUT status text,
  OUT seat_changes_until timestamptz,
  OUT created_at timestamptz,
  OUT updated_at timestamptz,
  OUT ticket_type_id uuid,
  OUT type_quota integer,
  OUT type_seats_taken integer,
  OUT hold_quantity integer,
  OUT hold_seats integer
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  ev events%ROWTYPE;
  tt ticket_types%ROWTYPE;
  existing seat_reservations%ROWTYPE;
  inserted boolean := false;
  type_id uuid;
BEGIN
  SELECT * INTO ev FROM events e WHERE e.id = p_event_id;
  IF NOT FOUND THEN
    outcome := 'no_event';
    RETURN;
  END IF;
  -- The type asked for, or the event's first.
  SELECT * INTO tt FROM ticket_types t
  WHERE t.event_id = p_event_id AND (p_ticket_type_id IS NULL OR t.id = p_ticket_type_id)
  ORDER BY t.position LIMIT 1;

  -- Without a type there is nothing to hold: only an id seen before can still be answered.
  IF tt.id IS NOT NULL THEN
    INSERT INTO seat_reservations (registration_id, event_id, status, ticket_type_id, quantity, seats)
    VALUES (p_registration_id, p_event_id, 'held', tt.id, p_quantity, p_quantity)
    ON CONFLICT (registration_id) DO NOTHING;
    inserted := FOUND;
  END IF;

  IF NOT inserted THEN
    -- Seen before (committed: a conflict waits for the inserter). `already_held` comes before
    -- the event's state and the type's rules, so a retry still answers the seats it holds.
    SELECT * INTO existing FROM seat_reservations r WHERE r.registration_id = p_registration_id;
    IF NOT FOUND AND tt.id IS NOT NULL THEN
      RAISE EXCEPTION 'reservation % vanished', p_registration_id;
    END IF;
    IF NOT FOUND THEN
      outcome := 'type_not_found';
      RETURN;
    END IF;
    IF existing.event_id <> p_event_id THEN
      outcome := 'held_for_other_event';
      RETURN;
    END IF;
    IF existing.status = 'released' THEN
      outcome := 'released_before';
      RETURN;
    END IF;
    outcome := 'already_held';
    hold_quantity := existing.quantity;
    hold_seats := existing.seats;
    SELECT * INTO tt FROM ticket_types t WHERE t.id = existing.ticket_type_id;
  ELSIF tt.id IS NULL OR (tt.hidden AND tt.access_code_sha256 IS DISTINCT FROM p_access_code_sha256) THEN
    outcome := 'type_not_found';
    tt := NULL;
  ELSIF ev.status <> 'published' OR ev.starts_at <= now() THEN
    outcome := 'refused';
  ELSIF tt.sales_start IS NOT NULL AND now() < tt.sales_start THEN
    outcome := 'sales_not_started';
  ELSIF tt.sales_end IS NOT NULL AND now() >= tt.sales_end THEN
    outcome := 'sales_ended';
  ELSIF p_quantity > tt.max_per_order THEN
    outcome := 'quantity_exceeds_max';
  ELSE
    -- Type row first, then the event row. Each condition is re-checked by PostgreSQL on the
    -- newest row version after the lock; the CHECK constraints stand behind both.
    type_id := tt.id;
    UPDATE ticket_types t SET seats_taken = t.seats_taken + p_quantity
    WHERE t.id = type_id AND t.seats_taken + p_quantity <= t.quota
    RETURNING t.* INTO tt;
    IF FOUND THEN
      UPDATE events e SET seats_taken = e.seats_taken + p_quantity
      WHERE e.id = p_event_id AND e.status = 'published' AND e.starts_at > now()
        AND e.seats_taken + p_quantity <= e.capacity
      RETURNING e.* INTO ev;
      IF FOUND THEN
        outcome := 'reserved';
        hold_quantity := p_quantity;
        hold_seats := p_quantity;
      ELSE
        -- Nothing taken: give the type's seats back (its row is still locked by this call).
        UPDATE ticket_types t SET seats_taken = t.seats_taken - p_quantity WHERE t.id = type_id
        RETURNING t.* INTO tt;
        outcome := 'refused';
      END IF;
    ELSE
      outcome := 'refused';
      -- (A refused UPDATE ... INTO leaves `tt` NULL.)
      SELECT * INTO tt FROM ticket_types t WHERE t.id = type_id;
    END IF;
  END IF;

  IF outcome NOT IN ('reserved', 'already_held') THEN
    -- No seat: undo this call's row (a waiting insert of the same id then finds none) and read the
    -- newest counts, so the caller can say why.
    IF inserted THEN
      DELETE FROM seat_reservations r WHERE r.registration_id = p_registration_id;
    END IF;
    SELECT * INTO ev FROM events e WHERE e.id = p_event_id;
  END IF;

  id := ev.id;
  organizer_id := ev.organizer_id;
  title := ev.title;
  description := ev.description;
  starts_at := ev.starts_at;
  ends_at := ev.ends_at;
  timezone := ev.timezone;
  location := ev.location;
  capacity := ev.capacity;
  seats_taken := ev.seats_taken;
  requires_approval := ev.requires_approval;
  category := ev.category;
  status := ev.status;
  seat_changes_until := ev.seat_changes_until;
  created_at := ev.created_at;
  updated_at := ev.updated_at;
  ticket_type_id := tt.id;
  type_quota := tt.quota;
  type_seats_taken := tt.seats_taken;
END;
$$;

-- Releases `p_seat_id`'s seat of the hold, or (`p_seat_id` NULL) every seat it still holds.
-- `outcome`: released | nothing_held (already released, the seat id already released, or an id
-- never seen: a tombstone is recorded for it) | held_for_other_event | no_event. The event's
-- `capacity` and `seats_taken` after the call come with released and nothing_held; the type's
-- counts and the hold's remaining `seats` when the hold has a type.
CREATE FUNCTION release_seats(
  p_event_id uuid,
  p_registration_id uuid,
  p_seat_id uuid,
  OUT outcome text,
  OUT capacity integer,
  OUT seats_taken integer,
  OUT ticket_type_id uuid,
  OUT type_quota integer,
  OUT type_seats_taken integer,
  OUT freed integer,
  OUT hold_seats integer
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  hold seat_reservations%ROWTYPE;
BEGIN
  PERFORM FROM events e WHERE e.id = p_event_id;
  IF NOT FOUND THEN
    outcome := 'no_event';
    RETURN;
  END IF;
  freed := 0;

  -- An id never seen gets a `released` tombstone: a reserve arriving later is refused.
  INSERT INTO seat_reservations (registration_id, event_id, status, released_at, quantity, seats)
  VALUES (p_registration_id, p_event_id, 'released', now(), 0, 0)
  ON CONFLICT (registration_id) DO NOTHING;
  IF NOT FOUND THEN
    -- The hold row is locked first: concurrent releases of one hold run one after the other.
    SELECT * INTO hold FROM seat_reservations r WHERE r.registration_id = p_registration_id
    FOR UPDATE;
    IF hold.event_id <> p_event_id THEN
      outcome := 'held_for_other_event';
      RETURN;
    END IF;
  ELSE
    SELECT * INTO hold FROM seat_reservations r WHERE r.registration_id = p_registration_id;
  END IF;

  IF p_seat_id IS NOT NULL THEN
    -- Once per seat id, whatever the hold's state.
    INSERT INTO released_seats (registration_id, seat_id) VALUES (p_registration_id, p_seat_id)
    ON CONFLICT DO NOTHING;
    IF FOUND AND hold.status = 'held' THEN
      freed := 1;
    END IF;
  ELSIF hold.status = 'held' THEN
    freed := hold.seats;
  END IF;

  IF freed > 0 THEN
    UPDATE seat_reservations r
    SET seats = r.seats - freed,
        status = CASE WHEN r.seats - freed = 0 THEN 'released' ELSE 'held' END,
        released_at = CASE WHEN r.seats - freed = 0 THEN now() END
    WHERE r.registration_id = p_registration_id
    RETURNING r.* INTO hold;
    UPDATE ticket_types t SET seats_taken = t.seats_taken - freed WHERE t.id = hold.ticket_type_id
    RETURNING t.id, t.quota, t.seats_taken INTO ticket_type_id, type_quota, type_seats_taken;
    UPDATE events e SET seats_taken = e.seats_taken - freed WHERE e.id = p_event_id
    RETURNING e.capacity, e.seats_taken INTO capacity, seats_taken;
    outcome := 'released';
  ELSE
    SELECT t.id, t.quota, t.seats_taken INTO ticket_type_id, type_quota, type_seats_taken
    FROM ticket_types t WHERE t.id = hold.ticket_type_id;
    SELECT e.capacity, e.seats_taken INTO capacity, seats_taken FROM events e
    WHERE e.id = p_event_id;
    outcome := 'nothing_held';
  END IF;
  hold_seats := hold.seats;
END;
$$;

-- migrate:down

DROP FUNCTION release_seats(uuid, uuid, uuid);
DROP FUNCTION reserve_seats(uuid, uuid, uuid, integer, text);
DROP TABLE released_seats;
ALTER TABLE seat_reservations
  DROP COLUMN seats, DROP COLUMN quantity, DROP COLUMN ticket_type_id;
DROP TABLE event_questions;
DROP TABLE ticket_types;
ALTER TABLE events DROP COLUMN seat_changes_until;
