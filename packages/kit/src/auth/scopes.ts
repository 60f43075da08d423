import type { Principal, Role } from "./verify-token";

/** What an API token may open (docs/integrations.md, "Scopes"); session tokens hold all. */
export const API_SCOPES = [
  "profile:read",
  "profile:write",
  "events:read",
  "events:write",
  "registrations:read",
  "registrations:write",
  "checkin:write",
  "notifications:read",
  "notifications:write",
  "webhooks:read",
  "webhooks:write",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** The ceiling: the roles that may hold each scope (`any`: every user). */
export const SCOPE_ROLES: Readonly<Record<ApiScope, readonly Role[] | "any">> = {
  "profile:read": "any",
  "profile:write": "any",
  "events:read": "any",
  "events:write": ["organizer", "admin"],
  "registrations:read": "any",
  "registrations:write": "any",
  "checkin:write": "any",
  "notifications:read": "any",
  "notifications:write": "any",
  "webhooks:read": ["organizer", "admin"],
  "webhooks:write": ["organizer", "admin"],
};

export const isApiScope = (value: string): value is ApiScope =>
  (API_SCOPES as readonly string[]).includes(value);

/** The scopes a user holding `roles` may put on a token, in {@link API_SCOPES} order. */
export function scopesAllowedFor(roles: readonly Role[]): ApiScope[] {
  return API_SCOPES.filter((scope) => {
    const allowed = SCOPE_ROLES[scope];
    return allowed === "any" || allowed.some((role) => roles.includes(role));
  });
}

/**
 * The `scope` claim (space separated, RFC 9068) as known scopes: unknown strings are dropped,
 * so a scope this build does not know opens nothing.
 */
export function parseScopeClaim(claim: string): ApiScope[] {
  return [...new Set(claim.split(" ").filter(isApiScope))];
}

/** A session token (no `scopes`) holds every scope; a scoped token only those it lists. */
export const holdsScope = (principal: Pick<Principal, "scopes">, scope: ApiScope): boolean =>
  principal.scopes === undefined || principal.scopes.includes(scope);
