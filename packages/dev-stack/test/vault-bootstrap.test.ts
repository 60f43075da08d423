import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import nodeVault from "node-vault";
import { bootstrapVault, type BootstrapVaultResult } from "@turnout/provisioning";
import { startVaultServer, type VaultServer } from "../src";

const SERVICES = [
  "auth-service",
  "user-service",
  "event-service",
  "registration-service",
  "notification-service",
];

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    const status = (error as { response?: { statusCode?: number } }).response?.statusCode;
    if (status === undefined) throw error;
    return status;
  }
}

describe("bootstrapVault against the development server", () => {
  let server: VaultServer;
  let root: ReturnType<typeof nodeVault>;
  let result: BootstrapVaultResult;

  const loginAs = async (service: string) => {
    const client = nodeVault({ endpoint: server.addr });
    const { roleId, secretId } = result.approles[service]!;
    await client.approleLogin({ role_id: roleId, secret_id: secretId });
    return client;
  };

  beforeAll(async () => {
    server = await startVaultServer();
    root = nodeVault({ endpoint: server.addr, token: server.rootToken });
    result = await bootstrapVault({ client: root, services: SERVICES });
  });
  afterAll(() => server.stop());

  it("mounts KV v2 and AppRole and writes every policy file", async () => {
    expect(result.created).toMatchObject({
      kvMount: true,
      approleAuth: true,
      signingKey: true,
      webhookSecretsKey: true,
    });
    expect(result.created.clientSecrets.sort()).toEqual([...SERVICES].sort());
    const mounts = await root.mounts();
    expect(mounts.data["secret/"]).toMatchObject({ type: "kv", options: { version: "2" } });
    expect((await root.auths()).data["approle/"]).toMatchObject({ type: "approle" });
    const names: string[] = (await root.policies()).policies;
    for (const service of SERVICES) expect(names).toContain(`turnout-${service}`);
    expect(names).toContain("turnout-ops");
  });

  it("lets a service read the public key set but not the signing key", async () => {
    const user = await loginAs("user-service");
    const jwks = await user.read("secret/data/turnout/jwt/jwks");
    const keys = JSON.parse(jwks.data.data.keys as string) as JWK[];
    expect(keys[0]).toMatchObject({
      kid: result.signingKid,
      kty: "OKP",
      crv: "Ed25519",
      alg: "EdDSA",
    });
    expect(keys[0]).not.toHaveProperty("d");
    expect(await statusOf(user.read("secret/data/turnout/jwt/signing"))).toBe(403);
    expect(await statusOf(user.read("secret/metadata/turnout/jwt/signing"))).toBe(403);
    expect(
      await statusOf(user.write("secret/data/turnout/jwt/jwks", { data: { keys: "[]" } })),
    ).toBe(403);
    expect((await user.tokenLookupSelf()).data.policies).toEqual([
      "default",
      "turnout-user-service",
    ]);
  });

  it("gives the auth service the signing key, in the documented format, read-only", async () => {
    const auth = await loginAs("auth-service");
    const signing = (await auth.read("secret/data/turnout/jwt/signing")).data.data;
    expect(signing).toMatchObject({ kid: result.signingKid, alg: "EdDSA" });
    const privateJwk = JSON.parse(signing.private_jwk as string) as JWK;
    expect(privateJwk).toMatchObject({
      kty: "OKP",
      crv: "Ed25519",
      kid: signing.kid,
      alg: "EdDSA",
      use: "sig",
    });
    expect(typeof privateJwk.d).toBe("string");

    // The stored pair really works together: sign with the private key, verify with the set.
    const jwt = await new SignJWT({ sub: "u1" })
      .setProtectedHeader({ alg: "EdDSA", kid: signing.kid })
      .setExpirationTime("5m")
      .sign(await importJWK(privateJwk, "EdDSA"));
    const jwks = await auth.read("secret/data/turnout/jwt/jwks");
    const keySet = createLocalJWKSet({ keys: JSON.parse(jwks.data.data.keys as string) as JWK[] });
    expect((await jwtVerify(jwt, keySet)).payload.sub).toBe("u1");

    expect(
      await statusOf(
        auth.write("secret/data/turnout/jwt/jwks", { data: { keys: jwks.data.data.keys } }),
      ),
    ).toBe(403);
    expect(await statusOf(auth.write("secret/data/turnout/jwt/signing", { data: {} }))).toBe(403);
  });

  it("creates the ticket keys; only the registration service reads the signing half", async () => {
    expect(result.created).toMatchObject({ ticketSigningKey: true, ticketJwks: true });
    expect(result.ticketSigningKid).not.toBe(result.signingKid);
    const registration = await loginAs("registration-service");
    const signing = (await registration.read("secret/data/turnout/tickets/signing")).data.data;
    expect(signing).toMatchObject({ kid: result.ticketSigningKid, alg: "EdDSA" });
    for (const service of SERVICES) {
      const client = await loginAs(service);
      const jwks = await client.read("secret/data/turnout/tickets/jwks");
      const keys = JSON.parse(jwks.data.data.keys as string) as JWK[];
      expect(keys.map((key) => key.kid)).toEqual([result.ticketSigningKid]);
      expect(keys[0]).not.toHaveProperty("d");
      if (service !== "registration-service") {
        expect(await statusOf(client.read("secret/data/turnout/tickets/signing"))).toBe(403);
      }
      expect(
        await statusOf(client.write("secret/data/turnout/tickets/jwks", { data: { keys: "[]" } })),
      ).toBe(403);
    }
  });

  it("lets a calling service read only its own client secret; auth reads all", async () => {
    const registration = await loginAs("registration-service");
    const own = await registration.read("secret/data/turnout/service-clients/registration-service");
    expect(own.data.data.client_secret).toEqual(expect.any(String));
    expect(own.data.data.client_secret.length).toBeGreaterThanOrEqual(32);
    expect(
      await statusOf(registration.read("secret/data/turnout/service-clients/event-service")),
    ).toBe(403);
    // A service that calls no other service has no use for its secret, so it may not read it.
    const user = await loginAs("user-service");
    expect(await statusOf(user.read("secret/data/turnout/service-clients/user-service"))).toBe(403);
    const event = await loginAs("event-service");
    expect(await statusOf(event.read("secret/data/turnout/service-clients/user-service"))).toBe(
      403,
    );
    const auth = await loginAs("auth-service");
    for (const service of SERVICES) {
      const secret = await auth.read(`secret/data/turnout/service-clients/${service}`);
      expect(secret.data.data.client_secret).toEqual(expect.any(String));
    }
  });

  it("refuses an AppRole login with a wrong or missing secret id", async () => {
    const client = nodeVault({ endpoint: server.addr });
    const { roleId } = result.approles["user-service"]!;
    const wrong = client.approleLogin({
      role_id: roleId,
      secret_id: "00000000-0000-0000-0000-000000000000",
    });
    await expect(wrong).rejects.toMatchObject({
      response: { statusCode: 400, body: { errors: ["invalid role or secret ID"] } },
    });
    const otherRoles = client.approleLogin({
      role_id: roleId,
      secret_id: result.approles["auth-service"]!.secretId,
    });
    await expect(otherRoles).rejects.toMatchObject({ response: { statusCode: 400 } });
    expect(await statusOf(client.approleLogin({ role_id: "nope", secret_id: "nope" }))).toBe(400);
  });

  it("lets the ops policy write a new signing key version (rotation)", async () => {
    const created = await root.write("auth/token/create", { policies: ["turnout-ops"], ttl: "5m" });
    const ops = nodeVault({ endpoint: server.addr, token: created.auth.client_token });
    const current = (await ops.read("secret/data/turnout/jwt/signing")).data;
    expect((await ops.list("secret/metadata/turnout/jwt/")).data.keys).toEqual(["jwks", "signing"]);
    expect(await statusOf(ops.read("secret/data/turnout/service-clients/auth-service"))).toBe(403);
    // Written back unchanged to leave the later idempotency check meaningful.
    await ops.write("secret/data/turnout/jwt/signing", {
      data: current.data,
      options: { cas: current.metadata.version },
    });
    await ops.write("secret/data/turnout/jwt/signing", {
      data: (await root.read("secret/data/turnout/jwt/signing?version=1")).data.data,
    });
    const metadata = await ops.read("secret/metadata/turnout/jwt/signing");
    expect(metadata.data.current_version).toBe(3);
  });

  it("changes nothing when run again", async () => {
    const readAll = async () => ({
      signing: (await root.read("secret/metadata/turnout/jwt/signing")).data.current_version,
      jwks: (await root.read("secret/data/turnout/jwt/jwks")).data,
      secrets: await Promise.all(
        SERVICES.map(
          async (s): Promise<unknown> =>
            (await root.read(`secret/data/turnout/service-clients/${s}`)).data,
        ),
      ),
    });
    const before = await readAll();
    const again = await bootstrapVault({ client: root, services: SERVICES });
    expect(again.signingKid).toBe(result.signingKid);
    expect(again.ticketSigningKid).toBe(result.ticketSigningKid);
    expect(again.created).toEqual({
      kvMount: false,
      approleAuth: false,
      signingKey: false,
      jwks: false,
      ticketSigningKey: false,
      ticketJwks: false,
      clientSecrets: [],
      webhookSecretsKey: false,
    });
    for (const service of SERVICES) {
      expect(again.approles[service]!.roleId).toBe(result.approles[service]!.roleId);
    }
    expect(await readAll()).toEqual(before);
    // Secret ids from both runs stay valid.
    await loginAs("user-service");
    result = again;
    await loginAs("user-service");
  });
});
