-- Personal API tokens (docs/integrations.md "API tokens"; dbmate, search_path = auth). Only the
-- SHA-256 of a token is kept: a 256-bit random value needs no slow hash, and a database leak
-- hands out nothing. Name uniqueness and the per-user limit hold among live tokens (not revoked,
-- not expired), which an index cannot express; the service checks both under the user's row lock.

-- migrate:up

CREATE TABLE api_tokens (
  id           uuid        PRIMARY KEY,
  user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  token_sha256 bytea       NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
  prefix       text        NOT NULL,
  scopes       text[]      NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- migrate:down

DROP TABLE api_tokens;
