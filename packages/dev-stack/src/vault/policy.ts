export const CAPABILITIES = [
  "create",
  "read",
  "update",
  "patch",
  "delete",
  "list",
  "sudo",
  "deny",
] as const;
export type Capability = (typeof CAPABILITIES)[number];
export type PolicyRules = ReadonlyMap<string, ReadonlySet<Capability>>;

export class PolicyError extends Error {}

// The pre-0.9 `policy = "write"` shorthand, still accepted by Vault.
const LEGACY: Record<string, Capability[]> = {
  deny: ["deny"],
  read: ["read", "list"],
  write: ["create", "read", "update", "patch", "delete", "list"],
  sudo: ["create", "read", "update", "patch", "delete", "list", "sudo"],
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isCapability = (value: unknown): value is Capability =>
  CAPABILITIES.some((capability) => capability === value);

function addRule(rules: Map<string, Set<Capability>>, rawPath: string, rule: unknown): void {
  const path = rawPath.replace(/^\/+/, "");
  if (path.slice(0, -1).includes("*")) {
    throw new PolicyError(`path "${rawPath}": "*" is only allowed at the end of a path`);
  }
  if (!isRecord(rule)) throw new PolicyError(`path "${rawPath}": rule must be an object`);
  const capabilities = new Set<Capability>(rules.get(path));
  for (const [key, value] of Object.entries(rule)) {
    if (key === "capabilities") {
      if (!Array.isArray(value))
        throw new PolicyError(`path "${rawPath}": capabilities must be a list`);
      for (const capability of value) {
        if (!isCapability(capability)) {
          throw new PolicyError(
            `path "${rawPath}": invalid capability ${JSON.stringify(capability)}`,
          );
        }
        capabilities.add(capability);
      }
    } else if (key === "policy" && typeof value === "string" && value in LEGACY) {
      for (const capability of LEGACY[value] ?? []) capabilities.add(capability);
    } else {
      // Parameter constraints, wrapping TTLs and control groups change what a rule allows;
      // silently ignoring them would make this server more permissive than real Vault.
      throw new PolicyError(
        `path "${rawPath}": "${key}" is not supported by the development server`,
      );
    }
  }
  rules.set(path, capabilities.has("deny") ? new Set<Capability>(["deny"]) : capabilities);
}

/** Parses a policy in Vault's JSON syntax. HCL is rejected with an explicit message. */
export function parsePolicy(text: string): PolicyRules {
  if (!text.trim().startsWith("{")) {
    throw new PolicyError(
      "failed to parse policy: the development Vault server accepts JSON policies only (HCL is not supported)",
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`failed to parse policy: ${(error as Error).message}`);
  }
  if (!isRecord(document)) throw new PolicyError("failed to parse policy: not an object");
  const rules = new Map<string, Set<Capability>>();
  for (const [key, value] of Object.entries(document)) {
    if (key !== "path") throw new PolicyError(`failed to parse policy: invalid key "${key}"`);
    // HCL's JSON form allows a block to be repeated as a list of objects.
    const blocks: unknown[] = Array.isArray(value) ? value : [value];
    for (const block of blocks) {
      if (!isRecord(block)) throw new PolicyError("failed to parse policy: path must be an object");
      for (const [path, rule] of Object.entries(block)) addRule(rules, path, rule);
    }
  }
  return rules;
}

interface Candidate {
  firstWildcard: number;
  wildcards: number;
  isPrefix: boolean;
  pattern: string;
  capabilities: ReadonlySet<Capability>;
}

/** Same ordering as Vault's acl.go: later first wildcard, non-glob, fewer "+", longer, greater. */
function higher(a: Candidate, b: Candidate): boolean {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard > b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return !a.isPrefix;
  if (a.wildcards !== b.wildcards) return a.wildcards < b.wildcards;
  if (a.pattern.length !== b.pattern.length) return a.pattern.length > b.pattern.length;
  return a.pattern > b.pattern;
}

/** The merged rules of a token's policies, evaluated the way Vault's ACL does. */
export class Acl {
  private readonly exact = new Map<string, Set<Capability>>();
  private readonly prefixes = new Map<string, Set<Capability>>();
  private readonly segmentWildcards = new Map<string, Set<Capability>>();

  constructor(policies: Iterable<PolicyRules>) {
    for (const rules of policies) {
      for (const [pattern, capabilities] of rules) {
        const target = pattern.includes("+")
          ? this.segmentWildcards
          : pattern.endsWith("*")
            ? this.prefixes
            : this.exact;
        const key = target === this.prefixes ? pattern.slice(0, -1) : pattern;
        const merged = new Set<Capability>([...(target.get(key) ?? []), ...capabilities]);
        target.set(key, merged.has("deny") ? new Set<Capability>(["deny"]) : merged);
      }
    }
  }

  capabilities(path: string, isList = false): ReadonlySet<Capability> {
    const exact =
      this.exact.get(path) ?? (isList ? this.exact.get(path.replace(/\/$/, "")) : undefined);
    if (exact) return exact;
    if (isList && path.endsWith("/")) {
      const found = this.nonExact(path.slice(0, -1));
      if (found) return found;
    }
    return this.nonExact(path) ?? new Set();
  }

  allows(path: string, capability: Capability, isList = false): boolean {
    const capabilities = this.capabilities(path, isList);
    return !capabilities.has("deny") && capabilities.has(capability);
  }

  private nonExact(path: string): ReadonlySet<Capability> | undefined {
    let best: Candidate | undefined;
    const consider = (candidate: Candidate): void => {
      if (!best || higher(candidate, best)) best = candidate;
    };
    let longest = "";
    let longestCapabilities: ReadonlySet<Capability> | undefined;
    for (const [prefix, capabilities] of this.prefixes) {
      if (path.startsWith(prefix) && (!longestCapabilities || prefix.length > longest.length)) {
        longest = prefix;
        longestCapabilities = capabilities;
      }
    }
    if (longestCapabilities) {
      consider({
        firstWildcard: longest.length,
        wildcards: 0,
        isPrefix: true,
        pattern: longest,
        capabilities: longestCapabilities,
      });
    }
    const parts = path.split("/");
    for (const [full, capabilities] of this.segmentWildcards) {
      const isPrefix = full.endsWith("*");
      const pattern = isPrefix ? full.slice(0, -1) : full;
      const segments = pattern.split("/");
      if (parts.length < segments.length || (!isPrefix && parts.length !== segments.length))
        continue;
      let wildcards = 0;
      const matches = segments.every((segment, i) => {
        const part = parts[i] ?? "";
        if (segment === "+") return ++wildcards > 0;
        if (segment === part) return true;
        return isPrefix && i === segments.length - 1 && part.startsWith(segment);
      });
      if (matches) {
        consider({ firstWildcard: full.indexOf("+"), wildcards, isPrefix, pattern, capabilities });
      }
    }
    return best?.capabilities;
  }
}
