import { randomUUID } from "node:crypto";
import { tooManyRequests, unauthorized } from "@turnout/kit";
import type { AuthSettings } from "../config";
import type { Database } from "../data/database";
import {
  clearAccountFailures,
  recordFailure,
  throttledFor,
  type ThrottleKey,
} from "../data/login-throttle";
import { consumeRefreshToken, insertRefreshToken, revokeFamily } from "../data/refresh-tokens";
import type { SigningKeySource } from "../data/signing-key";
import { findUserByEmail, findUserById, findUserByUsername } from "../data/users";
import { normaliseEmail, normaliseUsername } from "./accounts";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { hashRefreshToken, mintAccessToken, newRefreshToken } from "./tokens";

export interface SessionDeps {
  db: Database;
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
  const { db, settings } = deps;
  const user =
    input.email !== undefined
      ? await findUserByEmail(db, normaliseEmail(input.email))
      : await findUserByUsername(db, normaliseUsername(input.username));
  // Known accounts are counted by id (email and username share one budget); unknown ones by
  // what was typed, under the same limit, so throttling reveals nothing about existence.
  const accountSubject = user
    ? `user:${user.id}`
    : input.email !== undefined
      ? `email:${normaliseEmail(input.email)}`
      : `username:${normaliseUsername(input.username)}`;
  const keys: ThrottleKey[] = [
    { scope: "account", subject: accountSubject, limit: settings.throttle.maxPerAccount },
    { scope: "address", subject: clientAddress, limit: settings.throttle.maxPerAddress },
  ];
  const wait = await throttledFor(db, keys, settings.throttle.windowSeconds);
  if (wait > 0) throw tooManyRequests(wait, "too_many_requests", "Too many failed logins.");

  const passwordHash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(passwordHash, input.password);
  if (!user || !matches) {
    await recordFailure(db, settings.schema, keys, settings.throttle.windowSeconds);
    throw invalidCredentials();
  }
  await clearAccountFailures(db, accountSubject);
  return issueTokens(deps, user, randomUUID());
}

/**
 * Rotation: the presented token is spent and a new one of the same family replaces it. A spent
 * token presented again revokes the family, which also ends the session of whoever holds the
 * newest token (the thief or the user; the server cannot tell which).
 */
export async function refresh(deps: SessionDeps, refreshToken: string): Promise<TokenPair> {
  const result = await consumeRefreshToken(deps.db, hashRefreshToken(refreshToken));
  switch (result.outcome) {
    case "reused":
      await revokeFamily(deps.db, result.familyId);
      throw invalidRefreshToken();
    case "invalid":
      throw invalidRefreshToken();
    case "consumed": {
      const user = await findUserById(deps.db, result.userId);
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
  await insertRefreshToken(deps.db, {
    userId: user.id,
    familyId,
    tokenHash: hashRefreshToken(refreshToken),
    expiresAt: new Date(Date.now() + settings.refreshTokenTtlSeconds * 1000),
  });
  return {
    accessToken,
    refreshToken,
    tokenType: "Bearer",
    expiresIn: settings.accessTokenTtlSeconds,
  };
}
