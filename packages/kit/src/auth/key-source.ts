import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import type { VaultClient } from "../vault/vault-client";

/** Where verifiers find the public keys; Vault in every service, a fixed set in unit tests. */
export interface KeySource {
  getKey: JWTVerifyGetKey;
  /** Reads the key set again now (also done periodically and on an unknown `kid`). */
  refresh(): Promise<void>;
  /** True once a key set has been read: part of /readyz. */
  ready(): boolean;
  /** The public key set as last read (read now if never read): what auth publishes as JWKS. */
  keySet(): Promise<JSONWebKeySet>;
  /** Changes whenever a re-read finds a different key set (a rotation): caches of verified tokens key on it. */
  version(): number;
  stop(): void;
}

const publicJwk = z
  .looseObject({ kty: z.string(), kid: z.string() })
  .refine((jwk) => !("d" in jwk), {
    message: "a public key set must not contain private key material",
  });
const jwksSecret = z.object({ keys: z.string() });

export function parseKeySet(text: string): JSONWebKeySet {
  const keys = z.array(publicJwk).parse(JSON.parse(text));
  return { keys };
}

export interface VaultKeySourceOptions {
  vault: VaultClient;
  /** KV v2 path of the public set (see docs/foundation.md). */
  path?: string;
  /** Periodic re-read, so a rotation needs no restart. */
  refreshIntervalMs?: number;
  /**
   * An unknown `kid` triggers a re-read at most this often, so forged kids cannot flood Vault;
   * a request with an unknown kid waits for the next allowed re-read (at most this long).
   */
  minRefreshGapMs?: number;
  onError?: (error: unknown) => void;
}

export function createVaultKeySource(options: VaultKeySourceOptions): KeySource {
  const path = options.path ?? "turnout/jwt/jwks";
  const minGap = options.minRefreshGapMs ?? 1_000;
  return createRefreshingKeySource(
    async () => {
      const secret = await options.vault.readKv(path);
      return parseKeySet(jwksSecret.parse(secret.data).keys);
    },
    {
      refreshIntervalMs: options.refreshIntervalMs ?? 30_000,
      minRefreshGapMs: minGap,
      onError: options.onError,
    },
  );
}

export function createStaticKeySource(jwks: JSONWebKeySet): KeySource {
  return createRefreshingKeySource(() => Promise.resolve(jwks), {
    refreshIntervalMs: 0,
    minRefreshGapMs: 0,
  });
}

interface RefreshOptions {
  refreshIntervalMs: number;
  minRefreshGapMs: number;
  onError?: ((error: unknown) => void) | undefined;
}

function createRefreshingKeySource(
  load: () => Promise<JSONWebKeySet>,
  options: RefreshOptions,
): KeySource {
  let local: JWTVerifyGetKey | undefined;
  let loaded: JSONWebKeySet | undefined;
  let lastAttempt = 0;
  let inFlight: Promise<void> | undefined;
  let version = 0;
  let loadedText = "";

  const refresh = (): Promise<void> => {
    inFlight ??= (async () => {
      lastAttempt = Date.now();
      try {
        const set = await load();
        const text = JSON.stringify(set);
        if (text === loadedText) return;
        local = createLocalJWKSet(set);
        loaded = set;
        loadedText = text;
        version++;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
  const refreshQuietly = () => refresh().catch((error: unknown) => options.onError?.(error));

  const timer =
    options.refreshIntervalMs > 0
      ? setInterval(() => void refreshQuietly(), options.refreshIntervalMs)
      : undefined;
  timer?.unref();

  const current = async (): Promise<JWTVerifyGetKey> => {
    if (!local) await refresh();
    if (!local) throw new Error("no key set loaded");
    return local;
  };

  // An unknown kid re-reads the set at most once per gap. Within the gap the request waits for
  // the next allowed re-read (one for all that wait) instead of being refused: a key published
  // just after the last re-read — a rotation — is then accepted, and forged kids still cost
  // Vault one read per gap.
  let nextRead: Promise<void> | undefined;
  const refreshWithinGap = (): Promise<void> => {
    const wait = lastAttempt + options.minRefreshGapMs - Date.now();
    if (wait <= 0) return refreshQuietly();
    nextRead ??= new Promise<void>((resolve) => setTimeout(resolve, wait).unref())
      .then(() => {
        nextRead = undefined;
      })
      .then(refreshQuietly);
    return nextRead;
  };

  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await (
        await current()
      )(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      await refreshWithinGap();
      return (await current())(header, token);
    }
  };

  return {
    getKey,
    refresh,
    ready: () => local !== undefined,
    version: () => version,
    async keySet() {
      if (!loaded) await refresh();
      if (!loaded) throw new Error("no key set loaded");
      return loaded;
    },
    stop: () => {
      clearInterval(timer);
    },
  };
}
