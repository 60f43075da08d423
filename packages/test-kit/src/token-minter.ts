import { randomUUID } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A fresh Ed25519 key in the format Vault holds (docs/foundation.md). */
export async function generateSigningKey(kid = `test-${randomUUID()}`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", {
    crv: "Ed25519",
    extractable: true,
  });
  const meta = { kid, alg: "EdDSA", use: "sig" };
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
  };
}

export interface MintOptions {
  sub?: string;
  roles?: string[];
  aud?: string;
  iss?: string;
  jti?: string;
  /** Negative values mint tokens that are already expired. */
  expiresInSeconds?: number;
  tokenUse?: "access" | "service";
  /** The session claim auth's access tokens carry (the refresh-token family). */
  sid?: string;
  /** The scopes of an API token's access token, space separated (`scope` claim). */
  scope?: string;
  /** Header overrides, to forge tokens the verifier must refuse. */
  kid?: string;
  typ?: string;
}

export interface TokenMinter {
  mint(options?: MintOptions): Promise<string>;
}

/** Mints tokens exactly as the auth service does, signed with a key the stack's Vault holds. */
export function createTokenMinter(
  key: SigningKey,
  defaults: { issuer: string; audience: string },
): TokenMinter {
  return {
    async mint(options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const signer = await importJWK(key.privateJwk, "EdDSA");
      return new SignJWT({
        roles: options.roles ?? ["attendee"],
        token_use: options.tokenUse ?? "access",
        ...(options.sid !== undefined ? { sid: options.sid } : {}),
        ...(options.scope !== undefined ? { scope: options.scope } : {}),
      })
        .setProtectedHeader({
          alg: "EdDSA",
          kid: options.kid ?? key.kid,
          typ: options.typ ?? "at+jwt",
        })
        .setSubject(options.sub ?? randomUUID())
        .setIssuer(options.iss ?? defaults.issuer)
        .setAudience(options.aud ?? defaults.audience)
        .setJti(options.jti ?? randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresInSeconds ?? 300))
        .sign(signer);
    },
  };
}
