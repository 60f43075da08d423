import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Acl, parsePolicy, PolicyError } from "../src/vault/policy";
import { repoRoot } from "@turnout/provisioning";

const acl = (...policies: object[]) =>
  new Acl(policies.map((policy) => parsePolicy(JSON.stringify(policy))));

describe("policy parsing", () => {
  it("refuses HCL with a message saying only JSON is supported", () => {
    expect(() => parsePolicy('path "secret/*" { capabilities = ["read"] }')).toThrow(
      /JSON policies only/,
    );
  });

  it("refuses unknown capabilities and unsupported rule keys", () => {
    expect(() => parsePolicy('{"path":{"a":{"capabilities":["fly"]}}}')).toThrow(PolicyError);
    expect(() =>
      parsePolicy('{"path":{"a":{"capabilities":["read"],"allowed_parameters":{"x":[]}}}}'),
    ).toThrow(/not supported/);
    expect(() => parsePolicy('{"path":{"a/*/b":{"capabilities":["read"]}}}')).toThrow(
      /only allowed/,
    );
  });

  it("parses every policy file of the repository", () => {
    const dir = join(repoRoot(), "infra", "vault", "policies");
    const files = readdirSync(dir).filter((file) => file.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const rules = parsePolicy(readFileSync(join(dir, file), "utf8"));
      // The token's self-service paths come from Vault's own "default" policy, not from ours.
      expect(rules.has("auth/token/lookup-self")).toBe(false);
      expect(rules.size).toBeGreaterThan(0);
    }
  });
});

describe("ACL evaluation", () => {
  it("matches exact paths only exactly", () => {
    const a = acl({ path: { "secret/data/a": { capabilities: ["read"] } } });
    expect(a.allows("secret/data/a", "read")).toBe(true);
    expect(a.allows("secret/data/ab", "read")).toBe(false);
    expect(a.allows("secret/data/a/b", "read")).toBe(false);
    expect(a.allows("secret/data/a", "update")).toBe(false);
  });

  it("treats a trailing * as a prefix and + as exactly one segment", () => {
    const a = acl({
      path: {
        "secret/data/x/*": { capabilities: ["read"] },
        "secret/data/+/own": { capabilities: ["update"] },
      },
    });
    expect(a.allows("secret/data/x/deep/er", "read")).toBe(true);
    expect(a.allows("secret/data/svc/own", "update")).toBe(true);
    expect(a.allows("secret/data/svc/deep/own", "update")).toBe(false);
  });

  it("lets deny win over grants from other policies on the same path", () => {
    const a = acl(
      { path: { "secret/data/s": { capabilities: ["read", "update"] } } },
      { path: { "secret/data/s": { capabilities: ["deny"] } } },
    );
    expect(a.allows("secret/data/s", "read")).toBe(false);
    expect([...a.capabilities("secret/data/s")]).toEqual(["deny"]);
  });

  it("uses the most specific rule: exact, then the longest prefix", () => {
    const a = acl({
      path: {
        "secret/*": { capabilities: ["read"] },
        "secret/data/private/*": { capabilities: ["deny"] },
        "secret/data/private/open": { capabilities: ["read"] },
      },
    });
    expect(a.allows("secret/data/public", "read")).toBe(true);
    expect(a.allows("secret/data/private/key", "read")).toBe(false);
    expect(a.allows("secret/data/private/open", "read")).toBe(true);
  });

  it("prefers a later first wildcard, then a non-glob (Vault's ordering)", () => {
    const a = acl({
      path: {
        "a/+/c": { capabilities: ["read"] },
        "a/b/+": { capabilities: ["update"] },
        "a/b/*": { capabilities: ["list"] },
      },
    });
    expect([...a.capabilities("a/b/c")]).toEqual(["update"]);
  });

  it("lists a folder through the rule for its contents", () => {
    const a = acl({ path: { "secret/metadata/turnout/jwt/*": { capabilities: ["list"] } } });
    expect(a.allows("secret/metadata/turnout/jwt/", "list", true)).toBe(true);
    expect(a.allows("secret/metadata/turnout/", "list", true)).toBe(false);
  });
});
