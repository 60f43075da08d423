import { createEvent, TOPICS, tokenRevokedV1 } from "@turnout/contracts";
import type { Principal } from "@turnout/kit";
import type { ServiceDatabase } from "../data/database";
import { EVENT_SOURCE } from "./accounts";
import { hashRefreshToken } from "./tokens";

export interface LogoutDeps {
  data: ServiceDatabase;
}

/**
 * Ends a session at once: the refresh token's family (when given, and only the caller's) is
 * revoked, and `token-revoked` for the presented access token goes to the outbox in the same
 * unit of work. Every instance of every service adds the `jti` to its revocation list from that
 * event, so the access token stops working everywhere, this service included, well before its
 * `exp`.
 */
export async function logout(
  deps: LogoutDeps,
  principal: Principal,
  refreshToken?: string,
): Promise<void> {
  const revokedAt = new Date();
  const event = createEvent(tokenRevokedV1, {
    source: EVENT_SOURCE,
    time: revokedAt,
    data: {
      jti: principal.tokenId,
      user_id: principal.subject,
      expires_at: principal.expiresAt.toISOString(),
      revoked_at: revokedAt.toISOString(),
      reason: "logout",
    },
  });
  const tokenHash = refreshToken === undefined ? undefined : hashRefreshToken(refreshToken);
  await deps.data.transaction(async (tx) => {
    if (tokenHash !== undefined)
      await tx.refreshTokens.revokeOwnedFamily(tokenHash, principal.subject, revokedAt);
    await tx.outbox.enqueue(TOPICS.tokenRevoked, event);
  });
}
