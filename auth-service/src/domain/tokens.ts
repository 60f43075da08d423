import { createHash, randomBytes, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { ACCESS_TOKEN_TYPE } from "@turnout/kit";
import type { SigningKey } from "../data/signing-key";

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface AccessTokenSubject {
  userId: string;
  roles: string[];
  /** The session (refresh-token family, or API token) the token belongs to: its `sid` claim. */
  sessionId: string;
  /** An API token's scopes: the `scope` claim (space separated); none for a session's token. */
  scopes?: readonly string[];
}

/**
 * An RFC 9068 access token, exactly what the kit's `createTokenVerifier` accepts. `sid` names
 * the session, so ending one session (a re-used refresh token) revokes exactly its tokens.
 */
export async function mintAccessToken(
  key: SigningKey,
  settings: AccessTokenSettings,
  subject: AccessTokenSubject,
  now = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const scope = subject.scopes === undefined ? {} : { scope: subject.scopes.join(" ") };
  return new SignJWT({
    roles: subject.roles,
    token_use: "access",
    sid: subject.sessionId,
    ...scope,
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(subject.userId)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + settings.ttlSeconds)
    .sign(key.privateKey);
}

/** 256 random bits: unguessable, so a fast hash is enough to store it (unlike a password). */
export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
