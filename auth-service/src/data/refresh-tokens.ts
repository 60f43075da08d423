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
  | { outcome: "reused"; userId: string; familyId: string }
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

// The next token of a family, unless the family was revoked meanwhile (a re-use detected, a
// logout, a reset): then nothing is inserted, so a refresh racing its family's revocation
// cannot leave a live token behind.
const insertIntoLiveFamily = statement(
  "auth_refresh_tokens_insert_into_live_family",
  `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
   SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::timestamptz
   WHERE NOT EXISTS (SELECT 1 FROM refresh_tokens
                     WHERE family_id = $3::uuid AND revoked_at IS NOT NULL)`,
);

const revokeFamily = statement(
  "auth_refresh_tokens_revoke_family",
  `UPDATE refresh_tokens SET revoked_at = $2::timestamptz
   WHERE family_id = $1::uuid AND revoked_at IS NULL`,
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
    /** Stores the family's next token; false (nothing stored) when the family was revoked. */
    async insertIntoLiveFamily(token: NewRefreshToken): Promise<boolean> {
      const { userId, familyId, tokenHash, expiresAt } = token;
      const params = [randomUUID(), userId, familyId, tokenHash, expiresAt];
      return (await execute(db, insertIntoLiveFamily, params)) === 1;
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
      if (row.usedAt !== null)
        return { outcome: "reused", userId: row.userId, familyId: row.familyId };
      return { outcome: "invalid" };
    },

    /** Revokes every token of the family (one statement, so it may run in a unit of work). */
    async revokeFamily(familyId: string, at: Date): Promise<void> {
      await execute(db, revokeFamily, [familyId, at]);
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
