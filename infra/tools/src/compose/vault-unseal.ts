// Initialises and unseals a real Vault server (file storage), which starts sealed after every
// restart. The development server is never sealed, so only the "already done" path runs there.
import { constants } from "node:fs";
import { access, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { retryUntil } from "./run-job";

const initStatus = z.object({ initialized: z.boolean() });
const initReply = z.object({
  keys_base64: z.array(z.string()).min(1),
  root_token: z.string().min(1),
});
const sealStatus = z.object({ sealed: z.boolean() });
const keyFileSchema = z.object({
  unseal_keys_b64: z.array(z.string()).min(1),
  root_token: z.string().min(1),
});
export type VaultKeys = z.infer<typeof keyFileSchema>;

async function call(addr: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${addr}/v1/${path}`, {
    method: body === undefined ? "GET" : "PUT",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function readKeys(keyFile: string): Promise<VaultKeys> {
  let text: string;
  try {
    text = await readFile(keyFile, "utf8");
  } catch (error) {
    throw new Error(
      `Vault is initialised but ${keyFile} is missing: it was initialised outside vault-init, ` +
        "or the vault-init volume was removed without the vault-data volume (remove both to start over)",
      { cause: error },
    );
  }
  return keyFileSchema.parse(JSON.parse(text));
}

/** Written next to its final name and renamed, so a crash never leaves half a key file. */
async function writeKeys(keyFile: string, keys: VaultKeys): Promise<void> {
  const temporary = `${keyFile}.tmp`;
  await writeFile(temporary, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 });
  await rename(temporary, keyFile);
}

/**
 * Initialises Vault on its first start (one key share: a single-host deployment whose one
 * operator is this job), unseals it on every start, and returns the root token. The keys stay in
 * `keyFile`, on a volume only this job mounts.
 */
export async function unsealVault(
  addr: string,
  keyFile: string,
  log: (line: string) => void,
): Promise<string> {
  // Any answer will do here: sys/health reports a sealed or uninitialised server with 5xx.
  await retryUntil(() => fetch(`${addr}/v1/sys/health`), {
    deadlineMs: 120_000,
    delayMs: 1_000,
    what: `reaching Vault at ${addr}`,
  });
  if (!initStatus.parse(await call(addr, "sys/init")).initialized) {
    // Checked first: keys that cannot be saved would leave a Vault nobody can ever unseal.
    await access(dirname(keyFile), constants.W_OK);
    log("initialising Vault");
    const reply = initReply.parse(
      await call(addr, "sys/init", { secret_shares: 1, secret_threshold: 1 }),
    );
    await writeKeys(keyFile, { unseal_keys_b64: reply.keys_base64, root_token: reply.root_token });
  }
  const keys = await readKeys(keyFile);
  if (sealStatus.parse(await call(addr, "sys/seal-status")).sealed) {
    log("unsealing Vault");
    let sealed = true;
    for (const key of keys.unseal_keys_b64) {
      sealed = sealStatus.parse(await call(addr, "sys/unseal", { key })).sealed;
      if (!sealed) break;
    }
    if (sealed) throw new Error(`Vault is still sealed after every key in ${keyFile}`);
  }
  // 200 only once the node is unsealed and active, i.e. ready for the bootstrap's writes.
  await retryUntil(() => call(addr, "sys/health"), {
    deadlineMs: 60_000,
    delayMs: 1_000,
    what: "waiting for Vault to become active",
  });
  return keys.root_token;
}
