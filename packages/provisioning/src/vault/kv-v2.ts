import nodeVault from "node-vault";
import { z } from "zod";

/** Where Vault is and the token to use there. */
export interface VaultConnection {
  addr: string;
  token: string;
}

/** One version of a KV v2 secret, with the metadata the rotation rules need. */
export interface KvVersion {
  data: Record<string, unknown>;
  version: number;
  /** When this version was written (Vault's clock). */
  createdTime: Date;
}

/** The KV v2 calls key rotation makes; the ops command and its tests share one implementation. */
export interface KvV2 {
  /** The current version, or undefined when the secret does not exist (or its version is deleted). */
  read(path: string): Promise<KvVersion | undefined>;
  /** Writes a new version only if `cas` is still the current one; returns the version written. */
  write(path: string, data: Record<string, unknown>, cas: number): Promise<number>;
}

/** A check-and-set write lost: someone else wrote the secret since we read it. */
export class CasMismatchError extends Error {
  override name = "CasMismatchError";
  constructor(
    readonly path: string,
    readonly expectedVersion: number,
    options?: { cause?: unknown },
  ) {
    super(`${path} changed since version ${expectedVersion} was read`, options);
  }
}

const readReply = z.object({
  data: z.object({
    data: z.record(z.string(), z.unknown()).nullable(),
    metadata: z.object({ version: z.number(), created_time: z.string() }),
  }),
});
const writeReply = z.object({ data: z.object({ version: z.number() }) });

function statusOf(error: unknown): number | undefined {
  const response = (error as { response?: { statusCode?: unknown } } | null)?.response;
  return typeof response?.statusCode === "number" ? response.statusCode : undefined;
}

/** KV v2 over node-vault. `path` is below the mount: "turnout/jwt/signing". */
export function createKvV2(connection: VaultConnection, mount = "secret"): KvV2 {
  const client = nodeVault({
    endpoint: connection.addr,
    token: connection.token,
    requestOptions: { timeout: 10_000 },
  });
  return {
    async read(path) {
      let reply: unknown;
      try {
        reply = await (client.read(`${mount}/data/${path}`) as Promise<unknown>);
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
      const { data, metadata } = readReply.parse(reply).data;
      if (data === null) return undefined;
      return {
        data,
        version: metadata.version,
        createdTime: new Date(metadata.created_time),
      };
    },
    async write(path, data, cas) {
      try {
        const reply = await (client.write(`${mount}/data/${path}`, {
          data,
          options: { cas },
        }) as Promise<unknown>);
        return writeReply.parse(reply).data.version;
      } catch (error) {
        // Vault answers a lost check-and-set with 400 "check-and-set parameter did not match".
        if (statusOf(error) === 400 && /check-and-set/i.test(String(error))) {
          throw new CasMismatchError(path, cas, { cause: error });
        }
        throw error;
      }
    },
  };
}
