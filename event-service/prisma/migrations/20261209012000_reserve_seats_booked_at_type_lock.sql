-- The seat ledger's reserve, changed in two ways (docs/booking-model.md, event-service README):
--
-- 1. `p_booked_at`: when the booking was made. The type's sales window is judged at that time
--    instead of now, so a booking made (and waitlisted) while its type was on sale keeps its
--    right to a seat freed after `sales_end`. NULL (the default, so earlier callers keep
--    working) is now. Whether the event is open (not cancelled, not started) is still judged
--    now.
-- 2. The type is read `FOR KEY SHARE`. Before, a PATCH could remove the type between the
--    function's read of it and the insert of the hold, whose foreign key then failed (a 500);
--    now the reserve either keeps the type until it ends (the PATCH then sees its seats: 409
--    `ticket_type_in_use`) or reads it after the removal (`type_not_found`).
--
-- Every other guarantee is the one of migration `ticket_types_questions_multi_seat_ledger`.

-- migrate:up

DROP FUNCTION reserve_seats(uuid, uuid, uuid, integer, text);

CREATE FUNCTION reserve_seats(
  p_event_id uuid,
  p_registration_id uuid,
  p_ticket_type_id uuid,
  p_quantity integer,
  p_access_code_sha256 text,
  p_booked_at timestamptz DEFAULT NULL,
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
  sold_at timestamptz := coalesce(p_booked_at, now());
BEGIN
  SELECT * INTO ev FROM events e WHERE e.id = p_event_id;
  IF NOT FOUND THEN
    outcome := 'no_event';
    RETURN;
  END IF;
  -- The type asked for, or the event's first. `FOR KEY SHARE` keeps it from being removed until
  -- this call ends (the hold's foreign key needs it): it waits for a PATCH that locked the types
  -- and then reads what that left (a removed type is not found). A PATCH waits for it, as it
  -- already did for the hold's foreign-key check; reserves and releases update only non-key
  -- columns, so they never wait on it.
  SELECT * INTO tt FROM ticket_types t
  WHERE t.event_id = p_event_id AND (p_ticket_type_id IS NULL OR t.id = p_ticket_type_id)
  ORDER BY t.position LIMIT 1
  FOR KEY SHARE;

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
  ELSIF tt.sales_start IS NOT NULL AND sold_at < tt.sales_start THEN
    outcome := 'sales_not_started';
  ELSIF tt.sales_end IS NOT NULL AND sold_at >= tt.sales_end THEN
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

-- migrate:down

DROP FUNCTION reserve_seats(uuid, uuid, uuid, integer, text, timestamptz);

-- As migration `ticket_types_questions_multi_seat_ledger` created it.
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
