import { randomUUID } from "node:crypto";
import { execute, queryOne, statement, type Db } from "@turnout/kit";
import type { ThrottleCounter, ThrottleSubject } from "./login-throttle";
import type { NewRefreshToken } from "./refresh-tokens";

/**
 * The two statements of a login, both on the hot path and so named (prepared once per
 * connection): one read before the password hash is verified and one write after a success (a
 * failure is `loginThrottle.recordFailure`).
 */

/** Who is logging in: a normalised (lower-case) email or username, as typed. */
export type LoginLookup =
  { email: string; username?: undefined } | { username: string; email?: undefined };

/**
 * The three login counters: what was typed (from any address), what was typed from this client
 * address, and this client address. Keyed by what was typed, never by the account behind it, so
 * the reply to a login by email never depends on failures by username (and an unknown account
 * is counted exactly like a known one).
 */
export interface LoginCounterSubjects {
  account: string;
  accountAddress: string;
  address: string;
}

export interface LoginState {
  /** The active account with that email or username, or null (unknown or disabled). */
  user: { id: string; roles: string[]; passwordHash: string; emailVerified: boolean } | null;
  /** The stored counters among the three subjects (0 to 3 rows). */
  counters: ThrottleCounter[];
}

interface LoginStateRow {
  id: string | null;
  roles: string[] | null;
  password_hash: string | null;
  email_verified: boolean | null;
  account_window_start: Date | null;
  account_failures: number | null;
  pair_window_start: Date | null;
  pair_failures: number | null;
  address_window_start: Date | null;
  address_failures: number | null;
}

/**
 * One round trip: the active account by email or username and the three login counters. `match`
 * compares exactly (values are stored lower-cased) and also through lower(), which lets
 * PostgreSQL use the unique lower() indexes. $1 is the email or username, $2 the `account`
 * subject, $3 the `account-address` subject, $4 the `address` subject.
 */
const loginStateText = (match: string): string => `
  WITH found AS (
    SELECT id, roles, password_hash, email_verified FROM users
    WHERE ${match} AND disabled_at IS NULL
    LIMIT 1
  )
  SELECT found.id::text AS id, found.roles, found.password_hash, found.email_verified,
         account.window_start AS account_window_start, account.failures AS account_failures,
         pair.window_start AS pair_window_start, pair.failures AS pair_failures,
         address.window_start AS address_window_start, address.failures AS address_failures
  FROM (SELECT 1) AS one
  LEFT JOIN found ON true
  LEFT JOIN login_throttle account
    ON account.scope = 'account' AND account.subject = $2::text
  LEFT JOIN login_throttle pair
    ON pair.scope = 'account-address' AND pair.subject = $3::text
  LEFT JOIN login_throttle address
    ON address.scope = 'address' AND address.subject = $4::text`;

const stateByEmail = statement<LoginStateRow>(
  "auth_logins_state_by_email",
  loginStateText("lower(email) = lower($1::text) AND email = $1::text"),
);
const stateByUsername = statement<LoginStateRow>(
  "auth_logins_state_by_username",
  loginStateText("lower(username) = lower($1::text) AND username = $1::text"),
);

/**
 * What a successful login writes, in one statement (one round trip, atomic): the failure counter
 * of what was typed from this address is cleared (the address's and the identifier's counters
 * keep running) and the new session's first refresh token is stored.
 */
const recordSuccess = statement(
  "auth_logins_record_success",
  `WITH cleared AS (
     DELETE FROM login_throttle WHERE scope = 'account-address' AND subject = $1::text
   )
   INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
   VALUES ($2::uuid, $3::uuid, $4::uuid, $5::text, $6::timestamptz)`,
);

const counter = (
  subject: ThrottleSubject,
  windowStart: Date | null,
  failures: number | null,
): ThrottleCounter[] =>
  windowStart === null || failures === null
    ? []
    : [{ ...subject, windowStart: new Date(windowStart), failures }];

export function loginsRepository(db: Db) {
  return {
    async readState(lookup: LoginLookup, subjects: LoginCounterSubjects): Promise<LoginState> {
      const params = [subjects.account, subjects.accountAddress, subjects.address];
      const row =
        lookup.email !== undefined
          ? await queryOne(db, stateByEmail, [lookup.email, ...params])
          : await queryOne(db, stateByUsername, [lookup.username, ...params]);
      if (!row) throw new Error("the login state query returned no row");
      return {
        user:
          row.id !== null && row.password_hash !== null
            ? {
                id: row.id,
                roles: row.roles ?? [],
                passwordHash: row.password_hash,
                emailVerified: row.email_verified === true,
              }
            : null,
        counters: [
          ...counter(
            { scope: "account", subject: subjects.account },
            row.account_window_start,
            row.account_failures,
          ),
          ...counter(
            { scope: "account-address", subject: subjects.accountAddress },
            row.pair_window_start,
            row.pair_failures,
          ),
          ...counter(
            { scope: "address", subject: subjects.address },
            row.address_window_start,
            row.address_failures,
          ),
        ],
      };
    },

    /** Clears the `account-address` counter `accountAddress` and stores the refresh token. */
    async recordSuccess(accountAddress: string, token: NewRefreshToken): Promise<void> {
      await execute(db, recordSuccess, [
        accountAddress,
        randomUUID(),
        token.userId,
        token.familyId,
        token.tokenHash,
        token.expiresAt,
      ]);
    },
  };
}
