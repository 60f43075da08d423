import { execute, statement, type Db } from "@turnout/kit";

// Each purge is one bounded statement: at most `$2` rows, picked by an index on the age column
// and locked with SKIP LOCKED (replicas purging at once take different rows), then deleted by
// their physical address. `$1` is seconds.

const purgeRefreshTokens = statement(
  "auth_expired_rows_refresh_tokens",
  `DELETE FROM refresh_tokens WHERE ctid = ANY(ARRAY(
     SELECT ctid FROM refresh_tokens
     WHERE expires_at < now() - make_interval(secs => $1::int)
     LIMIT $2::int FOR UPDATE SKIP LOCKED))`,
);

const purgeOneTimeTokens = statement(
  "auth_expired_rows_one_time_tokens",
  `DELETE FROM one_time_tokens WHERE ctid = ANY(ARRAY(
     SELECT ctid FROM one_time_tokens
     WHERE expires_at < now() - make_interval(secs => $1::int)
     LIMIT $2::int FOR UPDATE SKIP LOCKED))`,
);

// `updated_at` moves with every failure counted, and a window starts at or before it: a row left
// alone for longer than the window counts nothing any more (a new failure would start at 1).
const purgeLoginThrottle = statement(
  "auth_expired_rows_login_throttle",
  `DELETE FROM login_throttle WHERE ctid = ANY(ARRAY(
     SELECT ctid FROM login_throttle
     WHERE updated_at < now() - make_interval(secs => $1::int)
     LIMIT $2::int FOR UPDATE SKIP LOCKED))`,
);

// Settled: revoked or expired, whichever came first (LEAST skips a NULL `revoked_at`).
const purgeApiTokens = statement(
  "auth_expired_rows_api_tokens",
  `DELETE FROM api_tokens WHERE ctid = ANY(ARRAY(
     SELECT ctid FROM api_tokens
     WHERE LEAST(revoked_at, expires_at) < now() - make_interval(secs => $1::int)
     LIMIT $2::int FOR UPDATE SKIP LOCKED))`,
);

/** Deletes rows that no longer count for anything; each call at most `limit`, how many it deleted. */
export function expiredRowsRepository(db: Db) {
  return {
    /** Refresh tokens whose expiry is more than `retentionSeconds` past. */
    refreshTokens: (retentionSeconds: number, limit: number): Promise<number> =>
      execute(db, purgeRefreshTokens, [retentionSeconds, limit]),

    /** Verification and reset tokens whose expiry is more than `retentionSeconds` past. */
    oneTimeTokens: (retentionSeconds: number, limit: number): Promise<number> =>
      execute(db, purgeOneTimeTokens, [retentionSeconds, limit]),

    /** Throttle counters untouched for more than `idleSeconds`. */
    loginThrottle: (idleSeconds: number, limit: number): Promise<number> =>
      execute(db, purgeLoginThrottle, [idleSeconds, limit]),

    /** API tokens revoked or expired more than `retentionSeconds` ago. */
    apiTokens: (retentionSeconds: number, limit: number): Promise<number> =>
      execute(db, purgeApiTokens, [retentionSeconds, limit]),
  };
}
