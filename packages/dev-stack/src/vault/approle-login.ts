import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { badRequest, parseBody } from "./responses";
import type { Route } from "./route";
import { deleteOwn, type RoleEntry } from "./state";
import { authReply, sha256, SYSTEM_MAX_TTL, type TokenStore } from "./token-store";

const loginBody = z.object({ role_id: z.string().optional(), secret_id: z.string().optional() });

const invalidLogin = () => badRequest("invalid role or secret ID");

/** Compares SHA-256 digests in constant time and never stops at the first match. */
export function findMatch<T>(
  candidates: [string, T][],
  secret: string,
  hashOf: (item: T) => string,
) {
  const wanted = Buffer.from(sha256(secret), "hex");
  let match: [string, T] | undefined;
  for (const candidate of candidates) {
    const equal = timingSafeEqual(wanted, Buffer.from(hashOf(candidate[1]), "hex"));
    if (equal && match === undefined) match = candidate;
  }
  return match;
}

/** Checks role id and secret id; consumes a use of a limited secret id. */
function authenticate(roles: Record<string, RoleEntry>, input: unknown): [string, RoleEntry] {
  const body = parseBody(loginBody, input);
  if (body.role_id === undefined || body.role_id === "") throw badRequest("missing role_id");
  const found = findMatch(Object.entries(roles), body.role_id, (role) => sha256(role.roleId));
  if (!found) throw invalidLogin();
  const [, role] = found;
  if (!role.bindSecretId) return found;
  if (body.secret_id === undefined || body.secret_id === "") throw badRequest("missing secret_id");
  const now = Date.now();
  for (const [accessor, entry] of Object.entries(role.secretIds)) {
    if (entry.expiresAt !== null && entry.expiresAt <= now) deleteOwn(role.secretIds, accessor);
  }
  const secret = findMatch(Object.entries(role.secretIds), body.secret_id, (entry) => entry.hash);
  if (!secret) throw invalidLogin();
  const [accessor, entry] = secret;
  if (entry.usesLeft > 0 && --entry.usesLeft === 0) deleteOwn(role.secretIds, accessor);
  return found;
}

/** auth/<mount>/login: role id and secret id in, a token carrying the role's policies out. */
export function loginRoute(
  tokens: TokenStore,
  roles: Record<string, RoleEntry>,
  mount: string,
): Route {
  return {
    unauthenticated: true,
    write(req) {
      const [name, role] = authenticate(roles, req.body);
      const policies = role.tokenNoDefaultPolicy
        ? role.tokenPolicies
        : ["default", ...role.tokenPolicies];
      const maxTtl = role.tokenMaxTtl || SYSTEM_MAX_TTL;
      const { token, entry } = tokens.issue({
        policies,
        ttl: Math.min(role.tokenTtl || SYSTEM_MAX_TTL, maxTtl),
        maxTtl,
        displayName: "approle",
        path: `auth/${mount}login`,
        meta: { role_name: name },
        renewable: true,
        numUses: role.tokenNumUses,
      });
      return authReply(token, entry);
    },
  };
}
