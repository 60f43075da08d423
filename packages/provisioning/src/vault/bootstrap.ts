import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { JWK } from "jose";
import { z } from "zod";
import { repoRoot } from "../repo-root";
import { createKvOnce, mountOf, readKv, type VaultAdminClient } from "./admin-client";
import { generateSigningKey, publicJwkOf, signingSecretData } from "../keys/signing-key";
import { keyPaths, type KeyFamily } from "../keys/key-family";

export interface BootstrapVaultOptions {
  /** node-vault client holding a privileged token (root, or an admin policy). */
  client: VaultAdminClient;
  /** Folder of `<policy name>.json` files; defaults to the repository's infra/vault/policies. */
  policiesDir?: string;
  /** Service names ("auth-service", ...); each gets AppRole and policy `turnout-<service>`. */
  services: readonly string[];
  /** TTL of the tokens the AppRoles issue (Vault duration); default "1h". */
  tokenTtl?: string;
  /** Longest a renewed AppRole token lives; default "24h". */
  tokenMaxTtl?: string;
  /**
   * Fixed AppRole credentials per service, for deployments that hand them to the services
   * before Vault exists (docker-compose reads them from its env file). A service listed here
   * gets exactly this role id and this secret id, and every other secret id of its role is
   * revoked; services not listed get Vault-generated ones.
   */
  approleCredentials?: Readonly<Record<string, AppRoleCredentials>>;
}

export interface AppRoleCredentials {
  roleId: string;
  secretId: string;
}

export interface BootstrapVaultResult {
  /**
   * Per service: the AppRole credentials (the fixed ones where given; otherwise a new secret id
   * on every run, and a stable role id).
   */
  approles: Record<string, AppRoleCredentials>;
  /** The kid of the key in secret/turnout/jwt/signing. */
  signingKid: string;
  /** The kid of the key in secret/turnout/tickets/signing. */
  ticketSigningKid: string;
  /** Policies written, by name. */
  policies: string[];
  /** What this run created; all false/empty on a run against an already bootstrapped Vault. */
  created: {
    kvMount: boolean;
    approleAuth: boolean;
    signingKey: boolean;
    jwks: boolean;
    /** secret/turnout/tickets/signing and secret/turnout/tickets/jwks. */
    ticketSigningKey: boolean;
    ticketJwks: boolean;
    clientSecrets: string[];
    /** secret/turnout/notification/webhook-secrets-key (encrypts webhook secrets at rest). */
    webhookSecretsKey: boolean;
  };
}

const KV = "secret";
const dataPath = (path: string): string => `${KV}/data/${path}`;
const serviceClientPath = (service: string): string =>
  `${KV}/data/turnout/service-clients/${service}`;
const WEBHOOK_SECRETS_KEY = "turnout/notification/webhook-secrets-key";
export const turnoutRoleName = (service: string): string => `turnout-${service}`;

const roleIdReply = z.object({ data: z.object({ role_id: z.string() }) });
const secretIdReply = z.object({ data: z.object({ secret_id: z.string() }) });
const accessorReply = z.object({ data: z.object({ secret_id_accessor: z.string() }) });
const keyList = z.object({ data: z.object({ keys: z.array(z.string()) }) });
const signingData = z.object({ kid: z.string(), private_jwk: z.string() });
const jwkList = z.array(z.looseObject({ kid: z.string().optional() }));

async function readPolicies(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir)).filter((file) => file.endsWith(".json")).sort();
  const policies = new Map<string, string>();
  for (const file of files) {
    const text = await readFile(join(dir, file), "utf8");
    try {
      JSON.parse(text);
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    policies.set(file.slice(0, -".json".length), text);
  }
  return policies;
}

async function ensureEngines(client: VaultAdminClient): Promise<[boolean, boolean]> {
  const kv = mountOf(await client.mounts(), `${KV}/`);
  if (kv && !(kv.type === "kv" && kv.options?.version === "2") && kv.type !== "kv-v2") {
    throw new Error(`${KV}/ is mounted as "${kv.type}", not as KV version 2`);
  }
  if (!kv) await client.mount({ mount_point: KV, type: "kv", options: { version: "2" } });
  const approle = mountOf(await client.auths(), "approle/");
  if (approle && approle.type !== "approle") {
    throw new Error(`auth/approle/ is enabled as "${approle.type}", not as approle`);
  }
  if (!approle) await client.enableAuth({ mount_point: "approle", type: "approle" });
  return [!kv, !approle];
}

/** Makes sure a family's signing key exists and that its published set holds its public half. */
async function ensureSigningKey(client: VaultAdminClient, family: KeyFamily) {
  const paths = keyPaths(family);
  const signingPath = dataPath(paths.signing);
  const jwksPath = dataPath(paths.jwks);
  let generated: JWK | undefined;
  let current = await readKv(client, signingPath);
  if (current === undefined) {
    const key = await generateSigningKey();
    if (await createKvOnce(client, signingPath, signingSecretData(key))) generated = key.publicJwk;
    current = await readKv(client, signingPath);
  }
  const signing = signingData.parse(current);
  const jwks = await readKv(client, jwksPath);
  const keys = jwks === undefined ? [] : jwkList.parse(JSON.parse(z.string().parse(jwks.keys)));
  let wroteJwks = false;
  // Also repairs a run that stopped between the two writes, or a key rotated in by hand.
  if (!keys.some((key) => key.kid === signing.kid)) {
    const publicJwk =
      generated ?? publicJwkOf(z.looseObject({}).parse(JSON.parse(signing.private_jwk)));
    await client.write(jwksPath, { data: { keys: JSON.stringify([publicJwk, ...keys]) } });
    wroteJwks = true;
  }
  return { kid: signing.kid, signingKey: generated !== undefined, jwks: wroteJwks };
}

/**
 * Makes `secretId` the only secret id of the role. Vault refuses to register one that is already
 * registered (500), so it is destroyed first (a no-op when absent); a service whose token runs
 * out in that instant retries its login. Every other secret id (an earlier value of the env
 * file, or one drawn by hand) is revoked, so changing the value rotates it.
 */
async function pinSecretId(client: VaultAdminClient, role: string, secretId: string) {
  const base = `auth/approle/role/${role}`;
  await client.write(`${base}/secret-id/destroy`, { secret_id: secretId });
  const created = await client.write(`${base}/custom-secret-id`, { secret_id: secretId });
  const keep = accessorReply.parse(created).data.secret_id_accessor;
  const accessors = keyList.parse(await client.list(`${base}/secret-id`)).data.keys;
  for (const accessor of accessors.filter((a) => a !== keep)) {
    await client.write(`${base}/secret-id-accessor/destroy`, { secret_id_accessor: accessor });
  }
}

/**
 * Brings a Vault (real, or the development server) to the state Turnout expects. Idempotent:
 * nothing that exists is replaced, except policies and role settings, rewritten from the files.
 */
export async function bootstrapVault(
  options: BootstrapVaultOptions,
): Promise<BootstrapVaultResult> {
  const { client, services } = options;
  const [kvMount, approleAuth] = await ensureEngines(client);

  const policies = await readPolicies(
    options.policiesDir ?? join(repoRoot(), "infra", "vault", "policies"),
  );
  const missing = services.map(turnoutRoleName).filter((name) => !policies.has(name));
  if (missing.length > 0) throw new Error(`no policy file for ${missing.join(", ")}`);
  for (const [name, policy] of policies) await client.addPolicy({ name, policy });

  const approles: BootstrapVaultResult["approles"] = {};
  const clientSecrets: string[] = [];
  for (const service of services) {
    const role = turnoutRoleName(service);
    const fixed = options.approleCredentials?.[service];
    await client.write(`auth/approle/role/${role}`, {
      token_policies: [role],
      token_ttl: options.tokenTtl ?? "1h",
      token_max_ttl: options.tokenMaxTtl ?? "24h",
      ...(fixed ? { role_id: fixed.roleId } : {}),
    });
    const roleId = roleIdReply.parse(await client.getApproleRoleId({ role_name: role })).data
      .role_id;
    let secretId: string;
    if (fixed) {
      await pinSecretId(client, role, fixed.secretId);
      secretId = fixed.secretId;
    } else {
      secretId = secretIdReply.parse(await client.getApproleRoleSecret({ role_name: role })).data
        .secret_id;
    }
    approles[service] = { roleId, secretId };

    const path = serviceClientPath(service);
    if ((await readKv(client, path)) === undefined) {
      const secret = randomBytes(32).toString("base64url");
      if (await createKvOnce(client, path, { client_secret: secret })) clientSecrets.push(service);
    }
  }

  const signing = await ensureSigningKey(client, "jwt");
  const tickets = await ensureSigningKey(client, "tickets");
  // AES-256 key of the notification service's webhook secrets; never replaced (it would make
  // every stored secret unreadable).
  const webhookKeyPath = dataPath(WEBHOOK_SECRETS_KEY);
  const webhookSecretsKey =
    (await readKv(client, webhookKeyPath)) === undefined &&
    (await createKvOnce(client, webhookKeyPath, { key: randomBytes(32).toString("base64") }));
  return {
    approles,
    signingKid: signing.kid,
    ticketSigningKid: tickets.kid,
    policies: [...policies.keys()],
    created: {
      kvMount,
      approleAuth,
      signingKey: signing.signingKey,
      jwks: signing.jwks,
      ticketSigningKey: tickets.signingKey,
      ticketJwks: tickets.jwks,
      clientSecrets,
      webhookSecretsKey,
    },
  };
}
