import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/** Everything the server keeps; with a data file it is written after every change. */
export interface VaultState {
  format: 1;
  /** Secrets engines by path ("secret/"); sys/ is built in and not stored. */
  mounts: Record<string, MountEntry>;
  /** Auth methods by path ("approle/"); token/ is built in and not stored. */
  auths: Record<string, MountEntry>;
  /** Policy name → policy text as written (JSON). */
  policies: Record<string, string>;
  /** Mount path → key → KV v2 entry. */
  kv: Record<string, Record<string, KvEntry>>;
  /** Auth mount path → role name → AppRole role. */
  approle: Record<string, Record<string, RoleEntry>>;
  /** SHA-256 of the token → token; plain tokens are never stored. */
  tokens: Record<string, TokenEntry>;
}

export interface MountEntry {
  type: string;
  description: string;
  accessor: string;
  uuid: string;
  options: Record<string, string> | null;
}

export interface KvVersion {
  data: Record<string, unknown> | null;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
}

export interface KvEntry {
  versions: Record<string, KvVersion>;
  currentVersion: number;
  oldestVersion: number;
  createdTime: string;
  updatedTime: string;
  maxVersions: number;
  casRequired: boolean;
  customMetadata: Record<string, string> | null;
}

export interface SecretIdEntry {
  /** SHA-256 of the secret id. */
  hash: string;
  createdAt: number;
  expiresAt: number | null;
  /** Remaining uses; 0 means unlimited. */
  usesLeft: number;
  metadata: Record<string, string>;
}

export interface RoleEntry {
  roleId: string;
  bindSecretId: boolean;
  tokenPolicies: string[];
  tokenTtl: number;
  tokenMaxTtl: number;
  tokenNumUses: number;
  tokenNoDefaultPolicy: boolean;
  secretIdTtl: number;
  secretIdNumUses: number;
  /** By accessor. */
  secretIds: Record<string, SecretIdEntry>;
}

export interface TokenEntry {
  accessor: string;
  policies: string[];
  displayName: string;
  path: string;
  meta: Record<string, string> | null;
  createdAt: number;
  /** The TTL the token was created or last renewed with, seconds; 0 = never expires. */
  ttl: number;
  expiresAt: number | null;
  maxExpiresAt: number | null;
  renewable: boolean;
  /** Remaining uses; 0 means unlimited. */
  numUses: number;
}

export const emptyState = (): VaultState => ({
  format: 1,
  mounts: {},
  auths: {},
  policies: {},
  kv: {},
  approle: {},
  tokens: {},
});

export function loadState(file: string | undefined): VaultState {
  if (file === undefined || !existsSync(file)) return emptyState();
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const keys = ["mounts", "auths", "policies", "kv", "approle", "tokens"];
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    (parsed as { format?: unknown }).format !== 1 ||
    !keys.every((key) => typeof (parsed as Record<string, unknown>)[key] === "object")
  ) {
    throw new Error(`${file} is not a development Vault data file`);
  }
  return parsed as VaultState;
}

/** Atomic: a reader (or a crash) sees the old file or the new one, never half of one. */
export function saveState(file: string, state: VaultState): void {
  const now = Date.now();
  for (const [hash, token] of Object.entries(state.tokens)) {
    if (token.expiresAt !== null && token.expiresAt <= now) deleteOwn(state.tokens, hash);
  }
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
  renameSync(temporary, file);
}

/*
 * Records here are keyed by names taken from request paths. These two helpers keep a key such
 * as "__proto__" or "constructor" an ordinary entry instead of reaching the prototype.
 */
export const getOwn = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

export function deleteOwn(record: Record<string, unknown>, key: string): void {
  if (Object.hasOwn(record, key)) Reflect.deleteProperty(record, key);
}
