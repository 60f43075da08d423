-- The relay is woken in-process by the unit of work that committed outbox rows, and polls for
-- the rest: a NOTIFY per committing statement cost every write a trip through the notification
-- queue and woke every listener. Claims now lease rows (available_at) instead of holding a
-- transaction open across the send.

-- migrate:up
DROP TRIGGER outbox_inserted ON outbox;
DROP FUNCTION outbox_notify();

-- migrate:down
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_outbox', '');
  RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
