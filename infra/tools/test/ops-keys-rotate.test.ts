import nodeVault from "node-vault";
import type { JWK } from "jose";
import { z } from "zod";
import { startVaultServer, type VaultServer } from "@turnout/dev-stack";
import {
  createTokenVerifier,
  createVaultClient,
  createVaultKeySource,
  TokenRejectedError,
  type KeySource,
  type TokenVerifier,
} from "@turnout/kit";
import { createTokenMinter, generateSigningKey, type SigningKey } from "@turnout/test-kit";
import {
  bootstrapVault,
  createKvV2,
  JWKS_PATH,
  rotateKeys,
  RotationConflictError,
  RotationRefusedError,
  SIGNING_PATH,
  type KvV2,
} from "@turnout/provisioning";

// Every test rotates a private Vault: the shared stack's keys are used by other tests meanwhile.
let server: VaultServer;
let kv: KvV2;
let keySource: KeySource;
let verify: TokenVerifier;

const issuer = "turnout-auth";
const audience = "turnout-api";
const FIFTEEN_MINUTES = 15 * 60_000;

beforeEach(async () => {
  server = await startVaultServer();
  const root = nodeVault({ endpoint: server.addr, token: server.rootToken });
  await bootstrapVault({ client: root, services: ["auth-service"] });
  kv = createKvV2({ addr: server.addr, token: server.rootToken });
  // What every service runs; no periodic refresh, and an unknown kid re-reads at once.
  keySource = createVaultKeySource({
    vault: createVaultClient({ addr: server.addr, credentials: { token: server.rootToken } }),
    refreshIntervalMs: 0,
    minRefreshGapMs: 0,
  });
  verify = createTokenVerifier({ keySource, issuer, audience, accept: "user" });
});
afterEach(async () => {
  keySource.stop();
  await server.stop();
});

const signingFields = z.object({ kid: z.string(), alg: z.string(), private_jwk: z.string() });

async function currentSigningKey(): Promise<SigningKey & { alg: string }> {
  const secret = await kv.read(SIGNING_PATH);
  const { kid, alg, private_jwk } = signingFields.parse(secret?.data);
  const privateJwk = JSON.parse(private_jwk) as JWK;
  const { d: _d, ...publicJwk } = privateJwk;
  return { kid, alg, privateJwk, publicJwk };
}

async function publishedKeys(): Promise<JWK[]> {
  const secret = await kv.read(JWKS_PATH);
  return JSON.parse(z.object({ keys: z.string() }).parse(secret?.data).keys) as JWK[];
}
const publishedKids = async () => (await publishedKeys()).map((key) => key.kid);

const mintWith = (key: SigningKey) => createTokenMinter(key, { issuer, audience }).mint();

async function rejection(token: string): Promise<string> {
  const error: unknown = await verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  return (error as TokenRejectedError).reason;
}

test("tokens signed before a rotation keep verifying, new ones verify, the set is [new, previous]", async () => {
  const before = await currentSigningKey();
  const oldToken = await mintWith(before);
  await expect(verify(oldToken)).resolves.toMatchObject({ kind: "user" });

  // Between the two writes, verifiers already know the new key and nothing signs with it yet.
  let between: { kids: (string | undefined)[]; signingKid: string } | undefined;
  const result = await rotateKeys({
    kv,
    hooks: {
      afterJwksWrite: async () => {
        between = { kids: await publishedKids(), signingKid: (await currentSigningKey()).kid };
      },
    },
  });

  expect(between?.signingKid).toBe(before.kid);
  expect(between?.kids).toEqual([result.newKid, before.kid]);
  expect(result.oldKid).toBe(before.kid);
  expect(result.newKid).not.toBe(before.kid);
  expect(result.retiredKids).toEqual([]);
  const after = await currentSigningKey();
  expect(after.kid).toBe(result.newKid);
  expect(after.alg).toBe("EdDSA");
  expect(await publishedKids()).toEqual([result.newKid, before.kid]);
  expect(result.keyIds).toEqual([result.newKid, before.kid]);
  for (const key of await publishedKeys()) expect(key).not.toHaveProperty("d");
  // The set went in first: its version moved past bootstrap's, then the signing key's did.
  expect(result.jwksVersion).toBe(2);
  expect(result.signingVersion).toBe(2);

  // The verifier has not been told anything: the new kid makes it re-read the set.
  await expect(verify(await mintWith(after))).resolves.toMatchObject({ kind: "user" });
  await expect(verify(oldToken)).resolves.toMatchObject({ kind: "user" });
});

test("a second rotation within the token lifetime is refused; --force drops the oldest key", async () => {
  const first = await currentSigningKey();
  const firstToken = await mintWith(first);
  const rotation = await rotateKeys({ kv });

  const refused: unknown = await rotateKeys({ kv }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(RotationRefusedError);
  expect((refused as Error).message).toContain(first.kid);
  expect((refused as Error).message).toContain("--force");
  expect((await currentSigningKey()).kid).toBe(rotation.newKid);
  expect(await publishedKids()).toEqual([rotation.newKid, first.kid]);

  const forced = await rotateKeys({ kv, force: true });
  expect(forced.oldKid).toBe(rotation.newKid);
  expect(forced.retiredKids).toEqual([first.kid]);
  expect(forced.forcedRisk?.retiredKids).toEqual([first.kid]);
  expect(await publishedKids()).toEqual([forced.newKid, rotation.newKid]);
  expect(forced.jwksVersion).toBe(3);
  expect(forced.signingVersion).toBe(3);

  await keySource.refresh();
  expect(await rejection(firstToken)).toBe("unknown key id");
});

test("once the lifetime has passed since the last rotation, no --force is needed", async () => {
  const first = await rotateKeys({ kv });
  const later = () => new Date(Date.now() + FIFTEEN_MINUTES + 1000);
  const second = await rotateKeys({ kv, now: later });
  expect(second.retiredKids).toHaveLength(1);
  expect(second.forcedRisk).toBeUndefined();
  expect(await publishedKids()).toEqual([second.newKid, first.newKid]);

  // A shorter lifetime is the operator's call.
  const third = await rotateKeys({ kv, maxTokenLifetimeMs: 0 });
  expect(await publishedKids()).toEqual([third.newKid, second.newKid]);
});

test("two rotations racing: one wins, the other is told and writes nothing", async () => {
  const before = await currentSigningKey();
  // Both have read the same versions before either writes.
  let arrived = 0;
  let release!: () => void;
  const bothRead = new Promise<void>((resolve) => (release = resolve));
  const afterRead = async () => {
    arrived += 1;
    if (arrived === 2) release();
    await bothRead;
  };
  const outcomes = await Promise.allSettled([
    rotateKeys({ kv, hooks: { afterRead } }),
    rotateKeys({ kv, hooks: { afterRead } }),
  ]);

  const won = outcomes.filter((o) => o.status === "fulfilled");
  const lost = outcomes.filter((o) => o.status === "rejected");
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(RotationConflictError);
  const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof rotateKeys>>>).value;
  expect((await currentSigningKey()).kid).toBe(winner.newKid);
  expect(await publishedKids()).toEqual([winner.newKid, before.kid]);
  expect((await kv.read(JWKS_PATH))?.version).toBe(2);
  expect((await kv.read(SIGNING_PATH))?.version).toBe(2);
});

test("a signing key replaced between the two writes is reported and the set restored", async () => {
  const before = await currentSigningKey();
  const intruder = await generateSigningKey();
  const error: unknown = await rotateKeys({
    kv,
    hooks: {
      afterJwksWrite: async () => {
        const root = nodeVault({ endpoint: server.addr, token: server.rootToken });
        await root.write(`secret/data/${SIGNING_PATH}`, {
          data: {
            kid: intruder.kid,
            alg: "EdDSA",
            private_jwk: JSON.stringify(intruder.privateJwk),
          },
        });
      },
    },
  }).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(RotationConflictError);
  expect((error as Error).message).toMatch(/restored/);
  expect(await publishedKids()).toEqual([before.kid]);
  expect((await kv.read(JWKS_PATH))?.version).toBe(3);
});

test("a token with only the turnout-ops policy can rotate", async () => {
  const root = nodeVault({ endpoint: server.addr, token: server.rootToken });
  const created = z
    .object({ auth: z.object({ client_token: z.string() }) })
    .parse(await root.write("auth/token/create", { policies: ["turnout-ops"], ttl: "5m" }));
  const ops = createKvV2({ addr: server.addr, token: created.auth.client_token });
  const result = await rotateKeys({ kv: ops });
  expect((await currentSigningKey()).kid).toBe(result.newKid);
});

test("a rotation done by hand in the documented format is continued by the command", async () => {
  // What `vault kv put secret/turnout/jwt/jwks keys=@jwks.json` and
  // `vault kv put secret/turnout/jwt/signing kid=... alg=EdDSA private_jwk=@key.json` send.
  const before = await currentSigningKey();
  const manual = await generateSigningKey();
  const root = nodeVault({ endpoint: server.addr, token: server.rootToken });
  await root.write(`secret/data/${JWKS_PATH}`, {
    data: { keys: JSON.stringify([manual.publicJwk, before.publicJwk]) },
  });
  await root.write(`secret/data/${SIGNING_PATH}`, {
    data: { kid: manual.kid, alg: "EdDSA", private_jwk: JSON.stringify(manual.privateJwk) },
  });
  await expect(verify(await mintWith(manual))).resolves.toMatchObject({ kind: "user" });

  await expect(rotateKeys({ kv })).rejects.toBeInstanceOf(RotationRefusedError);
  const forced = await rotateKeys({ kv, force: true });
  expect(forced.oldKid).toBe(manual.kid);
  expect(await publishedKids()).toEqual([forced.newKid, manual.kid]);
});
