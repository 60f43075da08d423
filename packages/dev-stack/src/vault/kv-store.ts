import { z } from "zod";
import {
  addVersion,
  listKeys,
  liveVersion,
  mergePatch,
  metadata,
  newEntry,
  versionMetadata,
  type Store,
} from "./kv-entry";
import { badRequest, logical, noContent, notFound, nowIso, parseBody } from "./responses";
import type { Route } from "./route";
import { deleteOwn, getOwn, setOwn } from "./state";

const writeBody = z.object({
  data: z.record(z.string(), z.unknown()),
  options: z.object({ cas: z.number().int().nonnegative().optional() }).optional(),
});
const metadataBody = z.object({
  max_versions: z.number().int().nonnegative().optional(),
  cas_required: z.boolean().optional(),
  custom_metadata: z.record(z.string(), z.string()).optional(),
});
const versionsBody = z.object({ versions: z.array(z.number().int().positive()).min(1) });

function dataRoute(store: Store, key: string): Route {
  return {
    exists: getOwn(store, key) !== undefined,
    read(req) {
      const text = req.query.get("version") ?? "0";
      if (!/^\d{1,9}$/.test(text)) throw badRequest("invalid version");
      const { entry, version, item, data } = liveVersion(store, key, Number(text));
      return logical({ data, metadata: versionMetadata(entry, version, item) });
    },
    write(req) {
      if (req.body.data === undefined) throw badRequest("no data provided");
      const body = parseBody(writeBody, req.body);
      return addVersion(store, key, body.options?.cas, body.data);
    },
    patch(req) {
      const body = parseBody(writeBody, req.body);
      const { data } = liveVersion(store, key, 0);
      const merged = mergePatch(data, body.data) as Record<string, unknown>;
      return addVersion(store, key, body.options?.cas, merged);
    },
    delete() {
      const entry = getOwn(store, key);
      const item = entry?.versions[String(entry.currentVersion)];
      if (item && item.deletionTime === "") item.deletionTime = nowIso();
      return noContent();
    },
  };
}

function metadataRoute(store: Store, key: string, validKey: boolean): Route {
  const list = () => {
    const keys = listKeys(store, key);
    if (keys.length === 0) throw notFound();
    return logical({ keys });
  };
  // A folder ("turnout/" or the mount's root) can only be listed.
  if (!validKey) return { list };
  return {
    list,
    exists: getOwn(store, key) !== undefined,
    read() {
      const entry = getOwn(store, key);
      if (!entry) throw notFound();
      return logical(metadata(entry));
    },
    write(req) {
      const body = parseBody(metadataBody, req.body);
      const entry = getOwn(store, key) ?? newEntry();
      entry.maxVersions = body.max_versions ?? entry.maxVersions;
      entry.casRequired = body.cas_required ?? entry.casRequired;
      entry.customMetadata = body.custom_metadata ?? entry.customMetadata;
      entry.updatedTime = nowIso();
      setOwn(store, key, entry);
      return noContent();
    },
    delete() {
      deleteOwn(store, key);
      return noContent();
    },
  };
}

function versionsRoute(store: Store, key: string, action: string): Route {
  return {
    write(req) {
      const { versions } = parseBody(versionsBody, req.body);
      const entry = getOwn(store, key);
      for (const version of versions) {
        const item = entry?.versions[String(version)];
        if (!item || item.destroyed) continue;
        if (action === "delete" && item.deletionTime === "") item.deletionTime = nowIso();
        if (action === "undelete") item.deletionTime = "";
        if (action === "destroy") {
          item.destroyed = true;
          item.data = null;
        }
      }
      return noContent();
    },
  };
}

/** Routes below a KV v2 mount; `rest` is the path after the mount, e.g. "data/turnout/jwt/jwks". */
export function kvRoute(store: Store, rest: string): Route | undefined {
  const slash = rest.indexOf("/");
  const area = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? "" : rest.slice(slash + 1);
  const validKey = key !== "" && !key.endsWith("/");
  switch (area) {
    case "data":
      return validKey ? dataRoute(store, key) : undefined;
    case "metadata":
      return metadataRoute(store, key, validKey);
    case "delete":
    case "undelete":
    case "destroy":
      return validKey ? versionsRoute(store, key, area) : undefined;
    default:
      return undefined;
  }
}
