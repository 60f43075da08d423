// compose's vault-init job: unseals Vault, then loads every policy file, the AppRoles with the
// role ids and secret ids of the env file, the service client secrets and a first signing key,
// through the same bootstrapVault() the tests and the local runner use.
import {
  bootstrapVault,
  readServiceList,
  type BootstrapVaultOptions,
  type BootstrapVaultResult,
} from "@turnout/provisioning";
import nodeVault from "node-vault";
import { EnvReader, vaultRoleIdVar, vaultSecretIdVar } from "./job-env";
import { runJob } from "./run-job";
import { unsealVault } from "./vault-unseal";

type Credentials = NonNullable<BootstrapVaultOptions["approleCredentials"]>;

export interface VaultPlan {
  addr: string;
  /** Where the unseal key and root token are kept (the vault-init volume). */
  keyFile: string;
  services: string[];
  credentials: Credentials;
}

export function vaultPlan(
  env: NodeJS.ProcessEnv,
  list: ReturnType<typeof readServiceList> = readServiceList(),
): VaultPlan {
  const reader = new EnvReader(env);
  const addr = reader.get("VAULT_ADDR");
  const keyFile = reader.get("VAULT_KEY_FILE");
  const services = list.services.map((s) => s.service);
  const credentials: Credentials = Object.fromEntries(
    services.map((service) => [
      service,
      {
        roleId: reader.get(vaultRoleIdVar(service)),
        secretId: reader.get(vaultSecretIdVar(service)),
      },
    ]),
  );
  reader.done();
  return { addr, keyFile, services, credentials };
}

/** Idempotent; policies and role settings are rewritten from the files on every run. */
export async function configureVault(
  plan: VaultPlan,
  token: string,
  log: (line: string) => void,
): Promise<BootstrapVaultResult> {
  const client = nodeVault({ endpoint: plan.addr, token });
  const result = await bootstrapVault({
    client,
    services: plan.services,
    approleCredentials: plan.credentials,
  });
  // Names only: the secret ids are in the env file already and never belong in a log.
  log(`policies: ${result.policies.join(", ")}`);
  log(`AppRoles: ${Object.keys(result.approles).join(", ")}; signing key ${result.signingKid}`);
  return result;
}

if (require.main === module) {
  runJob("vault-init", async (log) => {
    const plan = vaultPlan(process.env);
    const token = await unsealVault(plan.addr, plan.keyFile, log);
    await configureVault(plan, token, log);
  });
}
