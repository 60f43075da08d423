import nodeVault from "node-vault";
import { z } from "zod";
import type { JWK } from "jose";
import { testStack } from "./stack";
import { createTokenMinter, type SigningKey, type TokenMinter } from "./token-minter";

export const TEST_ISSUER = "turnout-auth";
export const TEST_AUDIENCE = "turnout-api";

const signing = z.object({
  data: z.object({ data: z.object({ kid: z.string(), private_jwk: z.string() }) }),
});

/** The signing key the stack's Vault holds, read with the root token (tests only). */
export async function stackSigningKey(): Promise<SigningKey> {
  const { vault } = testStack();
  if (!vault) throw new Error("the test stack has no Vault");
  const client = nodeVault({ endpoint: vault.addr, token: vault.rootToken });
  const { data } = signing.parse(await client.read("secret/data/turnout/jwt/signing")).data;
  const privateJwk = JSON.parse(data.private_jwk) as JWK;
  const { d: _private, ...publicJwk } = privateJwk;
  return { kid: data.kid, privateJwk, publicJwk };
}

/** Mints tokens every service of the stack accepts, as the auth service would. */
export async function stackTokenMinter(audience = TEST_AUDIENCE): Promise<TokenMinter> {
  return createTokenMinter(await stackSigningKey(), { issuer: TEST_ISSUER, audience });
}
