import { isVaultStatus, type VaultClient } from "@turnout/kit";

/** The client secrets of the client-credentials grant, one per service, held in Vault. */
export interface ServiceClientSecrets {
  /** The client's secret, or undefined when Vault holds none for it. */
  secretOf(clientId: string): Promise<string | undefined>;
}

export interface VaultServiceClientOptions {
  vault: VaultClient;
  /** docs/foundation.md: `secret/turnout/service-clients/<service>`, field `client_secret`. */
  pathPrefix?: string;
  /** A cached secret older than this is read again, so a changed secret takes effect soon. */
  maxAgeMs?: number;
}

/** Caches each client's secret (and its absence) briefly, so token requests spare Vault. */
export function createVaultServiceClientSecrets(
  options: VaultServiceClientOptions,
): ServiceClientSecrets {
  const prefix = options.pathPrefix ?? "turnout/service-clients";
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const cache = new Map<string, { secret: string | undefined; readAt: number }>();
  const reading = new Map<string, Promise<string | undefined>>();

  const read = async (clientId: string): Promise<string | undefined> => {
    let secret: string | undefined;
    try {
      const value = (await options.vault.readKv(`${prefix}/${clientId}`)).data.client_secret;
      secret = typeof value === "string" && value.length > 0 ? value : undefined;
    } catch (error) {
      if (!isVaultStatus(error, 404)) throw error;
    }
    cache.set(clientId, { secret, readAt: Date.now() });
    return secret;
  };

  return {
    async secretOf(clientId) {
      const cached = cache.get(clientId);
      if (cached && Date.now() - cached.readAt < maxAgeMs) return cached.secret;
      let pending = reading.get(clientId);
      if (!pending) {
        pending = read(clientId).finally(() => reading.delete(clientId));
        reading.set(clientId, pending);
      }
      return pending;
    },
  };
}
