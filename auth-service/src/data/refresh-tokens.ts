import { randomUUID } from "node:crypto";
import { execute, modelApi, statement, type Db } from "@turnout/kit";
import type { PrismaClient } from "../generated/prisma/client";

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
}

export type ConsumeResult =
  | { outcome: "consumed"; userId: string; familyId: string }
  | { outcome: "reused"; familyId: string }
  | { outcome: "invalid" };

// Someone else's token is left alone: the family is revoked only when the presented token
// belongs to the caller.
const revokeOwnedFamily = statement(
  "auth_refresh_tokens_revoke_owned_family",
  `UPDATE refresh_tokens SET revoked_at = $3::timestamptz
   WHERE family_id = (SELECT family_id FROM refresh_tokens
                      WHERE token_hash = $1::text AND user_id = $2::uuid)
     AND revoked_at IS NULL`,
);

const revokeAllOf = statement(
  "auth_refresh_tokens_revoke_all_of",
  `UPDATE refresh_tokens SET revoked_at = $2::timestamptz
   WHERE user_id = $1::uuid AND revoked_at IS NULL`,
);

/** Refresh tokens: one row per token ever issued (only its hash); a family is one session. */
export function refreshTokensRepository(db: Db, prisma?: PrismaClient) {
  const model = () => modelApi(prisma).refreshToken;
  return {
    async insert(token: NewRefreshToken): Promise<void> {
      await model().create({ data: { id: randomUUID(), ...token } });
    },

    /**
     * Marks a refresh token used if it is live. The conditional update is the lock: of two
     * requests presenting the same token, exactly one consumes it and the other sees a re-use.
     */
    async consume(tokenHash: string, now = new Date()): Promise<ConsumeResult> {
      const { count } = await model().updateMany({
        where: { tokenHash, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      const row = await model().findUnique({
        where: { tokenHash },
        select: { userId: true, familyId: true, usedAt: true },
      });
      if (!row) return { outcome: "invalid" };
      if (count === 1) return { outcome: "consumed", userId: row.userId, familyId: row.familyId };
      // A used token presented again: someone holds a copy, so nothing in the family is trusted.
      if (row.usedAt !== null) return { outcome: "reused", familyId: row.familyId };
      return { outcome: "invalid" };
    },

    async revokeFamily(familyId: string, now = new Date()): Promise<void> {
      await model().updateMany({
        where: { familyId, revokedAt: null },
        data: { revokedAt: now },
      });
    },

    /** Revokes the family of the token with this hash, if the token belongs to `userId`. */
    async revokeOwnedFamily(tokenHash: string, userId: string, at: Date): Promise<void> {
      await execute(db, revokeOwnedFamily, [tokenHash, userId, at]);
    },

    /** Revokes every session of the user. */
    async revokeAllOf(userId: string, at: Date): Promise<void> {
      await execute(db, revokeAllOf, [userId, at]);
    },
  };
}
