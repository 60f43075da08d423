// The compose init jobs run against what is available here: vault-init against the development
// Vault server (the same node-vault calls as against real Vault), its init/unseal sequence
// against a stand-in for a sealed server, db-init against the test stack's PostgreSQL.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "@turnout/provisioning";
import { startVaultServer, type VaultServer } from "@turnout/dev-stack";
import { testStack, uniqueSuffix } from "@turnout/test-kit";
import nodeVault from "node-vault";
import { Client } from "pg";
import { databasePlan, initDatabase } from "../src/compose/db-init";
import { createTopics, topicPlan } from "../src/compose/kafka-init";
import { configureVault, vaultPlan } from "../src/compose/vault-init";
import { unsealVault } from "../src/compose/vault-unseal";
import { loadComposeInput } from "./compose-input";
import { interpolateDocument } from "./compose-interpolate";
import { environmentOf, readShape } from "./compose-model";

const quiet = () => undefined;

/** Each container's environment as compose would pass it with `cp .env.example .env`. */
function composeEnvironments(): (service: string) => Record<string, string> {
  const input = loadComposeInput();
  const { file } = readShape(interpolateDocument(input.compose, input.envExample));
  return (service) => environmentOf(file?.services[service]);
}

describe("vault-init", () => {
  let server: VaultServer;
  const envOf = composeEnvironments();

  beforeAll(async () => {
    server = await startVaultServer();
  });
  afterAll(() => server.stop());

  it("loads every policy file, and each service logs in with the credentials compose gives it", async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), "vault-init-")), "init.json");
    writeFileSync(
      keyFile,
      JSON.stringify({ unseal_keys_b64: ["k"], root_token: server.rootToken }),
    );
    const plan = vaultPlan({
      ...envOf("vault-init"),
      VAULT_ADDR: server.addr,
      VAULT_KEY_FILE: keyFile,
    });

    for (let run = 0; run < 2; run++) {
      const token = await unsealVault(plan.addr, plan.keyFile, quiet);
      const result = await configureVault(plan, token, quiet);
      const files = readdirSync(join(repoRoot(), "infra", "vault", "policies"))
        .filter((file) => file.endsWith(".json"))
        .map((file) => file.slice(0, -".json".length));
      expect([...result.policies].sort()).toEqual(files.sort());
    }

    for (const { service } of loadComposeInput().serviceList.services) {
      const env = envOf(service);
      const client = nodeVault({ endpoint: server.addr });
      await client.approleLogin({ role_id: env.VAULT_ROLE_ID, secret_id: env.VAULT_SECRET_ID });
      const jwks = await client.read("secret/data/turnout/jwt/jwks");
      expect(JSON.parse(jwks.data.data.keys as string)).toHaveLength(1);
    }
  });
});

describe("kafka-init", () => {
  // The development broker cannot create topics (README), but it holds every listed topic with
  // its partition count already: the path of a second `docker compose up`.
  it("accepts topics that exist with the listed partitions, and reports a different count", async () => {
    const { brokers } = testStack().kafka;
    const lines: string[] = [];
    await createTopics(brokers, topicPlan(), (line) => lines.push(line));
    expect(lines).toEqual([`${topicPlan().length} topics present`]);

    const [first] = topicPlan();
    const wrong = [{ name: first!.name, partitions: first!.partitions + 2 }];
    await expect(createTopics(brokers, wrong, quiet)).rejects.toThrow(
      `${first!.name} has ${first!.partitions} partitions, wanted ${first!.partitions + 2}`,
    );
  });
});

/** A sealed, uninitialised Vault's sys endpoints: just what unsealVault() calls. */
function sealedVault(initialized: boolean): {
  server: Server;
  calls: string[];
  start(): Promise<string>;
} {
  const state = { initialized, sealed: true };
  const calls: string[] = [];
  const body = async (req: IncomingMessage) => {
    let text = "";
    for await (const chunk of req) text += String(chunk);
    return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  };
  const answer = (
    method: string,
    path: string,
    input: Record<string, unknown>,
  ): [number, unknown] => {
    if (path === "/v1/sys/health") return [state.sealed ? 503 : 200, state];
    if (path === "/v1/sys/init" && method === "GET")
      return [200, { initialized: state.initialized }];
    if (path === "/v1/sys/init") {
      state.initialized = true;
      return [200, { keys_base64: ["the-unseal-key"], root_token: "the-root-token" }];
    }
    if (path === "/v1/sys/seal-status") return [200, { sealed: state.sealed }];
    if (path === "/v1/sys/unseal") {
      state.sealed = input.key !== "the-unseal-key";
      return [200, { sealed: state.sealed }];
    }
    return [404, { errors: [] }];
  };
  const server = createServer((req, res) => {
    void body(req).then((input) => {
      const method = req.method ?? "";
      const path = req.url ?? "";
      calls.push(`${method} ${path}`);
      const [status, data] = answer(method, path, input);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(data));
    });
  });
  return {
    server,
    calls,
    start: () =>
      new Promise((resolve) => {
        server.listen(0, "127.0.0.1", () => {
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        });
      }),
  };
}

describe("vault-init's init and unseal", () => {
  it("initialises a new Vault, keeps its keys private, and unseals it after a restart", async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), "vault-init-")), "init.json");
    const fresh = sealedVault(false);
    const addr = await fresh.start();
    try {
      expect(await unsealVault(addr, keyFile, quiet)).toBe("the-root-token");
      expect(fresh.calls).toContain("PUT /v1/sys/init");
      expect(fresh.calls).toContain("PUT /v1/sys/unseal");
    } finally {
      fresh.server.close();
    }
    expect(JSON.parse(readFileSync(keyFile, "utf8"))).toEqual({
      unseal_keys_b64: ["the-unseal-key"],
      root_token: "the-root-token",
    });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const restarted = sealedVault(true);
    const again = await restarted.start();
    try {
      expect(await unsealVault(again, keyFile, quiet)).toBe("the-root-token");
      expect(restarted.calls).not.toContain("PUT /v1/sys/init");
      expect(restarted.calls).toContain("PUT /v1/sys/unseal");
    } finally {
      restarted.server.close();
    }
  });

  it("stops with the reason when Vault was initialised without it", async () => {
    const other = sealedVault(true);
    const addr = await other.start();
    try {
      const missing = join(tmpdir(), `absent-${uniqueSuffix()}`, "init.json");
      await expect(unsealVault(addr, missing, quiet)).rejects.toThrow(
        "was initialised outside vault-init",
      );
    } finally {
      other.server.close();
    }
  });
});

describe("db-init", () => {
  it("refuses a password compose could not put into a URL, naming every bad variable", () => {
    const env = composeEnvironments()("db-init");
    expect(() => databasePlan({ ...env, USER_SERVICE_DB_PASSWORD: "a@b/c" })).toThrow(
      "USER_SERVICE_DB_PASSWORD: use only",
    );
    expect(() => databasePlan({})).toThrow(
      /DATABASE_ADMIN_URL, AUTH_SERVICE_DB_PASSWORD, .*NOTIFICATION/,
    );
  });

  it("creates the database, schema and role and migrates as that role, twice", async () => {
    const suffix = uniqueSuffix().replace(/-/g, "");
    const database = `compose_${suffix}`;
    const role = `compose_auth_${suffix}`;
    const plan = {
      adminUrl: testStack().database.adminUrl,
      database,
      services: [{ service: "auth-service", role, schema: "auth", password: `pw-${suffix}` }],
    };
    await initDatabase(plan, quiet);
    await initDatabase(plan, quiet);

    const url = new URL(plan.adminUrl);
    Object.assign(url, { username: role, password: `pw-${suffix}`, pathname: `/${database}` });
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    const admin = new Client({ connectionString: plan.adminUrl });
    try {
      const tables = await client.query<{ owner: string }>(
        "SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'auth' AND tablename = 'outbox'",
      );
      expect(tables.rows).toEqual([{ owner: role }]);
    } finally {
      await client.end();
      await admin.connect();
      await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });
});
