-- Profiles, settings and activity history of the user service (dbmate, search_path = users).

-- migrate:up

-- One row per account, created from `user-registered`. `seq` orders the admin listing: a
-- keyset over a unique, ever-growing number has neither gaps nor duplicates, and rows added
-- while someone pages land before the first page instead of in the middle. The email is kept
-- for the admin search only and is never shown in public profiles.
CREATE TABLE profiles (
  id           uuid        PRIMARY KEY,
  seq          bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  email        text        NOT NULL,
  username     text,
  display_name text,
  bio          text,
  -- File name under AVATAR_DIR; the public URL is derived from it.
  avatar_file  text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
-- The service role cannot create extensions (citext, pg_trgm): case-insensitive uniqueness
-- and the admin search's case-insensitive prefix match use lower(...) indexes.
-- text_pattern_ops lets `LIKE 'abc%'` use them whatever the database collation.
CREATE UNIQUE INDEX profiles_username_lower_key ON profiles (lower(username) text_pattern_ops);
CREATE INDEX profiles_display_name_lower_prefix ON profiles (lower(display_name) text_pattern_ops);
CREATE INDEX profiles_email_lower_prefix ON profiles (lower(email) text_pattern_ops);

-- Only saved settings have a row; a profile without one has the defaults.
CREATE TABLE settings (
  user_id              uuid        PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
  email_notifications  boolean     NOT NULL,
  in_app_notifications boolean     NOT NULL,
  locale               text        NOT NULL,
  timezone             text        NOT NULL,
  updated_at           timestamptz NOT NULL
);

-- Built from registration events. No foreign key: a registration event may arrive before
-- the `user-registered` event of its attendee (different topics, no order between them).
-- `source_event_id` makes the insert idempotent across consumer groups and replays.
CREATE TABLE activity (
  id              uuid        PRIMARY KEY,
  user_id         uuid        NOT NULL,
  type            text        NOT NULL
    CHECK (type IN ('registration_confirmed', 'registration_cancelled', 'checked_in')),
  source_event_id text        NOT NULL UNIQUE,
  event_id        uuid        NOT NULL,
  registration_id uuid        NOT NULL,
  at              timestamptz NOT NULL,
  event_title     text        NOT NULL,
  event_starts_at timestamptz NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX activity_user_at ON activity (user_id, at DESC, id DESC);

-- Deleted accounts: a replayed `user-registered` must not bring a profile back, and late
-- registration events must not rebuild a history. Holds no personal data.
CREATE TABLE deleted_users (
  user_id    uuid        PRIMARY KEY,
  deleted_at timestamptz NOT NULL,
  deleted_by uuid        NOT NULL
);

-- migrate:down

DROP TABLE deleted_users;
DROP TABLE activity;
DROP TABLE settings;
DROP TABLE profiles;
