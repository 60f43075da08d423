import { createHash, randomBytes } from "node:crypto";
import { logical, type VaultReply } from "./responses";
import { deleteOwn, type TokenEntry } from "./state";

/** Vault's system default and maximum lease TTL: 32 days. */
export const SYSTEM_MAX_TTL = 768 * 3600;

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const randomId = (bytes: number): string => randomBytes(bytes).toString("base64url");
export const newToken = (): string => `hvs.${randomId(24)}`;

export interface TokenInit {
  policies: string[];
  ttl: number;
  maxTtl: number;
  displayName: string;
  path: string;
  meta: Record<string, string> | null;
  renewable: boolean;
  numUses: number;
}

export class TokenStore {
  private readonly rootHash: string;
  private readonly root: TokenEntry;

  constructor(
    private readonly tokens: Record<string, TokenEntry>,
    rootToken: string,
  ) {
    this.rootHash = sha256(rootToken);
    this.root = {
      accessor: randomId(18),
      policies: ["root"],
      displayName: "root",
      path: "auth/token/root",
      meta: null,
      createdAt: Date.now(),
      ttl: 0,
      expiresAt: null,
      maxExpiresAt: null,
      renewable: false,
      numUses: 0,
    };
  }

  issue(init: TokenInit): { token: string; entry: TokenEntry } {
    const token = newToken();
    const now = Date.now();
    const entry: TokenEntry = {
      accessor: randomId(18),
      policies: [...new Set(init.policies)].sort(),
      displayName: init.displayName,
      path: init.path,
      meta: init.meta,
      createdAt: now,
      ttl: init.ttl,
      expiresAt: init.ttl > 0 ? now + Math.min(init.ttl, init.maxTtl || init.ttl) * 1000 : null,
      maxExpiresAt: init.maxTtl > 0 ? now + init.maxTtl * 1000 : null,
      renewable: init.renewable && init.ttl > 0,
      numUses: init.numUses,
    };
    this.tokens[sha256(token)] = entry;
    return { token, entry };
  }

  /** The live entry of a token; expired tokens are dropped and look like unknown ones. */
  lookup(token: string | undefined): TokenEntry | undefined {
    if (token === undefined || token === "") return undefined;
    const hash = sha256(token);
    if (hash === this.rootHash) return this.root;
    const entry = this.tokens[hash];
    if (entry?.expiresAt != null && entry.expiresAt <= Date.now()) {
      deleteOwn(this.tokens, hash);
      return undefined;
    }
    return entry;
  }

  revoke(token: string): void {
    deleteOwn(this.tokens, sha256(token));
  }
}

const remaining = (entry: TokenEntry): number =>
  entry.expiresAt === null ? 0 : Math.max(0, Math.round((entry.expiresAt - Date.now()) / 1000));

export function lookupData(token: string, entry: TokenEntry): Record<string, unknown> {
  return {
    accessor: entry.accessor,
    creation_time: Math.floor(entry.createdAt / 1000),
    creation_ttl: entry.ttl,
    display_name: entry.displayName,
    entity_id: "",
    expire_time: entry.expiresAt === null ? null : new Date(entry.expiresAt).toISOString(),
    explicit_max_ttl: 0,
    id: token,
    issue_time: new Date(entry.createdAt).toISOString(),
    meta: entry.meta,
    num_uses: entry.numUses,
    orphan: true,
    path: entry.path,
    policies: entry.policies,
    renewable: entry.renewable,
    ttl: remaining(entry),
    type: "service",
  };
}

/** The `auth` block Vault answers logins, renewals and token creation with. */
export function authReply(token: string, entry: TokenEntry): VaultReply {
  return logical(null, {
    auth: {
      client_token: token,
      accessor: entry.accessor,
      policies: entry.policies,
      token_policies: entry.policies,
      metadata: entry.meta,
      lease_duration: remaining(entry),
      renewable: entry.renewable,
      entity_id: "",
      token_type: "service",
      orphan: true,
      mfa_requirement: null,
      num_uses: entry.numUses,
    },
  });
}
