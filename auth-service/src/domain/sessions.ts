import { randomUUID } from "node:crypto";
import { tooManyRequests, unauthorized } from "@turnout/kit";
import type { AuthSettings } from "../config";
import type { ServiceDatabase } from "../data/database";
import type { NewRefreshToken } from "../data/refresh-tokens";
import type { SigningKeySource } from "../data/signing-key";
import { normaliseEmail, normaliseUsername } from "./accounts";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { throttleWait, type ThrottleKey } from "./throttle-rules";
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

const invalidCredentials = () =>
  unauthorized("invalid_credentials", "The email, username or password is not correct.");
const invalidRefreshToken = () =>
  unauthorized("invalid_refresh_token", "The refresh token is invalid, expired or already used.");

export async function login(
  deps: SessionDeps,
  input: LoginInput,
  clientAddress: string,
): Promise<TokenPair> {
  const { data, settings } = deps;
  const lookup =
    input.email !== undefined
      ? { email: normaliseEmail(input.email) }
      : { username: normaliseUsername(input.username) };
  // Known accounts are counted by id (email and username share one budget); unknown ones by
  // what was typed, under the same limit, so throttling reveals nothing about existence.
  const unknownSubject =
    lookup.email !== undefined ? `email:${lookup.email}` : `username:${lookup.username}`;
  // One round trip: the account and both throttle counters.
  const { user, accountSubject, counters } = await data.repos.logins.readState(
    lookup,
    unknownSubject,
    clientAddress,
  );
  const keys: ThrottleKey[] = [
    { scope: "account", subject: accountSubject, limit: settings.throttle.maxPerAccount },
    { scope: "address", subject: clientAddress, limit: settings.throttle.maxPerAddress },
  ];
  const wait = throttleWait(counters, keys, settings.throttle.windowSeconds);
  if (wait > 0) throw tooManyRequests(wait, "too_many_requests", "Too many failed logins.");

  const passwordHash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(passwordHash, input.password);
  if (!user || !matches) {
    // One round trip: every key's counter.
    await data.repos.loginThrottle.recordFailure(keys, settings.throttle.windowSeconds);
    throw invalidCredentials();
  }
  const { pair, stored } = await newTokens(deps, user, randomUUID());
  // One round trip: clear the account's counter and store the refresh token.
  await data.repos.logins.recordSuccess(accountSubject, stored);
  return pair;
}

/**
 * Rotation: the presented token is spent and a new one of the same family replaces it. A spent
 * token presented again revokes the family, which also ends the session of whoever holds the
 * newest token (the thief or the user; the server cannot tell which).
 */
export async function refresh(deps: SessionDeps, refreshToken: string): Promise<TokenPair> {
  const { refreshTokens, users } = deps.data.repos;
  const result = await refreshTokens.consume(hashRefreshToken(refreshToken));
  switch (result.outcome) {
    case "reused":
      await refreshTokens.revokeFamily(result.familyId);
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

async function issueTokens(
  deps: SessionDeps,
  user: { id: string; roles: string[] },
  familyId: string,
): Promise<TokenPair> {
  const { pair, stored } = await newTokens(deps, user, familyId);
  await deps.data.repos.refreshTokens.insert(stored);
  return pair;
}

/** A signed access token and a new refresh token of `familyId`, with the row that stores it. */
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
    { userId: user.id, roles: user.roles },
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
