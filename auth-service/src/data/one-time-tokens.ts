import { randomUUID } from "node:crypto";
import { execute, queryOne, statement, type Db } from "@turnout/kit";

export type OneTimeTokenPurpose = "email_verification" | "password_reset";

export interface NewOneTimeToken {
  userId: string;
  purpose: OneTimeTokenPurpose;
  tokenHash: string;
  expiresAt: Date;
}

const insertToken = statement(
  "auth_one_time_tokens_insert",
  `INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, expires_at, created_at)
   VALUES ($1::uuid, $2::uuid, $3, $4, $5::timestamptz, $6::timestamptz)`,
);

// The conditional update is the lock: of two requests presenting the same token exactly one
// gets a row back.
const spendToken = statement<{ user_id: string }>(
  "auth_one_time_tokens_spend",
  `UPDATE one_time_tokens SET used_at = $3::timestamptz
   WHERE token_hash = $1::text AND purpose = $2::text AND used_at IS NULL
     AND expires_at > $3::timestamptz
   RETURNING user_id::text`,
);

const spendAllOf = statement(
  "auth_one_time_tokens_spend_all_of",
  `UPDATE one_time_tokens SET used_at = $3::timestamptz
   WHERE user_id = $1::uuid AND purpose = $2::text AND used_at IS NULL`,
);

/** Email-verification and password-reset tokens (only their SHA-256 is stored). */
export function oneTimeTokensRepository(db: Db) {
  return {
    async insert(token: NewOneTimeToken, now = new Date()): Promise<void> {
      await execute(db, insertToken, [
        randomUUID(),
        token.userId,
        token.purpose,
        token.tokenHash,
        token.expiresAt,
        now,
      ]);
    },

    /**
     * Spends a live token of `purpose`; its user id, or null for an unknown, used, expired or
     * other-purpose token.
     */
    async spend(
      purpose: OneTimeTokenPurpose,
      tokenHash: string,
      now = new Date(),
    ): Promise<string | null> {
      return (await queryOne(db, spendToken, [tokenHash, purpose, now]))?.user_id ?? null;
    },

    /** Spends every live token of `purpose` of the user. */
    async spendAllOf(
      userId: string,
      purpose: OneTimeTokenPurpose,
      now = new Date(),
    ): Promise<void> {
      await execute(db, spendAllOf, [userId, purpose, now]);
    },
  };
}
