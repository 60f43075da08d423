// Turnout keeps two families of Ed25519 signing keys in Vault, in the same two-secret format
// (docs/key-rotation.md): access tokens (`jwt`, signed by the auth service) and tickets
// (`tickets`, signed by the registration service, docs/tickets.md).

export const KEY_FAMILIES = ["jwt", "tickets"] as const;
export type KeyFamily = (typeof KEY_FAMILIES)[number];

/** KV v2 paths below the `secret/` mount: the private signing key and the public set. */
export interface KeyPaths {
  signing: string;
  jwks: string;
}

export const keyPaths = (family: KeyFamily): KeyPaths => ({
  signing: `turnout/${family}/signing`,
  jwks: `turnout/${family}/jwks`,
});
