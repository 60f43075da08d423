-- Accounts, refresh-token sessions and login throttling for the auth service
-- (dbmate, search_path = auth).

-- migrate:up

-- Uniqueness is case-insensitive through unique indexes on lower(): the service role may not
-- create the citext extension. Emails are also stored lower-cased by the service.
CREATE TABLE users (
  id             uuid        PRIMARY KEY,
  email          text        NOT NULL,
  username       text,
  display_name   text,
  password_hash  text        NOT NULL,
  roles          text[]      NOT NULL DEFAULT ARRAY['attendee']::text[],
  email_verified boolean     NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
-- The first-admin check at start-up looks for any admin.
CREATE INDEX users_roles_gin ON users USING gin (roles);

-- One row per refresh token ever issued; a family is one login session. Only the SHA-256 of
-- the token is kept, so a database leak does not hand out sessions.
CREATE TABLE refresh_tokens (
  id         uuid        PRIMARY KEY,
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id  uuid        NOT NULL,
  token_hash text        NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Failed-login counters in fixed windows, shared by every replica. `scope` is 'account' or
-- 'address'; `subject` is the normalised identifier or the client address.
CREATE TABLE login_throttle (
  scope        text        NOT NULL,
  subject      text        NOT NULL,
  window_start timestamptz NOT NULL,
  failures     integer     NOT NULL DEFAULT 0,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, subject)
);

-- migrate:down

DROP TABLE login_throttle;
DROP TABLE refresh_tokens;
DROP TABLE users;
