import type { Acl } from "./policy";
import type { VaultReply } from "./responses";
import type { TokenEntry } from "./state";

export type Operation = "read" | "list" | "write" | "patch" | "delete";

export interface VaultRequest {
  op: Operation;
  /** The API path without "/v1/", e.g. "secret/data/turnout/jwt/jwks". */
  path: string;
  query: URLSearchParams;
  /** The JSON body; {} when there is none. */
  body: Record<string, unknown>;
  /** The caller's token, undefined on unauthenticated routes called without one. */
  token: string | undefined;
  tokenEntry: TokenEntry | undefined;
  isRoot: boolean;
  acl: Acl;
}

export type Handler = (request: VaultRequest) => VaultReply;

/** One resolved API path: which operations it serves and how the ACL treats it. */
export interface Route {
  /** Served without a token (health, login). */
  unauthenticated?: boolean;
  /** Needs the sudo capability besides the operation's own (Vault's root-protected paths). */
  sudo?: boolean;
  /** The resource exists: a write is an "update", else a "create". Undefined = always update. */
  exists?: boolean;
  /** The handler checks access itself (paths whose ACL path differs from the API path). */
  ownAccessCheck?: boolean;
  read?: Handler;
  list?: Handler;
  write?: Handler;
  patch?: Handler;
  delete?: Handler;
}
