import { randomUUID } from "node:crypto";
import { Prisma } from "../generated/prisma/client";
import type { Database } from "./database";
import type { ThrottleCounter } from "./login-throttle";
import type { NewRefreshToken } from "./refresh-tokens";

/**
 * The two statements of a login: one read before the password hash is verified and one write
 * after it (success or failure, see `recordFailure`). SQL names no schema: the connection's
 * search_path is the service schema (the kit's pg pool sets it).
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
 * account and of the client address. Both lookups compare exactly (values are stored
 * lower-cased) and also through lower(), which lets PostgreSQL use the unique lower() indexes.
 */
export async function readLoginState(
  db: Database,
  lookup: LoginLookup,
  unknownSubject: string,
  clientAddress: string,
): Promise<LoginState> {
  const match =
    lookup.email !== undefined
      ? Prisma.sql`lower(email) = lower(${lookup.email}) AND email = ${lookup.email}`
      : Prisma.sql`lower(username) = lower(${lookup.username}) AND username = ${lookup.username}`;
  const rows = await db.$queryRaw<LoginStateRow[]>`
    WITH found AS (
      SELECT id, roles, password_hash FROM users
      WHERE ${match} AND disabled_at IS NULL
      LIMIT 1
    ), subject AS (
      SELECT coalesce((SELECT 'user:' || id::text FROM found), ${unknownSubject}::text) AS account
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
      ON address.scope = 'address' AND address.subject = ${clientAddress}::text`;
  const row = rows[0];
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
}

/**
 * What a successful login writes, in one statement (one round trip, atomic): the account's
 * failure counter is cleared (the address counter keeps running) and the new session's first
 * refresh token is stored.
 */
export async function recordLoginSuccess(
  db: Database,
  accountSubject: string,
  token: NewRefreshToken,
): Promise<void> {
  await db.$executeRaw`
    WITH cleared AS (
      DELETE FROM login_throttle WHERE scope = 'account' AND subject = ${accountSubject}::text
    )
    INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
    VALUES (${randomUUID()}::uuid, ${token.userId}::uuid, ${token.familyId}::uuid,
            ${token.tokenHash}::text, ${token.expiresAt.toISOString()}::timestamptz)`;
}
