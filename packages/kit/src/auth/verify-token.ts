import { errors, jwtVerify } from "jose";
import { z } from "zod";
import type { KeySource } from "./key-source";
import type { RevocationQuery } from "./revocation-list";
import { parseScopeClaim, type ApiScope } from "./scopes";

export const ROLES = ["attendee", "organizer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who a verified token speaks for: a person (access token) or a service (client credentials). */
export interface Principal {
  kind: "user" | "service";
  /** User id, or the calling service's name for service tokens. */
  subject: string;
  roles: Role[];
  tokenId: string;
  expiresAt: Date;
  /** The session (`sid` claim: the refresh-token family) a user's access token belongs to. */
  sessionId?: string;
  /**
   * The scopes of an API token's access token (`scope` claim, unknown ones dropped); absent
   * for a session's token, which may do whatever the roles allow.
   */
  scopes?: ApiScope[];
}

/** A token that must not be accepted; `reason` is for logs, never for the client. */
export class TokenRejectedError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`token rejected: ${reason}`, options);
    this.name = "TokenRejectedError";
  }
}

/** Asymmetric only: `none` and HMAC algorithms are never accepted, whatever the header says. */
export const TOKEN_ALGORITHMS = ["EdDSA", "ES256"] as const;
/** RFC 9068 header type of access tokens; service tokens use the same format. */
export const ACCESS_TOKEN_TYPE = "at+jwt";

const claims = z.object({
  sub: z.string().min(1).max(200),
  jti: z.string().min(1).max(200),
  exp: z.number(),
  iat: z.number(),
  roles: z.array(z.string()).default([]),
  token_use: z.enum(["access", "service"]).default("access"),
  sid: z.string().min(1).max(200).optional(),
  scope: z.string().max(2000).optional(),
});

export interface TokenVerifierOptions {
  keySource: KeySource;
  issuer: string;
  /** The audience this verifier accepts: the public API, or this service for internal routes. */
  audience: string;
  /** Which kinds of token open the routes behind this verifier. */
  accept: "user" | "service";
  /**
   * Whether a verified token is revoked: by its id, or as one of its subject's (or its
   * session's, `sid`) tokens issued (`iat`, seconds) before a revocation instant. The kit's
   * revocation list answers all three.
   */
  isRevoked?: (token: RevocationQuery) => boolean | Promise<boolean>;
  clockToleranceSeconds?: number;
  /**
   * Remember this many verified tokens (0: none). A caller that sends the same token on every
   * request (a service's client-credentials token) then costs one signature check per token,
   * not per request. A hit is kept only until the token expires and while the key set is the
   * one it was verified with; revocation is checked on every call.
   */
  cacheSize?: number;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

interface Verified {
  principal: Principal;
  keyVersion: number;
  claims: RevocationQuery;
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const cacheSize = options.cacheSize ?? 0;
  const cache = new Map<string, Verified>();
  const verify = verifyOnce(options);
  return async (token) => {
    if (cacheSize === 0) return (await verify(token)).principal;
    const hit = cache.get(token);
    if (
      hit &&
      hit.keyVersion === options.keySource.version() &&
      hit.principal.expiresAt.getTime() > Date.now()
    ) {
      if (await options.isRevoked?.(hit.claims)) throw new TokenRejectedError("revoked");
      return hit.principal;
    }
    cache.delete(token);
    const keyVersion = options.keySource.version();
    const verified = await verify(token);
    // The oldest entry makes room (a Map iterates in insertion order).
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(token, { ...verified, keyVersion });
    return verified.principal;
  };
}

function verifyOnce(
  options: TokenVerifierOptions,
): (token: string) => Promise<Omit<Verified, "keyVersion">> {
  return async (token) => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, options.keySource.getKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [...TOKEN_ALGORITHMS],
        typ: ACCESS_TOKEN_TYPE,
        requiredClaims: ["sub", "jti", "exp", "iat"],
        clockTolerance: options.clockToleranceSeconds ?? 5,
      }));
    } catch (error) {
      throw new TokenRejectedError(describeJoseError(error), { cause: error });
    }
    const parsed = claims.safeParse(payload);
    if (!parsed.success) throw new TokenRejectedError("malformed claims");
    const { sub, jti, exp, iat, roles, token_use, sid, scope } = parsed.data;
    const kind = token_use === "service" ? "service" : "user";
    if (kind !== options.accept)
      throw new TokenRejectedError(`${kind} token where ${options.accept} token required`);
    if (await options.isRevoked?.({ jti, sub, iat, sid })) throw new TokenRejectedError("revoked");
    return {
      claims: { jti, sub, iat, sid },
      principal: {
        kind,
        subject: sub,
        roles: roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
        tokenId: jti,
        expiresAt: new Date(exp * 1000),
        ...(sid !== undefined && kind === "user" ? { sessionId: sid } : {}),
        ...(scope !== undefined ? { scopes: parseScopeClaim(scope) } : {}),
      },
    };
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} invalid`;
  if (error instanceof errors.JWKSNoMatchingKey) return "unknown key id";
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm not allowed";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad signature";
  if (error instanceof errors.JOSEError) return error.code;
  return "unverifiable";
}
