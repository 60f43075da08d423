import { parseEvent, TOPICS, userDeletedV1 } from "@turnout/contracts";
import { enqueueEvent, onEvent, quoteIdent, type EventHandler } from "@turnout/kit";
import { sessionsRevokedEvent } from "../domain/sessions-revoked";

/** The topics auth consumes as a work group (`auth-service`). */
export const CONSUMED_TOPICS = [TOPICS.userDeleted, TOPICS.userProfileUpdated];

/**
 * `user-deleted`: the account is disabled (no login, refresh or reset; its email stays taken),
 * every refresh token is revoked, and `sessions-revoked` goes out in the same transaction so
 * every service rejects the access tokens already issued. A redelivery finds it disabled.
 */
export function userDeletedHandler(schema: string): EventHandler {
  const s = quoteIdent(schema);
  return onEvent(
    userDeletedV1.type,
    (raw) => parseEvent(userDeletedV1, raw),
    async (event, tx) => {
      const userId = event.data.user_id;
      const disabled = await tx.$executeRawUnsafe(
        `UPDATE ${s}.users SET disabled_at = now(), updated_at = now()
         WHERE id = $1::uuid AND disabled_at IS NULL`,
        userId,
      );
      if (disabled === 0) return;
      await tx.$executeRawUnsafe(
        `UPDATE ${s}.refresh_tokens SET revoked_at = now()
         WHERE user_id = $1::uuid AND revoked_at IS NULL`,
        userId,
      );
      await enqueueEvent(
        tx,
        schema,
        TOPICS.tokenRevoked,
        sessionsRevokedEvent(userId, new Date(), "account_deleted"),
      );
    },
  );
}
