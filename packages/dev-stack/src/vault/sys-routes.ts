import { randomUUID } from "node:crypto";
import { z } from "zod";
import { BUILTIN_AUTHS, BUILTIN_MOUNTS, enableRoute, findMount, mountView, table } from "./mounts";
import { policyRoute } from "./policy-store";
import { badRequest, logical, notFound, parseBody, permissionDenied } from "./responses";
import type { Route, VaultRequest } from "./route";
import { getOwn, setOwn, type VaultState } from "./state";

export const VAULT_VERSION = "1.17.0+turnout-dev";
const CLUSTER = { cluster_name: "turnout-dev", cluster_id: randomUUID() };

const capabilityList = (req: VaultRequest, path: string): string[] => {
  if (req.isRoot) return ["root"];
  const capabilities = req.acl.capabilities(path);
  return capabilities.size === 0 || capabilities.has("deny") ? ["deny"] : [...capabilities].sort();
};

/** What the vault CLI asks before `vault kv get/put`: the mount and its KV version. */
function uiMountRoute(state: VaultState, path: string): Route {
  return {
    ownAccessCheck: true,
    read(req) {
      const mount = findMount(state.mounts, path);
      if (mount === undefined) throw permissionDenied();
      const rest = path.slice(mount.length);
      const candidates = [path, `${mount}data/${rest}`, `${mount}metadata/${rest}`];
      if (!candidates.some((candidate) => !capabilityList(req, candidate).includes("deny"))) {
        throw permissionDenied();
      }
      const entry = getOwn(state.mounts, mount) ?? notFound().raise();
      return logical({ path: mount, ...mountView(entry) });
    },
  };
}

const capabilitiesBody = z.object({
  path: z.string().optional(),
  paths: z.union([z.array(z.string()), z.string()]).optional(),
});

export function sysRoute(state: VaultState, rest: string): Route | undefined {
  const health = {
    initialized: true,
    sealed: false,
    standby: false,
    performance_standby: false,
    replication_performance_mode: "disabled",
    replication_dr_mode: "disabled",
    version: VAULT_VERSION,
    enterprise: false,
    ...CLUSTER,
  };
  const [first = "", ...others] = rest.split("/");
  const tail = others.join("/");
  switch (first) {
    case "health":
      return {
        unauthenticated: true,
        read: () => ({
          status: 200,
          body: { ...health, server_time_utc: Math.floor(Date.now() / 1000) },
        }),
      };
    case "seal-status":
      return {
        unauthenticated: true,
        read: () => ({
          status: 200,
          body: {
            type: "shamir",
            initialized: true,
            sealed: false,
            t: 1,
            n: 1,
            progress: 0,
            nonce: "",
            version: VAULT_VERSION,
            migration: false,
            recovery_seal: false,
            storage_type: "inmem",
            ...CLUSTER,
          },
        }),
      };
    case "init":
      return { unauthenticated: true, read: () => ({ status: 200, body: { initialized: true } }) };
    case "mounts":
      return tail === ""
        ? { read: () => table(BUILTIN_MOUNTS, state.mounts) }
        : enableRoute(state, tail, false);
    case "auth":
      return tail === ""
        ? { read: () => table(BUILTIN_AUTHS, state.auths) }
        : enableRoute(state, tail, true);
    case "policy":
      return policyRoute(state, tail, true);
    case "policies":
      return others[0] === "acl" ? policyRoute(state, others.slice(1).join("/"), false) : undefined;
    case "internal":
      return tail.startsWith("ui/mounts/")
        ? uiMountRoute(state, tail.slice("ui/mounts/".length))
        : undefined;
    case "capabilities-self":
      return {
        write(req) {
          const body = parseBody(capabilitiesBody, req.body);
          const paths = [body.paths ?? [], body.path ?? []].flat();
          if (paths.length === 0) throw badRequest("paths must be supplied");
          const result: Record<string, string[]> = {};
          for (const path of paths) setOwn(result, path, capabilityList(req, path));
          const all = [...new Set(Object.values(result).flat())].sort();
          const data = { ...result, capabilities: all };
          return logical(data, data);
        },
      };
    default:
      return undefined;
  }
}
