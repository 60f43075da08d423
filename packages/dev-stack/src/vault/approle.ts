import { randomUUID } from "node:crypto";
import { z } from "zod";
import { findMatch, loginRoute } from "./approle-login";
import {
  badRequest,
  logical,
  noContent,
  notFound,
  parseBody,
  parseDuration,
  VaultError,
} from "./responses";
import type { Route } from "./route";
import { getOwn, setOwn, type RoleEntry, deleteOwn } from "./state";
import { sha256, type TokenStore } from "./token-store";

type Roles = Record<string, RoleEntry>;

const ROLE_NAME = /^\w(?:[\w.-]*\w)?$/;
const duration = z.union([z.number(), z.string()]);
const policyList = z
  .union([z.array(z.string()), z.string()])
  .transform((value) => (typeof value === "string" ? value.split(",") : value))
  .transform((names) => names.map((name) => name.trim().toLowerCase()).filter(Boolean));
const roleBody = z.object({
  role_id: z.string().min(1).optional(),
  bind_secret_id: z.boolean().optional(),
  token_policies: policyList.optional(),
  policies: policyList.optional(),
  token_ttl: duration.optional(),
  token_max_ttl: duration.optional(),
  token_num_uses: z.number().int().nonnegative().optional(),
  token_no_default_policy: z.boolean().optional(),
  secret_id_ttl: duration.optional(),
  secret_id_num_uses: z.number().int().nonnegative().optional(),
});
const secretIdBody = z.object({
  metadata: z.string().optional(),
  ttl: duration.optional(),
  num_uses: z.number().int().nonnegative().optional(),
});
const customSecretId = z.object({ secret_id: z.string().min(1) });

function parseMetadata(text: string | undefined): Record<string, string> {
  if (text === undefined || text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest("metadata must be a JSON object of strings");
  }
  const result = z.record(z.string(), z.string()).safeParse(parsed);
  if (!result.success) throw badRequest("metadata must be a JSON object of strings");
  return result.data;
}

/** Login finds the role by its role id, so two roles must never share one. */
function assertRoleIdFree(roles: Roles, name: string, roleId: string): void {
  const owner = Object.entries(roles).find(
    ([other, role]) => other !== name && role.roleId === roleId,
  );
  if (owner) throw badRequest("role_id already in use");
}

function roleData(role: RoleEntry): Record<string, unknown> {
  return {
    bind_secret_id: role.bindSecretId,
    local_secret_ids: false,
    policies: role.tokenPolicies,
    token_policies: role.tokenPolicies,
    secret_id_bound_cidrs: [],
    secret_id_num_uses: role.secretIdNumUses,
    secret_id_ttl: role.secretIdTtl,
    token_bound_cidrs: [],
    token_explicit_max_ttl: 0,
    token_max_ttl: role.tokenMaxTtl,
    token_no_default_policy: role.tokenNoDefaultPolicy,
    token_num_uses: role.tokenNumUses,
    token_period: 0,
    token_ttl: role.tokenTtl,
    token_type: "default",
    period: 0,
  };
}

function writeRole(roles: Roles, name: string, input: unknown): void {
  const body = parseBody(roleBody, input);
  const stored = getOwn(roles, name);
  // A copy, so that a refused update leaves the stored role untouched.
  const role: RoleEntry = stored
    ? { ...stored }
    : {
        roleId: randomUUID(),
        bindSecretId: true,
        tokenPolicies: [],
        tokenTtl: 0,
        tokenMaxTtl: 0,
        tokenNumUses: 0,
        tokenNoDefaultPolicy: false,
        secretIdTtl: 0,
        secretIdNumUses: 0,
        secretIds: {},
      };
  const seconds = (value: number | string | undefined, field: string, current: number) =>
    value === undefined ? current : parseDuration(value, field);
  if (body.role_id !== undefined) assertRoleIdFree(roles, name, body.role_id);
  role.roleId = body.role_id ?? role.roleId;
  role.bindSecretId = body.bind_secret_id ?? role.bindSecretId;
  role.tokenPolicies = body.token_policies ?? body.policies ?? role.tokenPolicies;
  role.tokenTtl = seconds(body.token_ttl, "token_ttl", role.tokenTtl);
  role.tokenMaxTtl = seconds(body.token_max_ttl, "token_max_ttl", role.tokenMaxTtl);
  role.tokenNumUses = body.token_num_uses ?? role.tokenNumUses;
  role.tokenNoDefaultPolicy = body.token_no_default_policy ?? role.tokenNoDefaultPolicy;
  role.secretIdTtl = seconds(body.secret_id_ttl, "secret_id_ttl", role.secretIdTtl);
  role.secretIdNumUses = body.secret_id_num_uses ?? role.secretIdNumUses;
  if (role.tokenMaxTtl > 0 && role.tokenTtl > role.tokenMaxTtl) {
    throw badRequest("token_ttl should not be greater than token_max_ttl");
  }
  setOwn(roles, name, role);
}

/** `secret-id` draws the secret id; `custom-secret-id` passes the caller's. */
function issueSecretId(role: RoleEntry, input: unknown, secretId: string = randomUUID()) {
  const body = parseBody(secretIdBody, input);
  const ttl = body.ttl === undefined ? role.secretIdTtl : parseDuration(body.ttl, "ttl");
  const uses = body.num_uses ?? role.secretIdNumUses;
  // Vault refuses to register a secret id twice, with a 500 (path_role.go), so callers that pin
  // one must destroy it before registering it again; the same answer here keeps them honest.
  if (findMatch(Object.entries(role.secretIds), secretId, (entry) => entry.hash)) {
    throw new VaultError(500, ["SecretID is already registered"]);
  }
  const accessor = randomUUID();
  const now = Date.now();
  role.secretIds[accessor] = {
    hash: sha256(secretId),
    createdAt: now,
    expiresAt: ttl > 0 ? now + ttl * 1000 : null,
    usesLeft: uses,
    metadata: parseMetadata(body.metadata),
  };
  return logical({
    secret_id: secretId,
    secret_id_accessor: accessor,
    secret_id_ttl: ttl,
    secret_id_num_uses: uses,
  });
}

/** Routes below an AppRole auth mount; `rest` is the path after "auth/<mount>/". */
export function approleRoute(
  tokens: TokenStore,
  roles: Roles,
  mount: string,
  rest: string,
): Route | undefined {
  if (rest === "login") return loginRoute(tokens, roles, mount);
  if (rest === "role") {
    return {
      list: () => {
        const keys = Object.keys(roles).sort();
        return keys.length ? logical({ keys }) : notFound().raise();
      },
    };
  }
  const match =
    /^role\/([^/]+)(?:\/(role-id|secret-id|custom-secret-id|secret-id\/destroy|secret-id-accessor\/destroy))?$/.exec(
      rest,
    );
  const name = match?.[1];
  if (name === undefined || !ROLE_NAME.test(name)) return undefined;
  const role = getOwn(roles, name);
  const existing = (): RoleEntry => role ?? notFound().raise();
  switch (match?.[2]) {
    case undefined:
      return {
        exists: role !== undefined,
        read: () => logical(roleData(existing())),
        write: (req) => {
          writeRole(roles, name, req.body);
          return noContent();
        },
        delete: () => {
          deleteOwn(roles, name);
          return noContent();
        },
      };
    case "role-id":
      return {
        read: () => logical({ role_id: existing().roleId }),
        write: (req) => {
          const { role_id } = parseBody(z.object({ role_id: z.string().min(1) }), req.body);
          const current = existing();
          assertRoleIdFree(roles, name, role_id);
          current.roleId = role_id;
          return noContent();
        },
      };
    case "secret-id":
      return {
        write: (req) => issueSecretId(existing(), req.body),
        list: () => {
          const keys = Object.keys(existing().secretIds).sort();
          return keys.length ? logical({ keys }) : notFound().raise();
        },
      };
    case "custom-secret-id":
      return {
        write: (req) =>
          issueSecretId(existing(), req.body, parseBody(customSecretId, req.body).secret_id),
      };
    case "secret-id/destroy":
      return {
        write: (req) => {
          const { secret_id } = parseBody(z.object({ secret_id: z.string() }), req.body);
          const secretIds = existing().secretIds;
          const found = findMatch(Object.entries(secretIds), secret_id, (entry) => entry.hash);
          if (found) deleteOwn(secretIds, found[0]);
          return noContent();
        },
      };
    default: {
      const body = z.object({ secret_id_accessor: z.string() });
      return {
        write: (req) => {
          deleteOwn(existing().secretIds, parseBody(body, req.body).secret_id_accessor);
          return noContent();
        },
      };
    }
  }
}
