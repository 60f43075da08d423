import { randomUUID } from "node:crypto";
import { enqueueEvent, type OutboxEvent } from "@turnout/kit";
import type { Database } from "./database";

export type OneTimeTokenPurpose = "email_verification" | "password_reset";

export interface NewOneTimeToken {
  userId: string;
  purpose: OneTimeTokenPurpose;
  tokenHash: string;
  expiresAt: Date;
}

/** A transaction client, so the token row joins the caller's transaction. */
type Tx = Parameters<Parameters<Database["$transaction"]>[0]>[0];

export async function insertOneTimeToken(
  tx: Tx | Database,
  token: NewOneTimeToken,
  now = new Date(),
): Promise<void> {
  await tx.oneTimeToken.create({ data: { id: randomUUID(), ...token, createdAt: now } });
}

/** The token row and the event that mails it, in one transaction. */
export async function insertOneTimeTokenWithEvent(
  db: Database,
  schema: string,
  token: NewOneTimeToken,
  topic: string,
  event: OutboxEvent,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await insertOneTimeToken(tx, token);
    await enqueueEvent(tx, schema, topic, event);
  });
}

/**
 * Spends a live token of `purpose` inside `tx`: the conditional update is the lock, so of two
 * requests presenting the same token exactly one gets the user id. Null for an unknown, used,
 * expired or other-purpose token.
 */
export async function spendOneTimeToken(
  tx: Tx,
  purpose: OneTimeTokenPurpose,
  tokenHash: string,
  now = new Date(),
): Promise<string | null> {
  const { count } = await tx.oneTimeToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  const row = await tx.oneTimeToken.findUnique({ where: { tokenHash }, select: { userId: true } });
  return row?.userId ?? null;
}

/** Email verification: spends the token and marks the address verified, atomically. */
export async function verifyEmailWithToken(
  db: Database,
  tokenHash: string,
  now = new Date(),
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const userId = await spendOneTimeToken(tx, "email_verification", tokenHash, now);
    if (userId === null) return false;
    await tx.user.update({ where: { id: userId }, data: { emailVerified: true, updatedAt: now } });
    return true;
  });
}

/**
 * Password reset in one transaction: spends the token, stores the new hash, spends every other
 * reset token of the user, revokes every refresh-token family of the user and writes the
 * sessions-revoked outbox row (built by `event` from the user id). False when the token is not
 * live; nothing is changed then.
 */
export async function resetPasswordWithToken(
  db: Database,
  schema: string,
  input: {
    tokenHash: string;
    passwordHash: string;
    topic: string;
    event: (userId: string) => OutboxEvent;
  },
  now = new Date(),
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const userId = await spendOneTimeToken(tx, "password_reset", input.tokenHash, now);
    if (userId === null) return false;
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash: input.passwordHash, updatedAt: now },
    });
    await tx.oneTimeToken.updateMany({
      where: { userId, purpose: "password_reset", usedAt: null },
      data: { usedAt: now },
    });
    await tx.refreshToken.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: now },
    });
    await enqueueEvent(tx, schema, input.topic, input.event(userId));
    return true;
  });
}
