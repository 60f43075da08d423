import { importJWK, type CryptoKey, type JWK } from "jose";
import { z } from "zod";
import type { VaultClient } from "../vault/vault-client";
import { TOKEN_ALGORITHMS } from "./verify-token";

/** A private signing key as read from Vault (access tokens, tickets). */
export interface SigningKey {
  kid: string;
  alg: (typeof TOKEN_ALGORITHMS)[number];
  privateKey: CryptoKey | Uint8Array;
}

export interface SigningKeySource {
  current(): Promise<SigningKey>;
}

// docs/key-rotation.md: fields `kid`, `alg`, `private_jwk` (JSON text of a private JWK).
const signingSecret = z.object({
  kid: z.string().min(1),
  alg: z.enum(TOKEN_ALGORITHMS),
  private_jwk: z.string().min(1),
});

export interface VaultSigningKeyOptions {
  vault: VaultClient;
  /** KV v2 path of the signing secret, e.g. `turnout/jwt/signing`. */
  path: string;
  /** A cached key older than this is read again: rotation reaches new signatures without restart. */
  maxAgeMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The current signing key, cached. When a re-read fails the previous key keeps signing (it is
 * still in the public set), so a short Vault outage does not stop signing.
 */
export function createVaultSigningKeySource(options: VaultSigningKeyOptions): SigningKeySource {
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  let cached: { key: SigningKey; readAt: number } | undefined;
  let reading: Promise<SigningKey> | undefined;

  const read = async (): Promise<SigningKey> => {
    const secret = signingSecret.parse((await options.vault.readKv(options.path)).data);
    const jwk = JSON.parse(secret.private_jwk) as JWK;
    const key: SigningKey = {
      kid: secret.kid,
      alg: secret.alg,
      privateKey: await importJWK(jwk, secret.alg),
    };
    cached = { key, readAt: Date.now() };
    return key;
  };

  return {
    async current() {
      if (cached && Date.now() - cached.readAt < maxAgeMs) return cached.key;
      // One read at a time, however many requests arrive while it runs.
      reading ??= read().finally(() => (reading = undefined));
      try {
        return await reading;
      } catch (error) {
        if (!cached) throw error;
        options.onError?.(error);
        return cached.key;
      }
    },
  };
}
