import { randomUUID } from "node:crypto";
import { TOPICS } from "@turnout/contracts";
import { tooManyRequests, unauthorized } from "@turnout/kit";
import type { AuthSettings } from "../config";
import type { ServiceDatabase } from "../data/database";
import type { NewRefreshToken } from "../data/refresh-tokens";
import type { SigningKeySource } from "../data/signing-key";
import { normaliseEmail, normaliseUsername } from "./accounts";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { sessionsRevokedEvent } from "./sessions-revoked";
import { currentFailures, slowDownMs, throttleWait, type ThrottleKey } from "./throttle-rules";
import { hashRefreshToken, mintAccessToken, newRefreshToken } from "./tokens";

export interface SessionDeps {
  data: ServiceDatabase;
  signingKey: SigningKeySource;
  settings: AuthSettings;
}

/** The OAuth-style token reply of `/login` and `/refresh`. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  expiresIn: number;
}

export type LoginInput =
  | { email: string; username?: undefined; password: string }
  | { username: string; email?: undefined; password: string };

const invalidCredentials = (settings: AuthSettings) =>
  unauthorized(
    "invalid_credentials",
    settings.requireVerifiedEmail
      ? "The email, username or password is not correct, or the email address is not confirmed yet (open the link we mailed you)."
      : "The email, username or password is not correct.",
  );
const invalidRefreshToken = () =>
  unauthorized("invalid_refresh_token", "The refresh token is invalid, expired or already used.");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Login throttling (README "Login throttling"). Every counter is keyed by what was typed (the
 * normalised email or username), never by the account behind it: a reply to an email never
 * depends on failures by username, and an unknown account is counted like a known one.
 * - 429 only for the caller's own address: too many failures of this identifier from this
 *   address, or of anything from this address;
 * - failures of this identifier from anywhere only slow its next failures down: the right
 *   password is never refused because of what others sent from elsewhere.
 */
export async function login(
  deps: SessionDeps,
  input: LoginInput,
  clientAddress: string,
): Promise<TokenPair> {
  const { data, settings } = deps;
  const { throttle } = settings;
  const lookup =
    input.email !== undefined
      ? { email: normaliseEmail(input.email) }
      : { username: normaliseUsername(input.username) };
  const identifier =
    lookup.email !== undefined ? `email:${lookup.email}` : `username:${lookup.username}`;
  // A client address never contains "|", so the pair subject is unambiguous.
  const subjects = {
    account: identifier,
    accountAddress: `${clientAddress}|${identifier}`,
    address: clientAddress,
  };
  // One round trip: the account and the three counters.
  const { user, counters } = await data.repos.logins.readState(lookup, subjects);
  const refusing: ThrottleKey[] = [
    {
      scope: "account-address",
      subject: subjects.accountAddress,
      limit: throttle.maxPerAccountAddress,
    },
    { scope: "address", subject: subjects.address, limit: throttle.maxPerAddress },
  ];
  const wait = throttleWait(counters, refusing, throttle.windowSeconds);
  if (wait > 0) throw tooManyRequests(wait, "too_many_requests", "Too many failed logins.");

  const passwordHash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(passwordHash, input.password);
  // An unverified account is refused with the reply of a wrong password when the setting asks
  // for it: otherwise "sign up, then log in" would tell whether an email was taken (item 7).
  if (!user || !matches || (settings.requireVerifiedEmail && !user.emailVerified)) {
    const failures = currentFailures(
      counters.find((c) => c.scope === "account"),
      throttle.windowSeconds,
    );
    // One round trip: every key's counter. Then the identifier's slow-down, if any.
    await data.repos.loginThrottle.recordFailure(
      [{ scope: "account", subject: subjects.account }, ...refusing],
      throttle.windowSeconds,
    );
    await sleep(slowDownMs(failures, throttle.slowDown));
    throw invalidCredentials(settings);
  }
  const { pair, stored } = await newTokens(deps, user, randomUUID());
  // One round trip: clear this address's counter of the identifier and store the refresh token.
  await data.repos.logins.recordSuccess(subjects.accountAddress, stored);
  return pair;
}

/**
 * Rotation: the presented token is spent and a new one of the same family replaces it. A spent
 * token presented again revokes the family, which also ends the session of whoever holds the
 * newest token (the thief or the user; the server cannot tell which), and the session's access
 * tokens with it: `sessions-revoked` naming the session (`sid`) goes to the outbox in the same
 * unit of work, so every service refuses them within seconds instead of until they expire.
 */
export async function refresh(deps: SessionDeps, refreshToken: string): Promise<TokenPair> {
  const { refreshTokens, users } = deps.data.repos;
  const result = await refreshTokens.consume(hashRefreshToken(refreshToken));
  switch (result.outcome) {
    case "reused":
      await endSession(deps, result.userId, result.familyId);
      throw invalidRefreshToken();
    case "invalid":
      throw invalidRefreshToken();
    case "consumed": {
      const user = await users.findById(result.userId);
      if (!user) throw invalidRefreshToken();
      return issueTokens(deps, user, result.familyId);
    }
  }
}

/** Revokes a session: its refresh tokens, and (via `token-revoked`) its access tokens. */
async function endSession(deps: SessionDeps, userId: string, familyId: string): Promise<void> {
  const now = new Date();
  const event = sessionsRevokedEvent(userId, now, "refresh_token_reused", familyId);
  await deps.data.transaction(async (tx) => {
    await tx.refreshTokens.revokeFamily(familyId, now);
    await tx.outbox.enqueue(TOPICS.tokenRevoked, event);
  });
}

async function issueTokens(
  deps: SessionDeps,
  user: { id: string; roles: string[] },
  familyId: string,
): Promise<TokenPair> {
  const { pair, stored } = await newTokens(deps, user, familyId);
  // The family was revoked while this refresh ran (a re-use elsewhere): nothing is issued.
  if (!(await deps.data.repos.refreshTokens.insertIntoLiveFamily(stored)))
    throw invalidRefreshToken();
  return pair;
}

/**
 * A signed access token of session `familyId` (its `sid`) and a new refresh token of that
 * family, with the row that stores it.
 */
async function newTokens(
  deps: SessionDeps,
  user: { id: string; roles: string[] },
  familyId: string,
): Promise<{ pair: TokenPair; stored: NewRefreshToken }> {
  const { settings } = deps;
  const accessToken = await mintAccessToken(
    await deps.signingKey.current(),
    {
      issuer: settings.issuer,
      audience: settings.audience,
      ttlSeconds: settings.accessTokenTtlSeconds,
    },
    { userId: user.id, roles: user.roles, sessionId: familyId },
  );
  const refreshToken = newRefreshToken();
  return {
    pair: {
      accessToken,
      refreshToken,
      tokenType: "Bearer",
      expiresIn: settings.accessTokenTtlSeconds,
    },
    stored: {
      userId: user.id,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + settings.refreshTokenTtlSeconds * 1000),
    },
  };
}
