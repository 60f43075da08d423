import { z } from "zod";

/**
 * The node-vault calls the bootstrap makes, typed. A `nodeVault({ endpoint, token })` client
 * satisfies it as is; node-vault's own declarations answer `any`, which stays out of here.
 */
export interface VaultAdminClient {
  read(path: string): Promise<unknown>;
  write(path: string, data: unknown): Promise<unknown>;
  list(path: string): Promise<unknown>;
  mounts(): Promise<unknown>;
  mount(options: {
    mount_point: string;
    type: string;
    options?: Record<string, string>;
  }): Promise<unknown>;
  auths(): Promise<unknown>;
  enableAuth(options: { mount_point: string; type: string }): Promise<unknown>;
  addPolicy(options: { name: string; policy: string }): Promise<unknown>;
  getApproleRoleId(options: { role_name: string }): Promise<unknown>;
  getApproleRoleSecret(options: { role_name: string }): Promise<unknown>;
}

/** node-vault rejects with `response.statusCode` set for every non-2xx answer. */
export function isVaultStatus(error: unknown, status: number): boolean {
  if (typeof error !== "object" || error === null || !("response" in error)) return false;
  const response: unknown = error.response;
  return typeof response === "object" && response !== null && "statusCode" in response
    ? response.statusCode === status
    : false;
}

const kvRead = z.object({
  data: z.object({
    data: z.record(z.string(), z.unknown()),
    metadata: z.object({ version: z.number() }),
  }),
});

/** The latest data of a KV v2 secret, or undefined when it does not exist (404). */
export async function readKv(
  client: VaultAdminClient,
  apiPath: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    return kvRead.parse(await client.read(apiPath)).data.data;
  } catch (error) {
    if (isVaultStatus(error, 404)) return undefined;
    throw error;
  }
}

/**
 * Writes only if the secret is still absent (check-and-set 0). Returns false when another
 * writer got there first, which Vault reports as a 400.
 */
export async function createKvOnce(
  client: VaultAdminClient,
  apiPath: string,
  data: Record<string, unknown>,
): Promise<boolean> {
  try {
    await client.write(apiPath, { data, options: { cas: 0 } });
    return true;
  } catch (error) {
    if (isVaultStatus(error, 400) && (await readKv(client, apiPath)) !== undefined) return false;
    throw error;
  }
}

const mountTable = z.record(z.string(), z.unknown());
const mountEntry = z.object({
  type: z.string(),
  options: z.record(z.string(), z.string()).nullable().optional(),
});

/** An entry of a sys/mounts or sys/auth table; Vault repeats the table under `data`. */
export function mountOf(reply: unknown, path: string): z.infer<typeof mountEntry> | undefined {
  const top = mountTable.parse(reply);
  const table = mountTable.safeParse(top.data);
  const raw = table.success && path in table.data ? table.data[path] : top[path];
  return raw === undefined ? undefined : mountEntry.parse(raw);
}
