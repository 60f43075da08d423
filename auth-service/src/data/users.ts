import { execute, queryOne, modelApi, statement, type Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";

/** The account as the domain sees it (the password hash never leaves the data layer but here). */
export interface UserRecord {
  id: string;
  email: string;
  username: string | null;
  displayName: string | null;
  passwordHash: string;
  roles: string[];
  emailVerified: boolean;
  createdAt: Date;
}

const select = {
  id: true,
  email: true,
  username: true,
  displayName: true,
  passwordHash: true,
  roles: true,
  emailVerified: true,
  createdAt: true,
} as const;

// With no conflict target, ON CONFLICT covers every unique index, the lower(email) and
// lower(username) ones included: a registration that lost the race past the pre-check inserts
// nothing (after waiting for the winner to commit) instead of aborting the unit of work.
const insertUser = statement<{ id: string }>(
  "auth_users_insert",
  `INSERT INTO users (id, email, username, display_name, password_hash, roles, email_verified,
                      created_at, updated_at)
   VALUES ($1::uuid, $2, $3, $4, $5, $6::text[], $7, $8::timestamptz, $8::timestamptz)
   ON CONFLICT DO NOTHING
   RETURNING id`,
);

const markEmailVerified = statement(
  "auth_users_mark_email_verified",
  `UPDATE users SET email_verified = true, updated_at = $2::timestamptz WHERE id = $1::uuid`,
);

const setPasswordHash = statement(
  "auth_users_set_password_hash",
  `UPDATE users SET password_hash = $2, updated_at = $3::timestamptz WHERE id = $1::uuid`,
);

const disable = statement(
  "auth_users_disable",
  `UPDATE users SET disabled_at = $2::timestamptz, updated_at = $2::timestamptz
   WHERE id = $1::uuid AND disabled_at IS NULL`,
);

// The user service keeps usernames unique among profiles, but an account here may have signed
// up with the name before the change arrived: then the update leaves the old name.
const adoptUsername = statement(
  "auth_users_adopt_username",
  `UPDATE users SET username = $2::text, updated_at = now()
   WHERE id = $1::uuid AND username IS DISTINCT FROM $2::text
     AND NOT EXISTS (SELECT 1 FROM users other
                     WHERE lower(other.username) = lower($2::text) AND other.id <> $1::uuid)`,
);

const usernameOf = statement<{ username: string | null }>(
  "auth_users_username_of",
  `SELECT username FROM users WHERE id = $1::uuid`,
);

/**
 * Accounts. Reads return active accounts only: a disabled (deleted) account cannot log in,
 * refresh, reset its password or be given roles. Callers pass normalised (lower-case) values,
 * matching the unique indexes.
 */
export function usersRepository(db: Db, prisma?: PrismaClient) {
  const model = () => modelApi(prisma).user;
  const findById = (id: string): Promise<UserRecord | null> =>
    model().findFirst({ where: { id, disabledAt: null }, select });
  return {
    findByEmail(email: string): Promise<UserRecord | null> {
      return model().findFirst({ where: { email, disabledAt: null }, select });
    },

    findById,

    async adminExists(): Promise<boolean> {
      return (await model().count({ where: { roles: { has: "admin" } } })) > 0;
    },

    /**
     * Which unique value is already taken, if any (disabled accounts keep theirs); the username
     * first, since a taken username may be said and a taken email may not.
     */
    async findTaken(
      email: string,
      username: string | null,
    ): Promise<"email" | "username" | undefined> {
      if (username !== null && (await model().count({ where: { username } })) > 0)
        return "username";
      if ((await model().count({ where: { email } })) > 0) return "email";
      return undefined;
    },

    /** The id of the account holding `email`, disabled ones included; null when none does. */
    async ownerOfEmail(email: string): Promise<string | null> {
      return (await model().findFirst({ where: { email }, select: { id: true } }))?.id ?? null;
    },

    /** False when the email or username (any letter case) or the id is already taken. */
    async insert(user: UserRecord): Promise<boolean> {
      const row = await queryOne(db, insertUser, [
        user.id,
        user.email,
        user.username,
        user.displayName,
        user.passwordHash,
        user.roles,
        user.emailVerified,
        user.createdAt,
      ]);
      return row !== undefined;
    },

    async markEmailVerified(id: string, at: Date): Promise<void> {
      await execute(db, markEmailVerified, [id, at]);
    },

    async setPasswordHash(id: string, passwordHash: string, at: Date): Promise<void> {
      await execute(db, setPasswordHash, [id, passwordHash, at]);
    },

    /** Disables an active account; false when it is unknown or already disabled. */
    async disable(id: string, at: Date): Promise<boolean> {
      return (await execute(db, disable, [id, at])) === 1;
    },

    /** Sets the username unless another account holds it; false when nothing changed. */
    async adoptUsername(id: string, username: string | null): Promise<boolean> {
      return (await execute(db, adoptUsername, [id, username])) === 1;
    },

    /** The stored username (null when none); undefined when there is no such account. */
    async usernameOf(id: string): Promise<string | null | undefined> {
      return (await queryOne(db, usernameOf, [id]))?.username;
    },
  };
}
