-- Accounts disabled when the user service deletes the user (`user-deleted`): they can no longer
-- log in, refresh or reset a password, and their email and username stay taken.

-- migrate:up
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

-- migrate:down
ALTER TABLE users DROP COLUMN disabled_at;
