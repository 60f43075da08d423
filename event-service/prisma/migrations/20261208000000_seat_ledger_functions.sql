-- The seat ledger as two functions (dbmate, search_path = the service's schema), so a reserve
-- and a release are each one statement: one round trip, one transaction, no connection held
-- across a network wait during a ticket rush. The guarantees are those of the SQL they replace:
-- - an id is counted once: the reservation row is inserted first (`ON CONFLICT DO NOTHING`), so
--   a concurrent insert of the same id waits for this transaction to end;
-- - never more than `capacity` seats: the conditional UPDATE is re-checked by PostgreSQL on the
--   newest row version after the row lock, and the CHECK constraint stands behind it;
-- - a refused reserve leaves no row: it deletes the row it inserted, so the waiting insert of the
--   same id sees none once this transaction commits;
-- - only the transition held -> released frees a seat, so a release counts once.
-- Outcomes are plain codes; the service turns them into replies. Every reference to a column is
-- qualified by its table's alias, and `use_column` settles any clash with an OUT parameter.

-- migrate:up

-- `outcome`: reserved | already_held | refused (full, cancelled or started) | released_before |
-- held_for_other_event | no_event. The event's columns (those the reply shows) come with
-- reserved, already_held and refused; they are NULL otherwise.
CREATE FUNCTION reserve_seat(
  p_event_id uuid,
  p_registration_id uuid,
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
  OUT created_at timestamptz,
  OUT updated_at timestamptz
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  ev events%ROWTYPE;
  existing seat_reservations%ROWTYPE;
BEGIN
  -- An unknown event is `no_event` whatever the registration id.
  PERFORM FROM events e WHERE e.id = p_event_id;
  IF NOT FOUND THEN
    outcome := 'no_event';
    RETURN;
  END IF;

  INSERT INTO seat_reservations (registration_id, event_id, status)
  VALUES (p_registration_id, p_event_id, 'held')
  ON CONFLICT (registration_id) DO NOTHING;

  IF NOT FOUND THEN
    -- The id was seen before (its row is committed: a conflict waits for the inserter). The
    -- `already_held` check comes before the event's state, so a retry after the event started
    -- or was cancelled still answers the seat it holds.
    SELECT * INTO existing FROM seat_reservations r WHERE r.registration_id = p_registration_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'reservation % vanished', p_registration_id;
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
    SELECT * INTO ev FROM events e WHERE e.id = p_event_id;
  ELSE
    UPDATE events e SET seats_taken = e.seats_taken + 1
    WHERE e.id = p_event_id AND e.status = 'published' AND e.starts_at > now()
      AND e.seats_taken < e.capacity
    RETURNING e.* INTO ev;
    IF FOUND THEN
      outcome := 'reserved';
    ELSE
      -- No seat: undo the row, and read the event so the caller can say why (full or closed).
      DELETE FROM seat_reservations r WHERE r.registration_id = p_registration_id;
      outcome := 'refused';
      SELECT * INTO ev FROM events e WHERE e.id = p_event_id;
    END IF;
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
  created_at := ev.created_at;
  updated_at := ev.updated_at;
END;
$$;

-- `outcome`: released | nothing_held (already released, or never held: a tombstone is recorded)
-- | held_for_other_event | no_event. `capacity` and `seats_taken` after the call come with
-- released and nothing_held.
CREATE FUNCTION release_seat(
  p_event_id uuid,
  p_registration_id uuid,
  OUT outcome text,
  OUT capacity integer,
  OUT seats_taken integer
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  holder uuid;
BEGIN
  SELECT e.capacity, e.seats_taken INTO capacity, seats_taken FROM events e
  WHERE e.id = p_event_id;
  IF NOT FOUND THEN
    outcome := 'no_event';
    RETURN;
  END IF;

  -- An id never seen gets a `released` tombstone: a reserve arriving later is refused.
  INSERT INTO seat_reservations (registration_id, event_id, status, released_at)
  VALUES (p_registration_id, p_event_id, 'released', now())
  ON CONFLICT (registration_id) DO NOTHING;
  IF FOUND THEN
    outcome := 'nothing_held';
    RETURN;
  END IF;

  -- A concurrent release of the same id waits for this row lock and then finds it released.
  UPDATE seat_reservations r SET status = 'released', released_at = now()
  WHERE r.registration_id = p_registration_id AND r.event_id = p_event_id
    AND r.status = 'held';
  IF FOUND THEN
    UPDATE events e SET seats_taken = e.seats_taken - 1 WHERE e.id = p_event_id
    RETURNING e.capacity, e.seats_taken INTO capacity, seats_taken;
    outcome := 'released';
    RETURN;
  END IF;

  SELECT r.event_id INTO holder FROM seat_reservations r
  WHERE r.registration_id = p_registration_id;
  IF holder <> p_event_id THEN
    outcome := 'held_for_other_event';
    capacity := NULL;
    seats_taken := NULL;
    RETURN;
  END IF;
  outcome := 'nothing_held';
  SELECT e.capacity, e.seats_taken INTO capacity, seats_taken FROM events e
  WHERE e.id = p_event_id;
END;
$$;

-- migrate:down

DROP FUNCTION release_seat(uuid, uuid);
DROP FUNCTION reserve_seat(uuid, uuid);
