import { randomUUID } from "node:crypto";
import { execute, queryOne, statement, type Db } from "@turnout/kit";
import type { ThrottleCounter } from "./login-throttle";
import type { NewRefreshToken } from "./refresh-tokens";

/**
 * The two statements of a login, both on the hot path and so named (prepared once per
 * connection): one read before the password hash is verified and one write after a success (a
 * failure is `loginThrottle.recordFailure`).
 */

/** Who is logging in: a normalised (lower-case) email or username, as typed. */
export type LoginLookup =
  { email: string; username?: undefined } | { username: string; email?: undefined };

export interface LoginState {
  /** The active account with that email or username, or null (unknown or disabled). */
  user: { id: string; roles: string[]; passwordHash: string } | null;
  /**
   * The account counter's subject: `user:<id>` for a known account (email and username share
   * one budget), otherwise `unknownSubject` (what was typed), so throttling reveals nothing
   * about existence.
   */
  accountSubject: string;
  /** The stored `account` and `address` counters among these two subjects (0, 1 or 2 rows). */
  counters: ThrottleCounter[];
}

interface LoginStateRow {
  id: string | null;
  roles: string[] | null;
  password_hash: string | null;
  account_subject: string;
  account_window_start: Date | null;
  account_failures: number | null;
  address_window_start: Date | null;
  address_failures: number | null;
}

/**
 * One round trip: the active account by email or username and the throttle counters of the
 * account and of the client address. `match` compares exactly (values are stored lower-cased)
 * and also through lower(), which lets PostgreSQL use the unique lower() indexes. $1 is the
 * email or username, $2 the unknown subject, $3 the client address.
 */
const loginStateText = (match: string): string => `
  WITH found AS (
    SELECT id, roles, password_hash FROM users
    WHERE ${match} AND disabled_at IS NULL
    LIMIT 1
  ), subject AS (
    SELECT coalesce((SELECT 'user:' || id::text FROM found), $2::text) AS account
  )
  SELECT found.id::text AS id, found.roles, found.password_hash,
         subject.account AS account_subject,
         account.window_start AS account_window_start, account.failures AS account_failures,
         address.window_start AS address_window_start, address.failures AS address_failures
  FROM subject
  LEFT JOIN found ON true
  LEFT JOIN login_throttle account
    ON account.scope = 'account' AND account.subject = subject.account
  LEFT JOIN login_throttle address
    ON address.scope = 'address' AND address.subject = $3::text`;

const stateByEmail = statement<LoginStateRow>(
  "auth_logins_state_by_email",
  loginStateText("lower(email) = lower($1::text) AND email = $1::text"),
);
const stateByUsername = statement<LoginStateRow>(
  "auth_logins_state_by_username",
  loginStateText("lower(username) = lower($1::text) AND username = $1::text"),
);

/**
 * What a successful login writes, in one statement (one round trip, atomic): the account's
 * failure counter is cleared (the address counter keeps running) and the new session's first
 * refresh token is stored.
 */
const recordSuccess = statement(
  "auth_logins_record_success",
  `WITH cleared AS (
     DELETE FROM login_throttle WHERE scope = 'account' AND subject = $1::text
   )
   INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
   VALUES ($2::uuid, $3::uuid, $4::uuid, $5::text, $6::timestamptz)`,
);

export function loginsRepository(db: Db) {
  return {
    async readState(
      lookup: LoginLookup,
      unknownSubject: string,
      clientAddress: string,
    ): Promise<LoginState> {
      const row =
        lookup.email !== undefined
          ? await queryOne(db, stateByEmail, [lookup.email, unknownSubject, clientAddress])
          : await queryOne(db, stateByUsername, [lookup.username, unknownSubject, clientAddress]);
      if (!row) throw new Error("the login state query returned no row");
      const counters: ThrottleCounter[] = [];
      if (row.account_window_start !== null && row.account_failures !== null) {
        counters.push({
          scope: "account",
          subject: row.account_subject,
          windowStart: new Date(row.account_window_start),
          failures: row.account_failures,
        });
      }
      if (row.address_window_start !== null && row.address_failures !== null) {
        counters.push({
          scope: "address",
          subject: clientAddress,
          windowStart: new Date(row.address_window_start),
          failures: row.address_failures,
        });
      }
      return {
        user:
          row.id !== null && row.password_hash !== null
            ? { id: row.id, roles: row.roles ?? [], passwordHash: row.password_hash }
            : null,
        accountSubject: row.account_subject,
        counters,
      };
    },

    async recordSuccess(accountSubject: string, token: NewRefreshToken): Promise<void> {
      await execute(db, recordSuccess, [
        accountSubject,
        randomUUID(),
        token.userId,
        token.familyId,
        token.tokenHash,
        token.expiresAt,
      ]);
    },
  };
}
