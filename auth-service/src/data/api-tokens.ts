import { execute, queryOne, queryRows, statement, type Db } from "@turnout/kit";

export interface ApiTokenRow {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface NewApiToken {
  id: string;
  userId: string;
  name: string;
  tokenSha256: Buffer;
  prefix: string;
  scopes: readonly string[];
  createdAt: Date;
  expiresAt: Date;
}

/** What an exchange needs: the live token and its active owner's roles now. */
export interface ExchangeableToken {
  id: string;
  user_id: string;
  scopes: string[];
  roles: string[];
}

const COLUMNS = `id::text, name, scopes, prefix, created_at, expires_at, last_used_at, revoked_at`;

// The owner's row lock serialises token creation per user: the live count and the name check
// below cannot race another creation. Nothing for a disabled (deleted) account.
const lockOwner = statement<{ roles: string[] }>(
  "auth_api_tokens_lock_owner",
  `SELECT roles FROM users WHERE id = $1::uuid AND disabled_at IS NULL FOR UPDATE`,
);

const liveNames = statement<{ name: string }>(
  "auth_api_tokens_live_names",
  `SELECT name FROM api_tokens
   WHERE user_id = $1::uuid AND revoked_at IS NULL AND expires_at > $2::timestamptz`,
);

const insertToken = statement(
  "auth_api_tokens_insert",
  `INSERT INTO api_tokens (id, user_id, name, token_sha256, prefix, scopes, created_at, expires_at)
   VALUES ($1::uuid, $2::uuid, $3, $4::bytea, $5, $6::text[], $7::timestamptz, $8::timestamptz)`,
);

const listOf = statement<ApiTokenRow>(
  "auth_api_tokens_list_of",
  `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = $1::uuid
   ORDER BY created_at DESC, id LIMIT $2::int`,
);

const revoke = statement<{ id: string }>(
  "auth_api_tokens_revoke",
  `UPDATE api_tokens SET revoked_at = $3::timestamptz
   WHERE id = $1::uuid AND user_id = $2::uuid AND revoked_at IS NULL
   RETURNING id::text`,
);

const owned = statement<{ id: string }>(
  "auth_api_tokens_owned",
  `SELECT id::text FROM api_tokens WHERE id = $1::uuid AND user_id = $2::uuid`,
);

// One round trip: the live token of an active account, by its hash (a unique index lookup),
// and `last_used_at` moved when it is older than a minute, so a busy script writes at most once
// a minute per token.
const exchange = statement<ExchangeableToken>(
  "auth_api_tokens_exchange",
  `WITH token AS (
     SELECT t.id, t.user_id, t.scopes, u.roles FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_sha256 = $1::bytea AND t.revoked_at IS NULL
       AND t.expires_at > $2::timestamptz AND u.disabled_at IS NULL
   ), touched AS (
     UPDATE api_tokens SET last_used_at = $2::timestamptz FROM token
     WHERE api_tokens.id = token.id
       AND (api_tokens.last_used_at IS NULL
            OR api_tokens.last_used_at <= $2::timestamptz - interval '1 minute')
   )
   SELECT id::text, user_id::text, scopes, roles FROM token`,
);

/** Personal API tokens (only their SHA-256 is stored). */
export function apiTokensRepository(db: Db) {
  return {
    /** Locks an active account's row for this unit of work; its roles, or null when none. */
    async lockOwner(userId: string): Promise<string[] | null> {
      return (await queryOne(db, lockOwner, [userId]))?.roles ?? null;
    },

    /** The names of the user's live tokens (not revoked, not expired at `now`). */
    async liveNames(userId: string, now: Date): Promise<string[]> {
      return (await queryRows(db, liveNames, [userId, now])).map((row) => row.name);
    },

    async insert(token: NewApiToken): Promise<void> {
      await execute(db, insertToken, [
        token.id,
        token.userId,
        token.name,
        token.tokenSha256,
        token.prefix,
        token.scopes,
        token.createdAt,
        token.expiresAt,
      ]);
    },

    /** The user's tokens, newest first, at most `limit`. */
    listOf: (userId: string, limit: number): Promise<ApiTokenRow[]> =>
      queryRows(db, listOf, [userId, limit]),

    /**
     * Revokes the user's token: "revoked" when this call did, "already" when it was revoked
     * before, "not_found" when the user has no such token (another user's included).
     */
    async revoke(
      id: string,
      userId: string,
      at: Date,
    ): Promise<"revoked" | "already" | "not_found"> {
      if (await queryOne(db, revoke, [id, userId, at])) return "revoked";
      return (await queryOne(db, owned, [id, userId])) ? "already" : "not_found";
    },

    /** The live token with this hash of an active account, or null; notes its use. */
    exchange: (tokenSha256: Buffer, now: Date): Promise<ExchangeableToken | null> =>
      queryOne(db, exchange, [tokenSha256, now]).then((row) => row ?? null),
  };
}
