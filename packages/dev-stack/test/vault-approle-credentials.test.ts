import nodeVault from "node-vault";
import { bootstrapVault } from "@turnout/provisioning";
import { startVaultServer, type VaultServer } from "../src";

// Fixed AppRole credentials: docker-compose hands each service its role id and secret id from
// the env file before Vault exists, and vault-init makes Vault accept exactly those.

const SERVICES = ["user-service", "event-service"];

const fixed = (suffix: string) => ({
  "user-service": { roleId: "compose-user-role", secretId: `user-secret-${suffix}` },
  "event-service": { roleId: "compose-event-role", secretId: `event-secret-${suffix}` },
});

async function loginStatus(addr: string, roleId: string, secretId: string): Promise<number> {
  try {
    await nodeVault({ endpoint: addr }).approleLogin({ role_id: roleId, secret_id: secretId });
    return 200;
  } catch (error) {
    const status = (error as { response?: { statusCode?: number } }).response?.statusCode;
    if (status === undefined) throw error;
    return status;
  }
}

describe("custom AppRole credentials", () => {
  let server: VaultServer;
  let root: ReturnType<typeof nodeVault>;

  beforeAll(async () => {
    server = await startVaultServer();
    root = nodeVault({ endpoint: server.addr, token: server.rootToken });
  });
  afterAll(() => server.stop());

  it("registers a caller's secret id once, as Vault does", async () => {
    await root.enableAuth({ mount_point: "approle-custom", type: "approle" });
    await root.write("auth/approle-custom/role/r1", { token_policies: ["default"] });
    const created = await root.write("auth/approle-custom/role/r1/custom-secret-id", {
      secret_id: "my-own-secret",
    });
    expect(created.data).toMatchObject({
      secret_id: "my-own-secret",
      secret_id_accessor: expect.any(String),
    });
    const again = root.write("auth/approle-custom/role/r1/custom-secret-id", {
      secret_id: "my-own-secret",
    });
    await expect(again).rejects.toMatchObject({
      response: { statusCode: 500, body: { errors: ["SecretID is already registered"] } },
    });
    const missing = root.write("auth/approle-custom/role/r1/custom-secret-id", {});
    await expect(missing).rejects.toMatchObject({ response: { statusCode: 400 } });
  });

  it("gives each service exactly the configured role id and secret id, run after run", async () => {
    // A run without fixed credentials first: its drawn secret id must not survive pinning.
    const drawn = await bootstrapVault({ client: root, services: SERVICES });

    const credentials = fixed("v1");
    const first = await bootstrapVault({
      client: root,
      services: SERVICES,
      approleCredentials: credentials,
    });
    expect(first.approles).toEqual(credentials);
    for (const service of SERVICES) {
      const { roleId, secretId } = credentials[service as keyof typeof credentials];
      expect(await loginStatus(server.addr, roleId, secretId)).toBe(200);
      // The drawn secret id was revoked, and the drawn role id replaced.
      expect(await loginStatus(server.addr, roleId, drawn.approles[service]!.secretId)).toBe(400);
      expect(
        await loginStatus(
          server.addr,
          drawn.approles[service]!.roleId,
          drawn.approles[service]!.secretId,
        ),
      ).toBe(400);
    }

    // Run again with the same values (every `docker compose up`): still accepted.
    const second = await bootstrapVault({
      client: root,
      services: SERVICES,
      approleCredentials: credentials,
    });
    expect(second.approles).toEqual(credentials);
    const user = credentials["user-service"];
    expect(await loginStatus(server.addr, user.roleId, user.secretId)).toBe(200);
    const accessors = await root.list("auth/approle/role/turnout-user-service/secret-id");
    expect(accessors.data.keys).toHaveLength(1);
  });

  it("rotates: a changed secret id in the env file revokes the previous one", async () => {
    const before = fixed("v1")["user-service"];
    const after = fixed("v2")["user-service"];
    await bootstrapVault({ client: root, services: SERVICES, approleCredentials: fixed("v2") });
    expect(await loginStatus(server.addr, after.roleId, after.secretId)).toBe(200);
    expect(await loginStatus(server.addr, before.roleId, before.secretId)).toBe(400);
  });

  it("mixes fixed and drawn credentials", async () => {
    const result = await bootstrapVault({
      client: root,
      services: SERVICES,
      approleCredentials: { "event-service": fixed("v3")["event-service"] },
    });
    expect(result.approles["event-service"]).toEqual(fixed("v3")["event-service"]);
    const user = result.approles["user-service"]!;
    expect(user.roleId).toBe("compose-user-role");
    expect(await loginStatus(server.addr, user.roleId, user.secretId)).toBe(200);
  });
});
