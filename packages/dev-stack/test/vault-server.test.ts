import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodeVault from "node-vault";
import { startVaultServer, type VaultServer } from "../src";

/** What node-vault rejects with, read without trusting its `any` typings. */
async function failure(promise: Promise<unknown>): Promise<{ status: number; errors: unknown }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { response?: { statusCode: number; body: { errors?: unknown } } })
      .response;
    if (response) return { status: response.statusCode, errors: response.body.errors };
    throw error;
  }
  throw new Error("the request succeeded");
}

const policy = (paths: Record<string, string[]>) =>
  JSON.stringify({
    path: Object.fromEntries(
      Object.entries(paths).map(([path, capabilities]) => [path, { capabilities }]),
    ),
  });

describe("development Vault server", () => {
  let server: VaultServer;
  let root: ReturnType<typeof nodeVault>;

  beforeAll(async () => {
    server = await startVaultServer();
    root = nodeVault({ endpoint: server.addr, token: server.rootToken });
    await root.mount({ mount_point: "secret", type: "kv", options: { version: "2" } });
  });
  afterAll(() => server.stop());

  it("reports health like an unsealed, active Vault, without a token", async () => {
    const health = await nodeVault({ endpoint: server.addr }).health();
    expect(health).toMatchObject({ initialized: true, sealed: false, standby: false });
    expect(typeof health.version).toBe("string");
  });

  it("answers 403 permission denied without a token or with an unknown one", async () => {
    const anonymous = nodeVault({ endpoint: server.addr });
    await root.write("secret/data/t/anon", { data: { v: "1" } });
    expect(await failure(anonymous.read("secret/data/t/anon"))).toEqual({
      status: 403,
      errors: ["permission denied"],
    });
    const forged = nodeVault({ endpoint: server.addr, token: "hvs.not-a-real-token" });
    expect((await failure(forged.read("secret/data/t/anon"))).status).toBe(403);
    expect((await failure(forged.tokenLookupSelf())).status).toBe(403);
  });

  it("keeps KV v2 versions, serves old ones and the metadata", async () => {
    const first = await root.write("secret/data/t/versions", { data: { value: "one" } });
    expect(first.data).toMatchObject({ version: 1, deletion_time: "", destroyed: false });
    await root.write("secret/data/t/versions", { data: { value: "two" } });

    const latest = await root.read("secret/data/t/versions");
    expect(latest.data.data).toEqual({ value: "two" });
    expect(latest.data.metadata).toMatchObject({ version: 2, deletion_time: "", destroyed: false });
    const old = await root.read("secret/data/t/versions?version=1");
    expect(old.data.data).toEqual({ value: "one" });
    expect(old.data.metadata.version).toBe(1);

    const metadata = await root.read("secret/metadata/t/versions");
    expect(metadata.data.current_version).toBe(2);
    expect(Object.keys(metadata.data.versions as object)).toEqual(["1", "2"]);
    expect((await failure(root.read("secret/data/t/versions?version=9"))).status).toBe(404);
  });

  it("refuses a write whose check-and-set version does not match", async () => {
    await root.write("secret/data/t/cas", { data: { n: 1 } });
    const refused = await failure(
      root.write("secret/data/t/cas", { data: { n: 2 }, options: { cas: 0 } }),
    );
    expect(refused.status).toBe(400);
    expect(refused.errors).toEqual(["check-and-set parameter did not match the current version"]);
    await root.write("secret/data/t/cas", { data: { n: 2 }, options: { cas: 1 } });
    expect((await root.read("secret/data/t/cas")).data.data).toEqual({ n: 2 });
  });

  it("lists keys with the LIST method and with ?list=true, and 404s a missing secret", async () => {
    await root.write("secret/data/t/list/a", { data: { x: 1 } });
    await root.write("secret/data/t/list/sub/b", { data: { x: 1 } });
    expect((await root.list("secret/metadata/t/list/")).data.keys).toEqual(["a", "sub/"]);
    const viaGet = await fetch(`${server.addr}/v1/secret/metadata/t/list?list=true`, {
      headers: { "X-Vault-Token": server.rootToken },
    });
    expect(await viaGet.json()).toMatchObject({ data: { keys: ["a", "sub/"] } });
    expect(await failure(root.read("secret/data/t/missing"))).toEqual({ status: 404, errors: [] });
  });

  it("answers malformed JSON with 400 and keeps serving", async () => {
    const response = await fetch(`${server.addr}/v1/secret/data/t/json`, {
      method: "POST",
      headers: { "X-Vault-Token": server.rootToken, "Content-Type": "application/json" },
      body: '{"data": {',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: string[] };
    expect(body.errors[0]).toMatch(/failed to parse JSON/);
    const notAnObject = await fetch(`${server.addr}/v1/secret/data/t/json`, {
      method: "PUT",
      headers: { "X-Vault-Token": server.rootToken },
      body: "[1,2]",
    });
    expect(notAnObject.status).toBe(400);
    expect((await failure(root.write("secret/data/t/json", { nodata: true }))).status).toBe(400);
    expect((await nodeVault({ endpoint: server.addr }).health()).sealed).toBe(false);
  });

  it("refuses HCL policies, saying only JSON is supported", async () => {
    const refused = await failure(
      root.addPolicy({ name: "hcl", policy: 'path "secret/*" { capabilities = ["read"] }' }),
    );
    expect(refused.status).toBe(400);
    expect(String(refused.errors)).toMatch(/JSON/);
  });

  it("enforces a policy on a token: granted paths pass, others are denied", async () => {
    await root.request({
      path: "/sys/policies/acl/reader",
      method: "PUT",
      json: { policy: policy({ "secret/data/t/open/*": ["read"] }) },
    });
    expect(
      (await root.request({ path: "/sys/policies/acl/reader", method: "GET" })).data.name,
    ).toBe("reader");
    await root.write("secret/data/t/open/x", { data: { ok: true } });
    await root.write("secret/data/t/closed", { data: { ok: false } });
    const created = await root.write("auth/token/create", { policies: ["reader"], ttl: "10m" });
    const reader = nodeVault({ endpoint: server.addr, token: created.auth.client_token });
    expect((await reader.read("secret/data/t/open/x")).data.data).toEqual({ ok: true });
    expect((await failure(reader.read("secret/data/t/closed"))).status).toBe(403);
    expect((await failure(reader.write("secret/data/t/open/x", { data: {} }))).status).toBe(403);
    const self = await reader.tokenLookupSelf();
    expect(self.data.policies).toEqual(["default", "reader"]);
    expect(self.data.ttl).toBeGreaterThan(500);
  });

  it("honours secret_id_num_uses and answers the vault CLI's mount preflight", async () => {
    await root.enableAuth({ mount_point: "approle", type: "approle" });
    await root.write("auth/approle/role/once", {
      token_policies: ["reader"],
      secret_id_num_uses: 1,
    });
    const roleId: string = (await root.getApproleRoleId({ role_name: "once" })).data.role_id;
    const secretId: string = (await root.getApproleRoleSecret({ role_name: "once" })).data
      .secret_id;
    const service = nodeVault({ endpoint: server.addr });
    await service.approleLogin({ role_id: roleId, secret_id: secretId });
    expect(
      (
        await failure(
          nodeVault({ endpoint: server.addr }).approleLogin({
            role_id: roleId,
            secret_id: secretId,
          }),
        )
      ).status,
    ).toBe(400);

    const preflight = await service.read("sys/internal/ui/mounts/secret/t/open/x");
    expect(preflight.data).toMatchObject({
      path: "secret/",
      type: "kv",
      options: { version: "2" },
    });
    expect((await failure(service.read("sys/internal/ui/mounts/secret/t/closed"))).status).toBe(
      403,
    );
  });

  it("expires tokens at the end of their TTL", async () => {
    const created = await root.write("auth/token/create", { policies: ["default"], ttl: "1s" });
    const shortLived = nodeVault({ endpoint: server.addr, token: created.auth.client_token });
    expect((await shortLived.tokenLookupSelf()).data.ttl).toBeLessThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect((await failure(shortLived.tokenLookupSelf())).status).toBe(403);
  });

  it("renews a token within its maximum TTL", async () => {
    const created = await root.write("auth/token/create", {
      ttl: "1m",
      explicit_max_ttl: "2m",
      policies: ["default"],
    });
    const client = nodeVault({ endpoint: server.addr, token: created.auth.client_token });
    const renewed = await client.tokenRenewSelf({ increment: "10m" });
    expect(renewed.auth.lease_duration).toBeGreaterThan(60);
    expect(renewed.auth.lease_duration).toBeLessThanOrEqual(120);
  });
});

describe("development Vault server persistence", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "turnout-vault-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps mounts, policies, roles, secret ids and secrets across a restart", async () => {
    const dataFile = join(dir, "vault.json");
    const first = await startVaultServer({ dataFile });
    const root = nodeVault({ endpoint: first.addr, token: first.rootToken });
    await root.mount({ mount_point: "secret", type: "kv", options: { version: "2" } });
    await root.enableAuth({ mount_point: "approle", type: "approle" });
    await root.addPolicy({ name: "p", policy: policy({ "secret/data/kept": ["read"] }) });
    await root.write("auth/approle/role/kept", { token_policies: ["p"] });
    const roleId: string = (await root.getApproleRoleId({ role_name: "kept" })).data.role_id;
    const secretId: string = (await root.getApproleRoleSecret({ role_name: "kept" })).data
      .secret_id;
    await root.write("secret/data/kept", { data: { value: "v1" } });
    await root.write("secret/data/kept", { data: { value: "v2" } });
    const login = await nodeVault({ endpoint: first.addr }).approleLogin({
      role_id: roleId,
      secret_id: secretId,
    });
    await first.stop();

    const stored = await readFile(dataFile, "utf8");
    expect(stored).not.toContain(secretId);
    expect(stored).not.toContain(login.auth.client_token);

    const second = await startVaultServer({ dataFile });
    try {
      expect(second.rootToken).not.toBe(first.rootToken);
      const service = nodeVault({ endpoint: second.addr });
      await service.approleLogin({ role_id: roleId, secret_id: secretId });
      expect((await service.read("secret/data/kept")).data).toMatchObject({
        data: { value: "v2" },
        metadata: { version: 2 },
      });
      const earlier = nodeVault({ endpoint: second.addr, token: login.auth.client_token });
      expect((await earlier.read("secret/data/kept?version=1")).data.data).toEqual({ value: "v1" });
      const oldRoot = nodeVault({ endpoint: second.addr, token: first.rootToken });
      expect((await failure(oldRoot.read("secret/data/kept"))).status).toBe(403);
    } finally {
      await second.stop();
    }
  });
});
