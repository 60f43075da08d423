import nodeVault from "node-vault";
import request from "supertest";
import { decodeProtectedHeader } from "jose";
import {
  createTokenVerifier,
  createVaultClient,
  createVaultKeySource,
  type VaultClient,
} from "@turnout/kit";
import {
  bootstrapVault,
  generateSigningKey,
  publicJwkOf,
  signingSecretData,
} from "@turnout/provisioning";
import { startVaultServer, type VaultServer } from "@turnout/dev-stack";
import { TEST_AUDIENCE, TEST_ISSUER, uniqueEmail } from "@turnout/test-kit";
import { createTestApp, type TestApp } from "./helpers/test-app";

// A private Vault: rotating the shared stack's key would disturb every other test file.
let vault: VaultServer;
let identities: Record<string, { roleId: string; secretId: string }>;
let auth: TestApp;

const asService = (service: string): VaultClient =>
  createVaultClient({ addr: vault.addr, credentials: identities[service]! });

beforeAll(async () => {
  vault = await startVaultServer();
  const admin = nodeVault({ endpoint: vault.addr, token: vault.rootToken });
  ({ approles: identities } = await bootstrapVault({
    client: admin,
    services: ["auth-service", "event-service"],
  }));
  auth = createTestApp({}, { vaultClient: asService("auth-service"), signingKeyMaxAgeMs: 100 });
});
afterAll(async () => {
  await auth.close();
  await vault.stop();
});

async function login(email: string, password: string): Promise<string> {
  const res = await request(auth.app).post("/api/v1/auth/login").send({ email, password });
  expect(res.status).toBe(200);
  return (res.body as { access_token: string }).access_token;
}

/** What `npm run keys:rotate` (or `vault kv put`, docs/key-rotation.md) does: set first, then key. */
async function rotate(): Promise<string> {
  const root = nodeVault({ endpoint: vault.addr, token: vault.rootToken });
  const current = (await root.read("secret/data/turnout/jwt/signing")) as {
    data: { data: { private_jwk: string } };
  };
  const next = await generateSigningKey();
  const previous = publicJwkOf(
    JSON.parse(current.data.data.private_jwk) as Record<string, unknown>,
  );
  await root.write("secret/data/turnout/jwt/jwks", {
    data: { keys: JSON.stringify([next.publicJwk, previous]) },
  });
  await root.write("secret/data/turnout/jwt/signing", { data: signingSecretData(next) });
  return next.kid;
}

test("after a rotation auth signs with the new key without a restart, and tokens from before still verify", async () => {
  const email = uniqueEmail("rotation");
  const password = "correct horse battery staple";
  expect(
    (await request(auth.app).post("/api/v1/auth/register").send({ email, password })).status,
  ).toBe(201);
  const before = await login(email, password);

  const newKid = await rotate();
  await new Promise((resolve) => setTimeout(resolve, 150));
  const after = await login(email, password);

  expect(decodeProtectedHeader(after).kid).toBe(newKid);
  expect(decodeProtectedHeader(before).kid).not.toBe(newKid);
  // Another service verifies both with what its own Vault identity may read: the public set.
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
  await expect(verify(before)).resolves.toMatchObject({ kind: "user" });
  await expect(verify(after)).resolves.toMatchObject({ kind: "user" });
  keySource.stop();
});
