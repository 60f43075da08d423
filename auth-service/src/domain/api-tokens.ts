import { createHash, randomBytes, randomUUID } from "node:crypto";
import { TOPICS } from "@turnout/contracts";
import {
  conflict,
  notFound,
  scopesAllowedFor,
  unauthorized,
  unprocessable,
  ROLES,
  type ApiScope,
  type Role,
} from "@turnout/kit";
import type { AuthSettings } from "../config";
import type { ApiTokenRow } from "../data/api-tokens";
import type { ServiceDatabase } from "../data/database";
import type { SigningKeySource } from "../data/signing-key";
import { sessionsRevokedEvent } from "./sessions-revoked";
import { mintAccessToken } from "./tokens";

/** docs/integrations.md "API tokens": the fixed rules of personal tokens. */
export const API_TOKEN_RULES = {
  prefix: "tnt_pat_",
  /** Base62 characters after the prefix: 43 × log2(62) ≈ 256 bits. */
  randomLength: 43,
  /** Characters shown in lists to tell tokens apart (`tnt_pat_XXXX`). */
  shownPrefixLength: 12,
  maxLiveTokens: 50,
  defaultLifetimeDays: 90,
  maxLifetimeDays: 366,
  /** Lifetime of an access token made by an exchange. */
  accessTokenTtlSeconds: 300,
  /** A list shows at most this many tokens, newest first. */
  listLimit: 100,
} as const;

const DAY_MS = 24 * 3600 * 1000;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** `tnt_pat_` and exactly 43 base62 characters: anything else is not a token of ours. */
const TOKEN_FORMAT = /^tnt_pat_[0-9A-Za-z]{43}$/;

export interface ApiTokenDeps {
  data: ServiceDatabase;
  signingKey: SigningKeySource;
  settings: AuthSettings;
}

/** A new token: `tnt_pat_` and 43 base62 characters, each uniform (bytes ≥ 248 are dropped). */
export function newApiToken(): string {
  let out = "";
  while (out.length < API_TOKEN_RULES.randomLength) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && out.length < API_TOKEN_RULES.randomLength) out += BASE62.charAt(byte % 62);
    }
  }
  return API_TOKEN_RULES.prefix + out;
}

export const hashApiToken = (token: string): Buffer =>
  createHash("sha256").update(token, "utf8").digest();

export interface CreatedApiToken {
  row: ApiTokenRow;
  /** The token itself: in this reply only, never stored. */
  token: string;
}

/**
 * Creates a token for `userId`. Its scopes must be ones the user's roles may hold (422
 * `scope_not_allowed`); under the owner's row lock, at most 50 live tokens (409
 * `too_many_tokens`) with distinct names (409 `name_taken`).
 */
export async function createApiToken(
  deps: ApiTokenDeps,
  userId: string,
  input: { name: string; scopes: readonly ApiScope[]; expiresAt?: Date | undefined },
  now = new Date(),
): Promise<CreatedApiToken> {
  const token = newApiToken();
  const expiresAt =
    input.expiresAt ?? new Date(now.getTime() + API_TOKEN_RULES.defaultLifetimeDays * DAY_MS);
  const row: ApiTokenRow = {
    id: randomUUID(),
    name: input.name,
    scopes: [...input.scopes],
    prefix: token.slice(0, API_TOKEN_RULES.shownPrefixLength),
    created_at: now,
    expires_at: expiresAt,
    last_used_at: null,
    revoked_at: null,
  };
  await deps.data.transaction(async (tx) => {
    const roles = await tx.apiTokens.lockOwner(userId);
    if (roles === null) throw unauthorized("invalid_token", "The account no longer exists.");
    const allowed = scopesAllowedFor(knownRoles(roles));
    const refused = input.scopes.filter((scope) => !allowed.includes(scope));
    if (refused.length > 0)
      throw unprocessable(
        "scope_not_allowed",
        `Your roles do not allow these scopes: ${refused.join(", ")}.`,
      );
    const live = await tx.apiTokens.liveNames(userId, now);
    if (live.length >= API_TOKEN_RULES.maxLiveTokens)
      throw conflict(
        "too_many_tokens",
        `You have ${API_TOKEN_RULES.maxLiveTokens} live tokens; revoke one first.`,
      );
    if (live.includes(input.name))
      throw conflict("name_taken", "A live token of yours already has this name.");
    await tx.apiTokens.insert({
      id: row.id,
      userId,
      name: row.name,
      tokenSha256: hashApiToken(token),
      prefix: row.prefix,
      scopes: row.scopes,
      createdAt: now,
      expiresAt,
    });
  });
  return { row, token };
}

export const listApiTokens = (deps: ApiTokenDeps, userId: string): Promise<ApiTokenRow[]> =>
  deps.data.repos.apiTokens.listOf(userId, API_TOKEN_RULES.listLimit);

/**
 * Revokes one of the user's tokens (404 `not_found` for anyone else's). In the same unit of work
 * `sessions-revoked` with `session_id` = the token id goes to the outbox, so every service
 * rejects the access tokens already made from it (their `sid`) within seconds. Revoking a revoked
 * token again changes nothing.
 */
export async function revokeApiToken(
  deps: ApiTokenDeps,
  userId: string,
  tokenId: string,
): Promise<void> {
  const at = new Date();
  const outcome = await deps.data.transaction(async (tx) => {
    const result = await tx.apiTokens.revoke(tokenId, userId, at);
    if (result === "revoked")
      await tx.outbox.enqueue(
        TOPICS.tokenRevoked,
        sessionsRevokedEvent(userId, at, "api_token_revoked", tokenId),
      );
    return result;
  });
  if (outcome === "not_found") throw notFound("not_found", "You have no API token with this id.");
}

export interface ExchangedToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
}

const invalidApiToken = () =>
  unauthorized("invalid_token", "The API token is unknown, revoked or expired.", {
    headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' },
  });

/**
 * The phantom-token exchange: a live API token of an active account becomes a 5-minute access
 * token with the user's roles now, `sid` = the token id and `scope` = its scopes those roles
 * still allow (a lost role is lost for the token too). Anything else is 401 `invalid_token`.
 */
export async function exchangeApiToken(
  deps: ApiTokenDeps,
  token: string,
  now = new Date(),
): Promise<ExchangedToken> {
  if (!TOKEN_FORMAT.test(token)) throw invalidApiToken();
  const found = await deps.data.repos.apiTokens.exchange(hashApiToken(token), now);
  if (!found) throw invalidApiToken();
  const roles = knownRoles(found.roles);
  const allowed = scopesAllowedFor(roles);
  const scopes = found.scopes.filter((scope) => (allowed as string[]).includes(scope));
  const ttlSeconds = Math.min(
    API_TOKEN_RULES.accessTokenTtlSeconds,
    deps.settings.accessTokenTtlSeconds,
  );
  const accessToken = await mintAccessToken(
    await deps.signingKey.current(),
    { issuer: deps.settings.issuer, audience: deps.settings.audience, ttlSeconds },
    { userId: found.user_id, roles, sessionId: found.id, scopes },
    now,
  );
  return { accessToken, expiresIn: ttlSeconds, scope: scopes.join(" ") };
}

const knownRoles = (roles: readonly string[]): Role[] =>
  roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role));
