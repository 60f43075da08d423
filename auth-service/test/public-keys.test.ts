import request from "supertest";
import {
  createLogger,
  createVaultClient,
  createVaultKeySource,
  pgReadinessCheck,
} from "@turnout/kit";
import { serviceDatabase, stackSigningKey, testStack } from "@turnout/test-kit";
import { createApp } from "../src/app";
import { SERVICE } from "../src/config";
import { createDatabase } from "../src/data/database";

const { url, schema, pool } = serviceDatabase(SERVICE);
const db = createDatabase(url, schema);
const { vault } = testStack();
const approle = vault!.approles[SERVICE]!;
const keys = createVaultKeySource({
  vault: createVaultClient({
    addr: vault!.addr,
    credentials: { roleId: approle.roleId, secretId: approle.secretId },
  }),
  refreshIntervalMs: 0,
});
const app = createApp({
  logger: createLogger({ service: SERVICE, silent: true }),
  db,
  readiness: [pgReadinessCheck(pool)],
  keys,
});

afterAll(async () => {
  keys.stop();
  await db.$disconnect();
  await pool.end();
});

test("the JWKS holds the public half of the Vault signing key and no private material, at both paths", async () => {
  const signing = await stackSigningKey();
  for (const path of ["/.well-known/jwks.json", "/api/v1/auth/.well-known/jwks.json"]) {
    const res = await request(app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=60");
    const { keys: published } = res.body as { keys: Record<string, unknown>[] };
    expect(published.map((k) => k.kid)).toContain(signing.kid);
    expect(published.find((k) => k.kid === signing.kid)).toMatchObject({
      kty: "OKP",
      crv: "Ed25519",
      x: signing.publicJwk.x,
    });
    for (const key of published) expect(key).not.toHaveProperty("d");
  }
});

test("the JWKS route is documented in the auth OpenAPI document", async () => {
  const res = await request(app).get("/api/v1/auth/openapi.json");
  expect(Object.keys((res.body as { paths: object }).paths)).toContain(
    "/api/v1/auth/.well-known/jwks.json",
  );
});
