import { createEvent, sessionsRevokedV1 } from "@turnout/contracts";
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from "../config";
import { EVENT_SOURCE } from "./accounts";

/** Why every (or one) session of an account ends. */
export type SessionsRevokedReason =
  | "password_reset"
  | "account_deleted"
  | "roles_changed"
  | "refresh_token_reused"
  | "api_token_revoked";

/**
 * `turnout.user.sessions-revoked.v1`: every access token of `userId` (only those of session
 * `sessionId`, their `sid`, when given) issued before `revokedBefore` is rejected everywhere;
 * verifiers may forget the entry once the longest access-token lifetime has passed.
 */
export function sessionsRevokedEvent(
  userId: string,
  revokedBefore: Date,
  reason: SessionsRevokedReason,
  sessionId?: string,
) {
  return createEvent(sessionsRevokedV1, {
    source: EVENT_SOURCE,
    time: revokedBefore,
    data: {
      user_id: userId,
      ...(sessionId !== undefined ? { session_id: sessionId } : {}),
      revoked_before: revokedBefore.toISOString(),
      expires_at: new Date(
        revokedBefore.getTime() + MAX_ACCESS_TOKEN_TTL_SECONDS * 1000,
      ).toISOString(),
      reason,
    },
  });
}
