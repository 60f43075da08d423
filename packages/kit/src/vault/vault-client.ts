import nodeVault from "node-vault";
import { z } from "zod";

export type VaultCredentials = { token: string } | { roleId: string; secretId: string };

export interface VaultClientOptions {
  addr: string;
  credentials: VaultCredentials;
  /** KV v2 mount; every Turnout secret lives under it. */
  mount?: string;
  requestTimeoutMs?: number;
}

export interface KvSecret {
  data: Record<string, unknown>;
  version: number;
}

export interface VaultClient {
  readKv(path: string, version?: number): Promise<KvSecret>;
  writeKv(path: string, data: Record<string, unknown>, cas?: number): Promise<number>;
  /** Health for /readyz: the server answers and our identity can log in. */
  ping(): Promise<void>;
}

const kvRead = z.object({
  data: z.object({
    data: z.record(z.string(), z.unknown()),
    metadata: z.object({ version: z.number() }),
  }),
});
const kvWrite = z.object({ data: z.object({ version: z.number() }) });
const login = z.object({ auth: z.object({ client_token: z.string() }) });

export function isVaultStatus(error: unknown, status: number): boolean {
  const response = (error as { response?: { statusCode?: unknown } } | null)?.response;
  return response?.statusCode === status;
}

/**
 * node-vault with AppRole login (a token from the environment is the development shortcut).
 * The AppRole token is fetched lazily and fetched again when Vault refuses it as expired, so a
 * long-running service survives token TTLs without a renewal timer.
 */
export function createVaultClient(options: VaultClientOptions): VaultClient {
  const mount = options.mount ?? "secret";
  const client = nodeVault({
    endpoint: options.addr,
    requestOptions: { timeout: options.requestTimeoutMs ?? 5000 },
  });
  const credentials = options.credentials;
  let loggedIn: Promise<void> | undefined;

  const ensureToken = (force = false): Promise<void> => {
    if ("token" in credentials) {
      client.token = credentials.token;
      return Promise.resolve();
    }
    if (!loggedIn || force) {
      loggedIn = (async () => {
        const reply = login.parse(
          await client.approleLogin({
            role_id: credentials.roleId,
            secret_id: credentials.secretId,
          }),
        );
        client.token = reply.auth.client_token;
      })();
      loggedIn.catch(() => (loggedIn = undefined));
    }
    return loggedIn;
  };

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    await ensureToken();
    try {
      return await fn();
    } catch (error) {
      if (!("roleId" in credentials) || !isVaultStatus(error, 403)) throw error;
      await ensureToken(true);
      return fn();
    }
  }

  return {
    async readKv(path, version) {
      const query = version === undefined ? "" : `?version=${version}`;
      const reply = kvRead.parse(
        await call(() => client.read(`${mount}/data/${path}${query}`) as Promise<unknown>),
      );
      return { data: reply.data.data, version: reply.data.metadata.version };
    },
    async writeKv(path, data, cas) {
      const body = cas === undefined ? { data } : { data, options: { cas } };
      const reply = kvWrite.parse(
        await call(() => client.write(`${mount}/data/${path}`, body) as Promise<unknown>),
      );
      return reply.data.version;
    },
    async ping() {
      await call(() => client.tokenLookupSelf() as Promise<unknown>);
    },
  };
}
