import { setTimeout as sleep } from "node:timers/promises";
import { createEvent, passwordResetRequestedV1, TOPICS } from "@turnout/contracts";
import { badRequest, tooManyRequests } from "@turnout/kit";
import type { AuthSettings } from "../config";
import type { ServiceDatabase } from "../data/database";
import { sessionsRevokedEvent } from "./sessions-revoked";
import { EVENT_SOURCE, normaliseEmail } from "./accounts";
import { hashPassword } from "./passwords";
import { throttleWait, type ThrottleKey } from "./throttle-rules";
import { hashRefreshToken, newRefreshToken } from "./tokens";

export interface OneTimeTokenDeps {
  data: ServiceDatabase;
  settings: AuthSettings;
}

/**
 * A single-use secret: 32 random bytes, base64url (the same shape as a refresh token). Only
 * its SHA-256 is stored; a fast hash is enough for 256 unguessable bits.
 */
export function newOneTimeToken(): { token: string; hash: string } {
  const token = newRefreshToken();
  return { token, hash: hashRefreshToken(token) };
}

/** One reply for every token that does not work: unknown, used, expired or another purpose. */
const invalidToken = () =>
  badRequest("invalid_token", "The token is invalid, expired or already used.");

/** Spends the token and marks the address verified, in one unit of work. */
export async function verifyEmail(deps: OneTimeTokenDeps, token: string): Promise<void> {
  const tokenHash = hashRefreshToken(token);
  const now = new Date();
  const verified = await deps.data.transaction(async (tx) => {
    const userId = await tx.oneTimeTokens.spend("email_verification", tokenHash, now);
    if (userId === null) return false;
    await tx.users.markEmailVerified(userId, now);
    return true;
  });
  if (!verified) throw invalidToken();
}

/**
 * Answers the same (202) for any email. Every request counts against the email's and the
 * address's budget (known or not), and a token is always generated and hashed; only a known
 * account gets the token row and the `password-reset-requested` event (one transaction).
 */
export async function requestPasswordReset(
  deps: OneTimeTokenDeps,
  rawEmail: string,
  clientAddress: string,
): Promise<void> {
  const { data, settings } = deps;
  const email = normaliseEmail(rawEmail);
  const keys: ThrottleKey[] = [
    { scope: "reset-email", subject: email, limit: settings.resetThrottle.maxPerEmail },
    { scope: "reset-address", subject: clientAddress, limit: settings.resetThrottle.maxPerAddress },
  ];
  const window = settings.throttle.windowSeconds;
  const wait = throttleWait(await data.repos.loginThrottle.countersOf(keys), keys, window);
  if (wait > 0)
    throw tooManyRequests(wait, "too_many_requests", "Too many password-reset requests.");
  await data.repos.loginThrottle.recordFailure(keys, window);

  const user = await data.repos.users.findByEmail(email);
  const { token, hash } = newOneTimeToken();
  if (!user) return;
  const requestedAt = new Date();
  const expiresAt = new Date(requestedAt.getTime() + settings.passwordResetTtlSeconds * 1000);
  const event = createEvent(passwordResetRequestedV1, {
    source: EVENT_SOURCE,
    time: requestedAt,
    data: {
      user_id: user.id,
      email: user.email,
      display_name: user.displayName,
      token,
      expires_at: expiresAt.toISOString(),
      requested_at: requestedAt.toISOString(),
    },
  });
  await data.transaction(async (tx) => {
    await tx.oneTimeTokens.insert(
      { userId: user.id, purpose: "password_reset", tokenHash: hash, expiresAt },
      requestedAt,
    );
    await tx.outbox.enqueue(TOPICS.passwordResetRequested, event);
  });
}

/**
 * Sets the new password and ends every session: in one transaction the token is spent, the
 * hash replaced, every other live reset token of the user spent, every refresh-token family
 * revoked and `turnout.user.sessions-revoked.v1`
 * written to the outbox, so every service rejects the user's access tokens issued up to now.
 * `iat` has whole seconds and the lists revoke a token whose second contains the instant, so
 * the reply waits for the next second: a login after it gets a token that is not revoked.
 */
export async function confirmPasswordReset(
  deps: OneTimeTokenDeps,
  token: string,
  newPassword: string,
): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  const tokenHash = hashRefreshToken(token);
  const revokedBefore = new Date();
  const done = await deps.data.transaction(async (tx) => {
    const userId = await tx.oneTimeTokens.spend("password_reset", tokenHash, revokedBefore);
    if (userId === null) return false;
    await tx.users.setPasswordHash(userId, passwordHash, revokedBefore);
    // The link came by mail, so the address is confirmed too: an account whose verification
    // mail was lost gets signed in this way (README "Registration").
    await tx.users.markEmailVerified(userId, revokedBefore);
    await tx.oneTimeTokens.spendAllOf(userId, "password_reset", revokedBefore);
    await tx.refreshTokens.revokeAllOf(userId, revokedBefore);
    await tx.outbox.enqueue(
      TOPICS.tokenRevoked,
      sessionsRevokedEvent(userId, revokedBefore, "password_reset"),
    );
    return true;
  });
  if (!done) throw invalidToken();
  const nextSecond = (Math.floor(revokedBefore.getTime() / 1000) + 1) * 1000;
  await sleep(Math.max(0, nextSecond - Date.now()));
}
