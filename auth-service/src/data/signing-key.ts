import {
  createVaultSigningKeySource as createKitSigningKeySource,
  type SigningKeySource,
  type VaultSigningKeyOptions,
} from "@turnout/kit";

// The generic source lives in the kit (the registration service signs tickets with it).
export type { SigningKey, SigningKeySource } from "@turnout/kit";

/** The private key that signs access tokens: `secret/turnout/jwt/signing`, cached. */
export function createVaultSigningKeySource(
  options: Omit<VaultSigningKeyOptions, "path"> & { path?: string },
): SigningKeySource {
  return createKitSigningKeySource({ ...options, path: options.path ?? "turnout/jwt/signing" });
}
