import { parseEvent, TOPICS, userDeletedV1 } from "@turnout/contracts";
import { onEvent, type EventHandler } from "@turnout/kit";
import type { Repositories } from "../data/repositories";
import { sessionsRevokedEvent } from "../domain/sessions-revoked";

/** The topics auth consumes as a work group (`auth-service`). */
export const CONSUMED_TOPICS = [TOPICS.userDeleted, TOPICS.userProfileUpdated];

/**
 * `user-deleted`: the account is disabled (no login, refresh or reset; its email stays taken),
 * every refresh token is revoked, and `sessions-revoked` goes out in the same unit of work so
 * every service rejects the access tokens already issued. A redelivery finds it disabled.
 */
export function userDeletedHandler(): EventHandler<Repositories> {
  return onEvent(
    userDeletedV1.type,
    (raw) => parseEvent(userDeletedV1, raw),
    async (event, tx) => {
      const userId = event.data.user_id;
      const now = new Date();
      if (!(await tx.users.disable(userId, now))) return;
      await tx.refreshTokens.revokeAllOf(userId, now);
      await tx.outbox.enqueue(
        TOPICS.tokenRevoked,
        sessionsRevokedEvent(userId, now, "account_deleted"),
      );
    },
  );
}
