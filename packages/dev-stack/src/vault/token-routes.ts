import { z } from "zod";
import {
  badRequest,
  logical,
  noContent,
  parseBody,
  parseDuration,
  permissionDenied,
} from "./responses";
import type { Route, VaultRequest } from "./route";
import type { TokenEntry } from "./state";
import { authReply, lookupData, SYSTEM_MAX_TTL, type TokenStore } from "./token-store";

const duration = z.union([z.number(), z.string()]);
const renewBody = z.object({ increment: duration.optional() });
const createBody = z.object({
  policies: z.array(z.string()).optional(),
  ttl: duration.optional(),
  explicit_max_ttl: duration.optional(),
  renewable: z.boolean().optional(),
  display_name: z.string().optional(),
  no_default_policy: z.boolean().optional(),
  meta: z.record(z.string(), z.string()).optional(),
  num_uses: z.number().int().nonnegative().optional(),
});

function caller(req: VaultRequest): TokenEntry {
  if (!req.tokenEntry) throw permissionDenied();
  return req.tokenEntry;
}

/** auth/token/*: the self-service endpoints of the default policy and token creation. */
export function tokenRoute(store: TokenStore, rest: string): Route | undefined {
  switch (rest) {
    case "lookup-self":
      return { read: (req) => logical(lookupData(req.token ?? "", caller(req))) };
    case "renew-self":
      return {
        write(req) {
          const entry = caller(req);
          const body = parseBody(renewBody, req.body);
          if (!entry.renewable || entry.expiresAt === null)
            throw badRequest("lease is not renewable");
          const ttl =
            body.increment === undefined ? entry.ttl : parseDuration(body.increment, "increment");
          const wanted = Date.now() + ttl * 1000;
          entry.expiresAt =
            entry.maxExpiresAt === null ? wanted : Math.min(wanted, entry.maxExpiresAt);
          return authReply(req.token ?? "", entry);
        },
      };
    case "revoke-self":
      return {
        write(req) {
          store.revoke(req.token ?? "");
          return noContent();
        },
      };
    case "create":
      return {
        write(req) {
          const body = parseBody(createBody, req.body);
          const parent = req.tokenEntry?.policies ?? [];
          const wanted = (body.policies ?? parent)
            .map((p) => p.trim().toLowerCase())
            .filter(Boolean);
          const privileged = req.isRoot || req.acl.allows("auth/token/create", "sudo");
          if (!privileged && wanted.some((p) => !parent.includes(p))) {
            throw badRequest("child policies must be subset of parent");
          }
          const isRootToken = wanted.includes("root");
          if (isRootToken && !req.isRoot) {
            throw badRequest("root tokens may not be created without parent token being root");
          }
          const withDefault =
            body.no_default_policy || isRootToken ? wanted : ["default", ...wanted];
          const ttl =
            body.ttl === undefined
              ? isRootToken
                ? 0
                : SYSTEM_MAX_TTL
              : parseDuration(body.ttl, "ttl");
          const max =
            body.explicit_max_ttl === undefined
              ? 0
              : parseDuration(body.explicit_max_ttl, "explicit_max_ttl");
          const { token, entry } = store.issue({
            policies: withDefault,
            ttl,
            maxTtl: max || (ttl > 0 ? SYSTEM_MAX_TTL : 0),
            displayName: `token${body.display_name ? `-${body.display_name}` : ""}`,
            path: "auth/token/create",
            meta: body.meta ?? null,
            renewable: body.renewable ?? true,
            numUses: body.num_uses ?? 0,
          });
          return authReply(token, entry);
        },
      };
    default:
      return undefined;
  }
}
