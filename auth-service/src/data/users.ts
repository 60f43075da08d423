import { enqueueEvent, type OutboxEvent } from "@turnout/kit";
import { Prisma } from "../generated/prisma/client";
import type { Database } from "./database";
import { insertOneTimeToken, type NewOneTimeToken } from "./one-time-tokens";

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

export type NewUser = Omit<UserRecord, "createdAt"> & { createdAt: Date };

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

/**
 * Active accounts only: a disabled (deleted) account cannot log in, refresh, reset its password
 * or be given roles. Callers pass normalised (lower-case) values, matching the unique indexes.
 */
export function findUserByEmail(db: Database, email: string): Promise<UserRecord | null> {
  return db.user.findFirst({ where: { email, disabledAt: null }, select });
}

export function findUserById(db: Database, id: string): Promise<UserRecord | null> {
  return db.user.findFirst({ where: { id, disabledAt: null }, select });
}

export async function adminExists(db: Database): Promise<boolean> {
  return (await db.user.count({ where: { roles: { has: "admin" } } })) > 0;
}

/** Which unique value is already taken, if any. */
export async function findTaken(
  db: Database,
  email: string,
  username: string | null,
): Promise<"email" | "username" | undefined> {
  // Disabled accounts included: their email and username stay taken.
  if ((await db.user.count({ where: { email } })) > 0) return "email";
  if (username !== null && (await db.user.count({ where: { username } })) > 0) return "username";
  return undefined;
}

export class UniqueViolation extends Error {
  constructor(readonly field: "email" | "username") {
    super(`${field} taken`);
    this.name = "UniqueViolation";
  }
}

/**
 * The user row and its `user-registered` outbox row in one transaction: either both exist or
 * neither does, so no consumer hears of an account that was rolled back. `verification`, when
 * given, adds the email-verification token row and its event to the same transaction.
 */
export async function insertUserWithEvent(
  db: Database,
  schema: string,
  user: NewUser,
  topic: string,
  event: OutboxEvent,
  verification?: { token: NewOneTimeToken; topic: string; event: OutboxEvent },
): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      await tx.user.create({ data: { ...user, updatedAt: user.createdAt } });
      await enqueueEvent(tx, schema, topic, event);
      if (verification) {
        await insertOneTimeToken(tx, verification.token, user.createdAt);
        await enqueueEvent(tx, schema, verification.topic, verification.event);
      }
    });
  } catch (error) {
    // A concurrent registration won the race past the caller's pre-check.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const taken = await findTaken(db, user.email, user.username);
      if (taken) throw new UniqueViolation(taken);
    }
    throw error;
  }
}

/** Replaces a user's roles; null when no such user exists. */
export async function setUserRoles(
  db: Database,
  id: string,
  roles: string[],
): Promise<UserRecord | null> {
  const { count } = await db.user.updateMany({
    where: { id, disabledAt: null },
    data: { roles, updatedAt: new Date() },
  });
  return count === 0 ? null : findUserById(db, id);
}
