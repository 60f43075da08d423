import { approleRoute } from "./approle";
import type { HttpReply, HttpRequest } from "./http-server";
import { kvRoute } from "./kv-store";
import { aclFor } from "./policy-store";
import { badRequest, notFound, permissionDenied, VaultError, type VaultReply } from "./responses";
import type { Operation, Route } from "./route";
import { getOwn, setOwn, type VaultState } from "./state";
import { findMount } from "./mounts";
import { sysRoute } from "./sys-routes";
import { tokenRoute } from "./token-routes";
import type { TokenStore } from "./token-store";

function operationOf(method: string, query: URLSearchParams): Operation | undefined {
  switch (method) {
    case "GET":
    case "HEAD":
      return ["true", "1"].includes(query.get("list") ?? "") ? "list" : "read";
    case "LIST":
      return "list";
    case "POST":
    case "PUT":
      return "write";
    case "PATCH":
      return "patch";
    case "DELETE":
      return "delete";
    default:
      return undefined;
  }
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw badRequest(`failed to parse JSON input: ${(error as Error).message}`);
  }
  if (parsed === null) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw badRequest("failed to parse JSON input: the body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

/**
 * The request path below /v1/, decoded. Parsed by hand because URL parsing would silently resolve
 * "." and ".." segments; those are refused instead, like any path Vault would not route.
 */
function apiPath(target: string): string {
  const rawPath = target.split("?", 1)[0] ?? "";
  if (!rawPath.startsWith("/v1/")) throw notFound();
  let path: string;
  try {
    path = decodeURIComponent(rawPath.slice(4)).replace(/^\/+/, "");
  } catch {
    throw badRequest("invalid path encoding");
  }
  if (path.split("/").some((segment) => segment === "." || segment === "..")) {
    throw badRequest("invalid path");
  }
  return path;
}

function tokenOf(request: HttpRequest): string | undefined {
  const header = request.headers.get("x-vault-token");
  if (header !== undefined && header !== "") return header;
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return bearer?.[1];
}

/** Maps Vault API requests to routes after the token and ACL checks Vault itself makes. */
export class VaultRouter {
  constructor(
    private readonly state: VaultState,
    private readonly tokens: TokenStore,
    private readonly persist: () => void,
    private readonly log?: (line: string) => void,
  ) {}

  handle(request: HttpRequest): HttpReply {
    const reply = this.dispatch(request);
    // Method, path and status only: bodies, headers and query strings may carry secrets.
    this.log?.(`${request.method} ${request.target.split("?")[0] ?? ""} ${reply.status}`);
    return {
      status: reply.status,
      body: reply.body === undefined ? undefined : JSON.stringify(reply.body),
    };
  }

  private bucket<T>(record: Record<string, Record<string, T>>, mount: string): Record<string, T> {
    const existing = getOwn(record, mount);
    if (existing) return existing;
    const created: Record<string, T> = {};
    setOwn(record, mount, created);
    return created;
  }

  private resolve(path: string): Route | undefined {
    if (path === "sys" || path.startsWith("sys/")) return sysRoute(this.state, path.slice(4));
    if (path.startsWith("auth/")) {
      const rest = path.slice(5);
      if (rest.startsWith("token/")) return tokenRoute(this.tokens, rest.slice(6));
      const mount = findMount(this.state.auths, rest);
      if (mount === undefined) return undefined;
      const roles = this.bucket(this.state.approle, mount);
      return approleRoute(this.tokens, roles, mount, rest.slice(mount.length));
    }
    const mount = findMount(this.state.mounts, path);
    if (mount === undefined) return undefined;
    return kvRoute(this.bucket(this.state.kv, mount), path.slice(mount.length));
  }

  private dispatch(request: HttpRequest): VaultReply {
    try {
      const path = apiPath(request.target);
      const queryStart = request.target.indexOf("?");
      const query = new URLSearchParams(
        queryStart === -1 ? "" : request.target.slice(queryStart + 1),
      );
      const op = operationOf(request.method, query);
      if (op === undefined) throw new VaultError(405, ["unsupported method"]);
      const body = op === "write" || op === "patch" ? parseJsonObject(request.body) : {};
      const route = this.resolve(path);
      const token = tokenOf(request);
      const tokenEntry = this.tokens.lookup(token);
      const isRoot = tokenEntry?.policies.includes("root") ?? false;
      const acl = aclFor(this.state, tokenEntry?.policies ?? []);
      if (!route?.unauthenticated) {
        if (!tokenEntry) throw permissionDenied();
        if (!isRoot && !route?.ownAccessCheck) {
          const isList = op === "list";
          const capability = op === "write" ? (route?.exists === false ? "create" : "update") : op;
          const allowed = acl.allows(path, capability, isList);
          if (!allowed || (route?.sudo === true && !acl.allows(path, "sudo", isList))) {
            throw permissionDenied();
          }
        }
      }
      if (!route) throw new VaultError(404, [`no handler for route "${path}"`]);
      const handler = route[op];
      if (!handler) throw new VaultError(405, ["unsupported operation"]);
      const reply = handler({
        op,
        path,
        query,
        body,
        token,
        tokenEntry,
        isRoot,
        acl,
      });
      let usedUp = false;
      if (tokenEntry && token !== undefined && tokenEntry.numUses > 0 && !route.unauthenticated) {
        tokenEntry.numUses -= 1;
        usedUp = tokenEntry.numUses === 0;
        if (usedUp) this.tokens.revoke(token);
      }
      if (usedUp || (op !== "read" && op !== "list")) this.persist();
      return reply;
    } catch (error) {
      if (error instanceof VaultError)
        return { status: error.status, body: { errors: error.errors } };
      return { status: 500, body: { errors: ["internal error"] } };
    }
  }
}
