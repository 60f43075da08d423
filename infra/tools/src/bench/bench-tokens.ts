import { randomUUID } from "node:crypto";
import { SignJWT, importJWK, type JWK } from "jose";
import nodeVault from "node-vault";
import { z } from "zod";

const signing = z.object({
  data: z.object({ data: z.object({ kid: z.string(), private_jwk: z.string() }) }),
});

export type Mint = (roles: string[], sub?: string) => Promise<string>;

/**
 * Mints access tokens as the auth service does, with the signing key the platform's Vault holds
 * (read with the throw-away run's root token). Minting 2,000 real logins would measure argon2id.
 */
export async function vaultMinter(vault: { addr: string; token: string }): Promise<Mint> {
  const client = nodeVault({ endpoint: vault.addr, token: vault.token });
  const { data } = signing.parse(await client.read("secret/data/turnout/jwt/signing")).data;
  const key = await importJWK(JSON.parse(data.private_jwk) as JWK, "EdDSA");
  return async (roles, sub = randomUUID()) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ roles, token_use: "access" })
      .setProtectedHeader({ alg: "EdDSA", kid: data.kid, typ: "at+jwt" })
      .setSubject(sub)
      .setIssuer("turnout-auth")
      .setAudience("turnout-api")
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 1800)
      .sign(key);
  };
}

export interface CreatedEvent {
  id: string;
  capacity: number;
  seats_taken: number;
}

/** Publishes an event through the gateway as a minted organizer. */
export async function createBenchEvent(
  gatewayUrl: string,
  organizerToken: string,
  capacity: number,
): Promise<CreatedEvent> {
  const startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const res = await fetch(`${gatewayUrl}/api/v1/events`, {
    method: "POST",
    headers: { Authorization: `Bearer ${organizerToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: `Bench storm ${randomUUID().slice(0, 8)}`,
      description: "Made by npm run bench.",
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 2 * 3600 * 1000).toISOString(),
      timezone: "Europe/Berlin",
      location: "Bench Hall",
      capacity,
    }),
  });
  if (res.status !== 201)
    throw new Error(`create event answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CreatedEvent;
}
