import {
  createVaultKeySource,
  createVaultSigningKeySource,
  type KeySource,
  type SigningKeySource,
  type VaultClient,
} from "@turnout/kit";

/** KV v2 paths of the ticket keys (docs/tickets.md, "Ticket keys in Vault"). */
export const TICKET_SIGNING_PATH = "turnout/tickets/signing";
export const TICKET_JWKS_PATH = "turnout/tickets/jwks";

export interface TicketKeys {
  /** The private key that signs ticket codes; only this service's policy may read it. */
  signingKey: SigningKeySource;
  /** The public set: verifies codes, and is served at /.well-known/ticket-keys.json. */
  keys: KeySource;
}

export interface TicketKeyOptions {
  vault: VaultClient;
  /** The signing key is re-read this often (a rotation reaches new codes without restart). */
  signingKeyRefreshMs: number;
  /** The public set's periodic re-read; an unknown kid re-reads it at once (at most 1/s). */
  keysRefreshMs?: number;
  onError?: (error: unknown) => void;
}

export function createVaultTicketKeys(options: TicketKeyOptions): TicketKeys {
  return {
    signingKey: createVaultSigningKeySource({
      vault: options.vault,
      path: TICKET_SIGNING_PATH,
      maxAgeMs: options.signingKeyRefreshMs,
      onError: options.onError,
    }),
    keys: createVaultKeySource({
      vault: options.vault,
      path: TICKET_JWKS_PATH,
      refreshIntervalMs: options.keysRefreshMs ?? 30_000,
      onError: options.onError,
    }),
  };
}
