import { randomUUID } from "node:crypto";
import { enqueueEvent, type OutboxEvent } from "@turnout/kit";
import type { Database } from "./database";

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

export async function insertRefreshToken(db: Database, token: NewRefreshToken): Promise<void> {
  await db.refreshToken.create({ data: { id: randomUUID(), ...token } });
}

export type ConsumeResult =
  | { outcome: "consumed"; userId: string; familyId: string }
  | { outcome: "reused"; familyId: string }
  | { outcome: "invalid" };

/**
 * Marks a refresh token used if it is live. The conditional update is the lock: of two
 * requests presenting the same token, exactly one consumes it and the other sees a re-use.
 */
export async function consumeRefreshToken(
  db: Database,
  tokenHash: string,
  now = new Date(),
): Promise<ConsumeResult> {
  const { count } = await db.refreshToken.updateMany({
    where: { tokenHash, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const row = await db.refreshToken.findUnique({
    where: { tokenHash },
    select: { userId: true, familyId: true, usedAt: true, revokedAt: true },
  });
  if (!row) return { outcome: "invalid" };
  if (count === 1) return { outcome: "consumed", userId: row.userId, familyId: row.familyId };
  // A used token presented again: someone holds a copy, so nothing in the family is trusted.
  if (row.usedAt !== null) {
    return { outcome: "reused", familyId: row.familyId };
  }
  return { outcome: "invalid" };
}

export async function revokeFamily(
  db: Database,
  familyId: string,
  now = new Date(),
): Promise<void> {
  await db.refreshToken.updateMany({
    where: { familyId, revokedAt: null },
    data: { revokedAt: now },
  });
}

/**
 * Logout in one transaction: revokes the session family of the presented refresh token when it
 * belongs to `userId` (someone else's token is left alone), and writes the `token-revoked`
 * outbox row, so the revocation is announced exactly when the session ends.
 */
export async function revokeSessionWithEvent(
  db: Database,
  schema: string,
  input: { userId: string; refreshTokenHash?: string; topic: string; event: OutboxEvent },
  now = new Date(),
): Promise<void> {
  await db.$transaction(async (tx) => {
    if (input.refreshTokenHash !== undefined) {
      const row = await tx.refreshToken.findUnique({
        where: { tokenHash: input.refreshTokenHash },
        select: { userId: true, familyId: true },
      });
      if (row?.userId === input.userId) {
        await tx.refreshToken.updateMany({
          where: { familyId: row.familyId, revokedAt: null },
          data: { revokedAt: now },
        });
      }
    }
    await enqueueEvent(tx, schema, input.topic, input.event);
  });
}
