import { randomUUID } from "node:crypto";
import { z } from "zod";
import { badRequest, logical, noContent, notFound, parseBody } from "./responses";
import type { VaultReply } from "./responses";
import type { Route } from "./route";
import { deleteOwn, getOwn, setOwn, type MountEntry, type VaultState } from "./state";

const RESERVED = ["sys/", "auth/", "cubbyhole/", "identity/"];

const mountBody = z.object({
  type: z.string(),
  description: z.string().optional(),
  options: z.record(z.string(), z.string()).nullable().optional(),
});

export function normalizeMountPath(text: string): string | undefined {
  const trimmed = text.replace(/^\/+|\/+$/g, "");
  return /^[\w.-]+(\/[\w.-]+)*$/.test(trimmed) ? `${trimmed}/` : undefined;
}

function newMount(type: string, description: string, options: MountEntry["options"]): MountEntry {
  return {
    type,
    description,
    accessor: `${type}_${randomUUID().slice(0, 8)}`,
    uuid: randomUUID(),
    options,
  };
}

export function mountView(entry: MountEntry): Record<string, unknown> {
  return {
    ...entry,
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
    external_entropy_access: false,
    local: false,
    plugin_version: "",
    seal_wrap: false,
  };
}

/** sys/mounts and sys/auth answer the table both at the top level and under `data`. */
export function table(
  builtin: Record<string, MountEntry>,
  stored: Record<string, MountEntry>,
): VaultReply {
  const view: Record<string, unknown> = {};
  for (const [path, entry] of Object.entries({ ...builtin, ...stored }))
    view[path] = mountView(entry);
  return logical(view, view);
}

export const BUILTIN_MOUNTS = { "sys/": newMount("system", "system endpoints", null) };
export const BUILTIN_AUTHS = { "token/": newMount("token", "token based credentials", null) };

export function enableRoute(state: VaultState, rawPath: string, auth: boolean): Route | undefined {
  const path = normalizeMountPath(rawPath);
  if (path === undefined) return undefined;
  const entries = auth ? state.auths : state.mounts;
  return {
    sudo: auth,
    read: () => logical(mountView(getOwn(entries, path) ?? notFound().raise())),
    write(req) {
      const body = parseBody(mountBody, req.body);
      const taken = [...(auth ? Object.keys(BUILTIN_AUTHS) : RESERVED), ...Object.keys(entries)];
      const clash = taken.find((used) => used.startsWith(path) || path.startsWith(used));
      if (clash !== undefined) throw badRequest(`path is already in use at ${clash}`);
      if (auth && body.type !== "approle") {
        throw badRequest(
          `the development Vault server supports only the approle auth method, not "${body.type}"`,
        );
      }
      const kv2 = body.type === "kv-v2" || (body.type === "kv" && body.options?.version === "2");
      if (!auth && !kv2) {
        throw badRequest(`the development Vault server supports only KV version 2 secrets engines`);
      }
      const options = auth ? null : { version: "2" };
      setOwn(entries, path, newMount(auth ? "approle" : "kv", body.description ?? "", options));
      if (auth) setOwn(state.approle, path, {});
      else setOwn(state.kv, path, {});
      return noContent();
    },
    delete() {
      deleteOwn(entries, path);
      deleteOwn(auth ? state.approle : state.kv, path);
      return noContent();
    },
  };
}

/** The mount serving an API path ("secret/data/x" → "secret/"), longest first. */
export function findMount(entries: Record<string, MountEntry>, path: string): string | undefined {
  const candidates = Object.keys(entries).filter((mount) => `${path}/`.startsWith(mount));
  return candidates.sort((a, b) => b.length - a.length)[0];
}
