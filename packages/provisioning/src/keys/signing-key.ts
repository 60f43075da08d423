import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

export interface SigningKey {
  /** RFC 7638 thumbprint of the public key, so the same key always has the same id. */
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** A fresh Ed25519 key pair in the JWK form Turnout stores in Vault. */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", {
    crv: "Ed25519",
    extractable: true,
  });
  const exportedPublic = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exportedPublic);
  const labels = { kid, alg: "EdDSA", use: "sig" };
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), ...labels },
    publicJwk: { ...exportedPublic, ...labels },
  };
}

/** The public half of a private JWK: every private member of an OKP, EC or RSA key dropped. */
export function publicJwkOf(privateJwk: JWK): JWK {
  const publicJwk: JWK = { ...privateJwk };
  for (const member of ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const) {
    Reflect.deleteProperty(publicJwk, member);
  }
  return publicJwk;
}

/** The fields of `secret/turnout/jwt/signing`, as docs/foundation.md fixes them. */
export function signingSecretData(key: SigningKey): Record<string, string> {
  return { kid: key.kid, alg: "EdDSA", private_jwk: JSON.stringify(key.privateJwk) };
}
