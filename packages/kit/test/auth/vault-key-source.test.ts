import nodeVault from "node-vault";
import {
  createTokenMinter,
  generateSigningKey,
  stackTokenMinter,
  TEST_AUDIENCE,
  TEST_ISSUER,
  testStack,
} from "@turnout/test-kit";
import { createVaultKeySource } from "../../src/auth/key-source";
import { createTokenVerifier } from "../../src/auth/verify-token";
import { createVaultClient, isVaultStatus, type VaultClient } from "../../src/vault/vault-client";

const asService = (service: string): VaultClient => {
  const { vault } = testStack();
  const approle = vault!.approles[service]!;
  return createVaultClient({
    addr: vault!.addr,
    credentials: { roleId: approle.roleId, secretId: approle.secretId },
  });
};

/** Counts Vault reads, to see the unknown-kid refresh being rate-limited. */
const counting = (vault: VaultClient) => {
  const counter = { reads: 0 };
  const wrapped: VaultClient = {
    ...vault,
    readKv: (path, version) => {
      counter.reads++;
      return vault.readKv(path, version);
    },
  };
  return { vault: wrapped, counter };
};

/** A verifier on a Vault key source as `service`, counting its reads of the key set. */
const countingVerifier = (service: string, minRefreshGapMs: number) => {
  const { vault, counter } = counting(asService(service));
  const keySource = createVaultKeySource({ vault, refreshIntervalMs: 0, minRefreshGapMs });
  const verify = createTokenVerifier({
    keySource,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    accept: "user",
  });
  return { verify, counter, keySource };
};

/** What keys:rotate does first, with Vault's own tools: the public set gains `key`. */
const publishPublicKey = async (key: Awaited<ReturnType<typeof generateSigningKey>>) => {
  const { vault } = testStack();
  const root = nodeVault({ endpoint: vault!.addr, token: vault!.rootToken });
  const current = (await root.read("secret/data/turnout/jwt/jwks")) as {
    data: { data: { keys: string } };
  };
  const keys = JSON.parse(current.data.data.keys) as object[];
  await root.write("secret/data/turnout/jwt/jwks", {
    data: { keys: JSON.stringify([key.publicJwk, ...keys]) },
  });
};

test("a service identity reads the public key set, and a token signed with the Vault key verifies", async () => {
  const keySource = createVaultKeySource({
    vault: asService("event-service"),
    refreshIntervalMs: 0,
  });
  const verify = createTokenVerifier({
    keySource,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    accept: "user",
  });
  const token = await (await stackTokenMinter()).mint({ sub: "u-1", roles: ["organizer"] });
  await expect(verify(token)).resolves.toMatchObject({ subject: "u-1", roles: ["organizer"] });
  keySource.stop();
});

test("a service identity is denied the private signing key (403)", async () => {
  const error: unknown = await asService("user-service")
    .readKv("turnout/jwt/signing")
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(isVaultStatus(error, 403)).toBe(true);
  await expect(asService("auth-service").readKv("turnout/jwt/signing")).resolves.toMatchObject({
    data: { kid: expect.any(String) as unknown },
  });
});

test("a key added to Vault is picked up on its first unknown kid, without a restart", async () => {
  const { verify, counter, keySource } = countingVerifier("registration-service", 200);
  const before = await (await stackTokenMinter()).mint();
  await verify(before);
  expect(counter.reads).toBe(1);

  // Rotation as ops would do it with Vault's own tools: a new version of the public set that
  // keeps the current key and adds the new one.
  const next = await generateSigningKey();
  await publishPublicKey(next);

  await new Promise((resolve) => setTimeout(resolve, 250));
  const after = await createTokenMinter(next, {
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
  }).mint();
  await expect(verify(after)).resolves.toMatchObject({ kind: "user" });
  await expect(verify(before)).resolves.toMatchObject({ kind: "user" });
  expect(counter.reads).toBe(2);
  keySource.stop();
});

test("forged kids cannot make a verifier hammer Vault: one re-read per gap, however many arrive", async () => {
  const { verify, counter, keySource } = countingVerifier("notification-service", 300);
  const minter = await stackTokenMinter();
  await verify(await minter.mint());
  const forged = await Promise.all(
    Array.from({ length: 20 }, (_, i) => minter.mint({ kid: `forged-${i}` })),
  );
  const results = await Promise.allSettled(forged.map((token) => verify(token)));
  for (const result of results) {
    expect(result).toMatchObject({ status: "rejected" });
    expect(String((result as PromiseRejectedResult).reason)).toMatch(/unknown key id/);
  }
  expect(counter.reads).toBe(2);
  keySource.stop();
});

test("a key published just after the verifier's last re-read is accepted at once: the request waits for the next allowed re-read", async () => {
  const { verify, counter, keySource } = countingVerifier("user-service", 400);
  await verify(await (await stackTokenMinter()).mint());
  expect(counter.reads).toBe(1);

  // keys:rotate's order: the public set first, then the signing key, which the auth service
  // may start using at once; this verifier read the set a moment before.
  const next = await generateSigningKey();
  await publishPublicKey(next);
  const fresh = await createTokenMinter(next, {
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
  }).mint();
  await expect(verify(fresh)).resolves.toMatchObject({ kind: "user" });
  expect(counter.reads).toBe(2);
  keySource.stop();
});
