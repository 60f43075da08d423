import { exportJWK, generateKeyPair } from "jose";
import type { KvSecret, VaultClient } from "@turnout/kit";
import { createVaultSigningKeySource } from "./signing-key";

async function secret(kid: string): Promise<KvSecret> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid };
  return { data: { kid, alg: "EdDSA", private_jwk: JSON.stringify(jwk) }, version: 1 };
}

function fakeVault(read: () => Promise<KvSecret>): VaultClient & { reads: number } {
  const vault = {
    reads: 0,
    readKv: () => {
      vault.reads += 1;
      return read();
    },
    writeKv: () => Promise.reject(new Error("read-only")),
    ping: () => Promise.resolve(),
  };
  return vault;
}

test("the key is cached, then re-read once it is older than maxAgeMs (rotation without restart)", async () => {
  let current = await secret("k1");
  const vault = fakeVault(() => Promise.resolve(current));
  const source = createVaultSigningKeySource({ vault, maxAgeMs: 50 });
  expect((await source.current()).kid).toBe("k1");
  await source.current();
  expect(vault.reads).toBe(1);

  current = await secret("k2");
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect((await source.current()).kid).toBe("k2");
  expect(vault.reads).toBe(2);
});

test("when a re-read fails the cached key keeps signing; with no cached key it throws", async () => {
  const good = await secret("k1");
  let fail = false;
  const vault = fakeVault(() => (fail ? Promise.reject(new Error("down")) : Promise.resolve(good)));
  const errors: unknown[] = [];
  const source = createVaultSigningKeySource({
    vault,
    maxAgeMs: 1,
    onError: (e) => errors.push(e),
  });
  await source.current();
  fail = true;
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect((await source.current()).kid).toBe("k1");
  expect(errors).toHaveLength(1);

  const empty = createVaultSigningKeySource({ vault, maxAgeMs: 1 });
  await expect(empty.current()).rejects.toThrow("down");
});
