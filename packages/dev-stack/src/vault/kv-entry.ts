import { badRequest, logical, notFound, nowIso } from "./responses";
import { deleteOwn, getOwn, setOwn, type KvEntry, type KvVersion } from "./state";

/** Vault keeps 10 versions when neither the mount nor the secret says otherwise. */
const DEFAULT_MAX_VERSIONS = 10;

export type Store = Record<string, KvEntry>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** RFC 7396 JSON merge patch, which is what Vault's KV v2 PATCH applies. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const result: Record<string, unknown> = {};
  if (isRecord(target))
    for (const [key, value] of Object.entries(target)) setOwn(result, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) deleteOwn(result, key);
    else setOwn(result, key, mergePatch(getOwn(result, key), value));
  }
  return result;
}

export function versionMetadata(
  entry: KvEntry,
  version: number,
  item: KvVersion,
): Record<string, unknown> {
  return {
    created_time: item.createdTime,
    custom_metadata: entry.customMetadata,
    deletion_time: item.deletionTime,
    destroyed: item.destroyed,
    version,
  };
}

export function metadata(entry: KvEntry): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  for (const [version, item] of Object.entries(entry.versions)) {
    versions[version] = {
      created_time: item.createdTime,
      deletion_time: item.deletionTime,
      destroyed: item.destroyed,
    };
  }
  return {
    cas_required: entry.casRequired,
    created_time: entry.createdTime,
    current_version: entry.currentVersion,
    custom_metadata: entry.customMetadata,
    delete_version_after: "0s",
    max_versions: entry.maxVersions,
    oldest_version: entry.oldestVersion,
    updated_time: entry.updatedTime,
    versions,
  };
}

export function newEntry(): KvEntry {
  const now = nowIso();
  return {
    versions: {},
    currentVersion: 0,
    oldestVersion: 0,
    createdTime: now,
    updatedTime: now,
    maxVersions: 0,
    casRequired: false,
    customMetadata: null,
  };
}

export function addVersion(
  store: Store,
  key: string,
  cas: number | undefined,
  data: Record<string, unknown>,
) {
  const entry = getOwn(store, key) ?? newEntry();
  if (entry.casRequired && cas === undefined) {
    throw badRequest("check-and-set parameter required for this call");
  }
  if (cas !== undefined && cas !== entry.currentVersion) {
    throw badRequest("check-and-set parameter did not match the current version");
  }
  const version = entry.currentVersion + 1;
  const item: KvVersion = { data, createdTime: nowIso(), deletionTime: "", destroyed: false };
  entry.versions[String(version)] = item;
  entry.currentVersion = version;
  entry.updatedTime = item.createdTime;
  const kept = Object.keys(entry.versions)
    .map(Number)
    .sort((a, b) => a - b);
  const max = entry.maxVersions || DEFAULT_MAX_VERSIONS;
  if (kept.length > max) {
    for (const old of kept.slice(0, kept.length - max)) deleteOwn(entry.versions, String(old));
    entry.oldestVersion = kept[kept.length - max] ?? version;
  }
  setOwn(store, key, entry);
  return logical(versionMetadata(entry, version, item));
}

/** The live (not deleted, not destroyed) data of a version; 0 means the current one. */
export function liveVersion(store: Store, key: string, requested: number) {
  const entry = getOwn(store, key);
  const version = requested || (entry?.currentVersion ?? 0);
  const item = entry?.versions[String(version)];
  if (!entry || !item?.data || item.deletionTime !== "" || item.destroyed) throw notFound();
  return { entry, version, item, data: item.data };
}

export function listKeys(store: Store, key: string): string[] {
  const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
  const keys = new Set<string>();
  for (const stored of Object.keys(store)) {
    if (!stored.startsWith(prefix)) continue;
    const rest = stored.slice(prefix.length);
    const slash = rest.indexOf("/");
    keys.add(slash === -1 ? rest : rest.slice(0, slash + 1));
  }
  return [...keys].sort();
}
