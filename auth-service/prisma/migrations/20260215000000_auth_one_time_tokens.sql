-- Single-use tokens of the auth service: email verification and password reset
-- (dbmate, search_path = auth). Only the SHA-256 of a token is kept, so a database leak does
-- not hand out resets.

-- migrate:up

CREATE TABLE one_time_tokens (
  id         uuid        PRIMARY KEY,
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    text        NOT NULL CHECK (purpose IN ('email_verification', 'password_reset')),
  token_hash text        NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id, purpose);

-- migrate:down

DROP TABLE one_time_tokens;
