-- The waitlist join in one statement: a counter of waitlisted registrations per event (kept by
-- triggers, so every path that moves a registration into or out of the line counts), and a
-- function that takes the per-event lock, the next place in line, the registration's change,
-- its `registration-waitlisted` outbox row and the idempotent reply, in one round trip (for
-- every join of the event that queued in the process meanwhile).

-- migrate:up
ALTER TABLE event_snapshots ADD COLUMN waitlisted bigint NOT NULL DEFAULT 0;
UPDATE event_snapshots s SET waitlisted = (
  SELECT count(*) FROM registrations r WHERE r.event_id = s.event_id AND r.status = 'waitlisted');
ALTER TABLE event_snapshots ADD CONSTRAINT event_snapshots_waitlisted_counted
  CHECK (waitlisted >= 0);

-- Every path that changes a registration's `waitlisted` status takes the event's snapshot row
-- lock first (the join, a promotion, a cancel of a waitlisted registration, an event's
-- cancellation), so this update never waits in the other order.
CREATE FUNCTION registrations_count_waitlisted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'waitlisted' THEN
    UPDATE event_snapshots SET waitlisted = waitlisted - 1 WHERE event_id = OLD.event_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'waitlisted' THEN
    UPDATE event_snapshots SET waitlisted = waitlisted + 1 WHERE event_id = NEW.event_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER registrations_waitlisted_changed AFTER UPDATE OF status ON registrations
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                     AND (OLD.status = 'waitlisted' OR NEW.status = 'waitlisted'))
  EXECUTE FUNCTION registrations_count_waitlisted();
CREATE TRIGGER registrations_waitlisted_inserted AFTER INSERT ON registrations
  FOR EACH ROW WHEN (NEW.status = 'waitlisted')
  EXECUTE FUNCTION registrations_count_waitlisted();
CREATE TRIGGER registrations_waitlisted_deleted AFTER DELETE ON registrations
  FOR EACH ROW WHEN (OLD.status = 'waitlisted')
  EXECUTE FUNCTION registrations_count_waitlisted();

-- Newcomers the ledger found no seat for join the end of the line, in the order given (a
-- process hands over every join of an event that queued while its previous call ran: one lock,
-- one commit for all of them). Each one's position is the count of those waiting before it (the
-- counter, read under the lock) plus one. A registration that had already left `reserving`
-- gets no row (the number handed out then stays unused).
CREATE FUNCTION join_waitlist(
  p_ids uuid[], p_event_id uuid, p_nows timestamptz[],
  p_message_ids uuid[], p_topic text, p_message_keys text[], p_messages jsonb[],
  p_headers jsonb[], p_replies jsonb[]
) RETURNS TABLE (
  id uuid, event_id uuid, user_id uuid, status text, waitlist_seq bigint, confirmed_via text,
  confirmed_at timestamptz, checked_in_at timestamptz, cancelled_at timestamptz,
  cancel_reason text, created_at timestamptz, updated_at timestamptz,
  waitlist_position bigint, seats_freed bigint
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_seq bigint;
  v_waiting bigint;
  v_freed bigint;
  v_row registrations%ROWTYPE;
BEGIN
  FOR i IN 1 .. coalesce(array_length(p_ids, 1), 0) LOOP
    -- The first pass takes the per-event lock; the counter it returns already counts the
    -- joins before this one (the trigger ran on their updates).
    UPDATE event_snapshots s SET waitlist_seq = s.waitlist_seq + 1
      WHERE s.event_id = p_event_id
      RETURNING s.waitlist_seq, s.waitlisted, s.seats_freed INTO v_seq, v_waiting, v_freed;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'no snapshot of event %', p_event_id;
    END IF;
    UPDATE registrations r SET status = 'waitlisted', waitlist_seq = v_seq, updated_at = p_nows[i]
      WHERE r.id = p_ids[i] AND r.status = 'reserving'
      RETURNING r.* INTO v_row;
    CONTINUE WHEN NOT FOUND;
    INSERT INTO outbox (event_id, topic, message_key, value, headers)
      VALUES (p_message_ids[i], p_topic, p_message_keys[i],
              jsonb_set(p_messages[i], '{data,waitlist_position}', to_jsonb(v_waiting + 1)),
              p_headers[i]);
    IF p_replies[i] IS NOT NULL THEN
      UPDATE idempotency_keys k
        SET response_status = 201,
            response_body = jsonb_set(p_replies[i], '{waitlist_position}', to_jsonb(v_waiting + 1))
        WHERE k.registration_id = p_ids[i] AND k.response_status IS NULL;
    END IF;
    RETURN QUERY SELECT v_row.id, v_row.event_id, v_row.user_id, v_row.status,
      v_row.waitlist_seq, v_row.confirmed_via, v_row.confirmed_at, v_row.checked_in_at,
      v_row.cancelled_at, v_row.cancel_reason, v_row.created_at, v_row.updated_at,
      v_waiting + 1, v_freed;
  END LOOP;
END;
$$;

-- migrate:down
DROP FUNCTION join_waitlist(uuid[], uuid, timestamptz[], uuid[], text, text[], jsonb[], jsonb[], jsonb[]);
DROP TRIGGER registrations_waitlisted_deleted ON registrations;
DROP TRIGGER registrations_waitlisted_inserted ON registrations;
DROP TRIGGER registrations_waitlisted_changed ON registrations;
DROP FUNCTION registrations_count_waitlisted();
ALTER TABLE event_snapshots DROP COLUMN waitlisted;
