import { z } from "zod";
import { Acl, parsePolicy, PolicyError, type PolicyRules } from "./policy";
import { badRequest, logical, noContent, notFound, parseBody } from "./responses";
import type { Route } from "./route";
import { getOwn, setOwn, type VaultState, deleteOwn } from "./state";

/** The self-service part of Vault's built-in "default" policy. */
export const DEFAULT_POLICY = JSON.stringify(
  {
    path: {
      "auth/token/lookup-self": { capabilities: ["read"] },
      "auth/token/renew-self": { capabilities: ["update"] },
      "auth/token/revoke-self": { capabilities: ["update"] },
      "sys/capabilities-self": { capabilities: ["update"] },
    },
  },
  null,
  2,
);

const POLICY_NAME = /^[\w.@-]+$/;
const parsedByText = new Map<string, PolicyRules>();

function policyText(state: VaultState, name: string): string | undefined {
  return getOwn(state.policies, name) ?? (name === "default" ? DEFAULT_POLICY : undefined);
}

/** The ACL of a set of policy names; unknown names grant nothing, as in Vault. */
export function aclFor(state: VaultState, names: readonly string[]): Acl {
  const rules: PolicyRules[] = [];
  for (const name of names) {
    const text = policyText(state, name);
    if (text === undefined) continue;
    let parsed = parsedByText.get(text);
    if (!parsed) {
      parsed = parsePolicy(text);
      if (parsedByText.size > 1000) parsedByText.clear();
      parsedByText.set(text, parsed);
    }
    rules.push(parsed);
  }
  return new Acl(rules);
}

const writeBody = z.object({ policy: z.string().optional(), rules: z.string().optional() });

function policyNames(state: VaultState): string[] {
  return [...new Set(["default", ...Object.keys(state.policies), "root"])].sort();
}

/**
 * sys/policy/<name> (legacy: {name, rules}) and sys/policies/acl/<name> ({name, policy}).
 * `legacy` selects the response shape; both accept `policy` or `rules` on write.
 */
export function policyRoute(
  state: VaultState,
  rawName: string,
  legacy: boolean,
): Route | undefined {
  if (rawName === "") {
    const list = () => {
      const keys = policyNames(state);
      return legacy
        ? logical({ keys, policies: keys }, { keys, policies: keys })
        : logical({ keys });
    };
    return { read: list, list };
  }
  const name = rawName.toLowerCase();
  if (!POLICY_NAME.test(name)) return undefined;
  return {
    read() {
      const text = name === "root" ? undefined : policyText(state, name);
      if (text === undefined) throw notFound();
      return legacy
        ? logical({ name, rules: text }, { name, rules: text })
        : logical({ name, policy: text });
    },
    write(req) {
      const body = parseBody(writeBody, req.body);
      const text = body.policy ?? body.rules ?? "";
      if (text.trim() === "") throw badRequest("'policy' parameter not supplied or empty");
      if (name === "root") throw badRequest('cannot update "root" policy');
      try {
        parsePolicy(text);
      } catch (error) {
        if (error instanceof PolicyError) throw badRequest(error.message);
        throw error;
      }
      setOwn(state.policies, name, text);
      return noContent();
    },
    delete() {
      if (name === "root" || name === "default") throw badRequest(`cannot delete "${name}" policy`);
      deleteOwn(state.policies, name);
      return noContent();
    },
  };
}
