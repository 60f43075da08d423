import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { SignJWT } from "jose";
import { ACCESS_TOKEN_TYPE, badRequest, tooManyRequests, unauthorized } from "@turnout/kit";
import type { AuthSettings } from "../config";
import type { ServiceDatabase } from "../data/database";
import type { ServiceClientSecrets } from "../data/service-clients";
import type { SigningKey, SigningKeySource } from "../data/signing-key";
import { throttleWait, type ThrottleKey } from "./throttle-rules";

/** The services of infra/postgres/services.json: the only clients and audiences. */
export const SERVICE_CLIENTS = [
  "auth-service",
  "user-service",
  "event-service",
  "registration-service",
  "notification-service",
] as const;

export interface ServiceTokenDeps {
  data: ServiceDatabase;
  signingKey: SigningKeySource;
  serviceClients: ServiceClientSecrets;
  settings: AuthSettings;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  audience: string;
}

export interface ServiceToken {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
}

const isServiceClient = (name: string): boolean =>
  (SERVICE_CLIENTS as readonly string[]).includes(name);

const invalidClient = () =>
  unauthorized("invalid_client", "Client authentication failed.", {
    headers: { "Cache-Control": "no-store" },
  });

/**
 * Failed client-credentials requests per client id: the login throttle's counters (shared by
 * every replica), under scope `client`.
 */
const clientKeys = (clientId: string, limit: number): ThrottleKey[] => [
  { scope: "client", subject: clientId, limit },
];

/** SHA-256 both sides first: equal lengths for timingSafeEqual, whatever was sent. */
export function secretsMatch(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

/** RFC 6749 §4.4 client credentials: a service proves its Vault-held secret, gets a short JWT. */
export async function issueServiceToken(
  deps: ServiceTokenDeps,
  input: ClientCredentials,
): Promise<ServiceToken> {
  const { settings } = deps;
  if (!isServiceClient(input.audience) || input.audience === input.clientId)
    throw badRequest("invalid_request", "`audience` must name another Turnout service.");
  if (!isServiceClient(input.clientId)) throw invalidClient();

  const { loginThrottle } = deps.data.repos;
  const window = settings.throttle.windowSeconds;
  const keys = clientKeys(input.clientId, settings.serviceClientMaxFailures);
  const wait = throttleWait(await loginThrottle.countersOf(keys), keys, window);
  if (wait > 0) throw tooManyRequests(wait, "too_many_requests", "Too many failed token requests.");

  const expected = await deps.serviceClients.secretOf(input.clientId);
  if (expected === undefined || !secretsMatch(input.clientSecret, expected)) {
    await loginThrottle.recordFailure(keys, window);
    throw invalidClient();
  }
  const accessToken = await mintServiceToken(await deps.signingKey.current(), {
    issuer: settings.issuer,
    audience: input.audience,
    clientId: input.clientId,
    ttlSeconds: settings.serviceTokenTtlSeconds,
  });
  return { accessToken, tokenType: "Bearer", expiresIn: settings.serviceTokenTtlSeconds };
}

/** The same RFC 9068 format as user tokens, with `token_use: "service"` and no roles. */
export async function mintServiceToken(
  key: SigningKey,
  claims: { issuer: string; audience: string; clientId: string; ttlSeconds: number },
  now = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ roles: [], token_use: "service" })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setSubject(claims.clientId)
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + claims.ttlSeconds)
    .sign(key.privateKey);
}
