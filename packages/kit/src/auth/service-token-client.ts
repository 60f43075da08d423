import { z } from "zod";
import type { VaultClient } from "../vault/vault-client";

export interface ServiceTokenClientOptions {
  /** The auth service's base URL inside the platform, e.g. `http://auth-service:4001`. */
  authUrl: string;
  /** This service's name: its client id and the Vault path of its secret. */
  clientId: string;
  /** The service the tokens are for. */
  audience: string;
  /** This service's Vault identity; it may read only its own client secret. */
  vault: VaultClient;
  fetch?: typeof fetch;
  /** A token is replaced this many seconds before it expires (capped at half its lifetime). */
  refreshMarginSeconds?: number;
}

export interface ServiceTokenClient {
  /** A valid service token for the audience, from cache while it has time left. */
  token(): Promise<string>;
}

const tokenReply = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
});
const clientSecret = z.object({ client_secret: z.string().min(1) });

/** A token request auth refused or that could not be made. */
export class ServiceTokenError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ServiceTokenError";
  }
}

/**
 * The caller's side of the client-credentials grant (auth's `POST /internal/token`): reads the
 * service's client secret from Vault when it needs a token, and caches the token until shortly
 * before it expires. Concurrent callers share one request.
 */
export function createServiceTokenClient(options: ServiceTokenClientOptions): ServiceTokenClient {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.authUrl.replace(/\/+$/, "")}/internal/token`;
  const margin = options.refreshMarginSeconds ?? 30;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const request = async (): Promise<string> => {
    const secret = clientSecret.parse(
      (await options.vault.readKv(`turnout/service-clients/${options.clientId}`)).data,
    ).client_secret;
    const res = await doFetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: options.clientId,
        client_secret: secret,
        audience: options.audience,
      }),
    });
    if (!res.ok) {
      const problem = (await res.json().catch(() => ({}))) as { code?: unknown };
      const code = typeof problem.code === "string" ? problem.code : "unknown";
      throw new ServiceTokenError(`service token refused: ${res.status} ${code}`, res.status);
    }
    const reply = tokenReply.parse(await res.json());
    const lifetimeMs = reply.expires_in * 1000;
    const renewAt = Date.now() + lifetimeMs - Math.min(margin * 1000, lifetimeMs / 2);
    cached = { token: reply.access_token, renewAt };
    return reply.access_token;
  };

  return {
    async token() {
      if (cached && Date.now() < cached.renewAt) return cached.token;
      pending ??= request().finally(() => (pending = undefined));
      return pending;
    },
  };
}
