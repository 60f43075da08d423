import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import {
  createServiceTokenClient,
  createTokenVerifier,
  createVaultClient,
  type VaultClient,
} from "@turnout/kit";
import { TEST_AUDIENCE, TEST_ISSUER, testStack } from "@turnout/test-kit";
import { SERVICE_CLIENTS } from "../src/domain/service-tokens";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, keys, close } = createTestApp();
afterAll(async () => {
  // Failure counters of this file must not throttle later runs on the same stack.
  await prisma.loginThrottle.deleteMany({ where: { scope: "client" } });
  await close();
});

const CLIENT = "registration-service";
const TARGET = "event-service";

/** A service's own Vault identity (AppRole). */
const asService = (service: string): VaultClient => {
  const { vault } = testStack();
  const approle = vault!.approles[service]!;
  return createVaultClient({
    addr: vault!.addr,
    credentials: { roleId: approle.roleId, secretId: approle.secretId },
  });
};
/** A client's secret, read as the auth service reads it (only callers may read their own). */
const secretOf = async (service: string): Promise<string> =>
  (await asService("auth-service").readKv(`turnout/service-clients/${service}`)).data
    .client_secret as string;

const tokenRequest = (body: object) => request(app).post("/internal/token").send(body);

const serviceVerifier = createTokenVerifier({
  keySource: keys,
  issuer: TEST_ISSUER,
  audience: TARGET,
  accept: "service",
});
const userVerifier = createTokenVerifier({
  keySource: keys,
  issuer: TEST_ISSUER,
  audience: TEST_AUDIENCE,
  accept: "user",
});

test("the known clients are exactly the services of infra/postgres/services.json", () => {
  const file = join(__dirname, "../../infra/postgres/services.json");
  const { services } = JSON.parse(readFileSync(file, "utf8")) as {
    services: { service: string }[];
  };
  expect([...SERVICE_CLIENTS].sort()).toEqual(services.map((s) => s.service).sort());
});

test("a service with its Vault secret gets a token the target accepts and user routes refuse", async () => {
  const res = await tokenRequest({
    grant_type: "client_credentials",
    client_id: CLIENT,
    client_secret: await secretOf(CLIENT),
    audience: TARGET,
  });
  expect(res.status).toBe(200);
  expect(res.headers["cache-control"]).toBe("no-store");
  const body = res.body as { access_token: string; token_type: string; expires_in: number };
  expect(body.token_type).toBe("Bearer");
  expect(body.expires_in).toBeLessThanOrEqual(300);

  const header = decodeProtectedHeader(body.access_token);
  expect(header).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });
  expect(typeof header.kid).toBe("string");
  const claims = decodeJwt(body.access_token);
  expect(claims).toMatchObject({
    iss: TEST_ISSUER,
    aud: TARGET,
    sub: CLIENT,
    token_use: "service",
    roles: [],
  });
  expect(typeof claims.jti).toBe("string");
  expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);

  const principal = await serviceVerifier(body.access_token);
  expect(principal).toMatchObject({ kind: "service", subject: CLIENT, roles: [] });
  await expect(userVerifier(body.access_token)).rejects.toThrow("token rejected");
  // Another service's internal routes refuse it too (audience).
  const otherService = createTokenVerifier({
    keySource: keys,
    issuer: TEST_ISSUER,
    audience: "user-service",
    accept: "service",
  });
  await expect(otherService(body.access_token)).rejects.toThrow("token rejected");
});

test("a wrong secret, another client's secret and an unknown client are 401 invalid_client", async () => {
  const base = { grant_type: "client_credentials", client_id: CLIENT, audience: TARGET };
  const wrong = await tokenRequest({ ...base, client_secret: "not-the-secret" });
  const others = await tokenRequest({ ...base, client_secret: await secretOf(TARGET) });
  const unknown = await tokenRequest({
    ...base,
    client_id: "payments-service",
    client_secret: "x",
  });
  for (const res of [wrong, others, unknown]) {
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect((res.body as { code: string }).code).toBe("invalid_client");
  }
});

test("bad grants and malformed requests are 400", async () => {
  const secret = await secretOf(CLIENT);
  const valid = {
    grant_type: "client_credentials",
    client_id: CLIENT,
    client_secret: secret,
    audience: TARGET,
  };
  const cases: [object, string][] = [
    [{ ...valid, grant_type: "password" }, "unsupported_grant_type"],
    [{ ...valid, grant_type: undefined }, "invalid_request"],
    [{ ...valid, client_secret: undefined }, "invalid_request"],
    [{ ...valid, audience: undefined }, "invalid_request"],
    [{ ...valid, audience: "nowhere-service" }, "invalid_request"],
    [{ ...valid, audience: CLIENT }, "invalid_request"],
    [{ ...valid, client_id: 42 }, "invalid_request"],
  ];
  for (const [body, code] of cases) {
    const res = await tokenRequest(body);
    expect({ body, status: res.status, code: (res.body as { code: string }).code }).toEqual({
      body,
      status: 400,
      code,
    });
  }
});

test("repeated failures for one client id are throttled with 429", async () => {
  const { app: strict, close: closeStrict } = createTestApp({ serviceClientMaxFailures: 2 });
  const body = {
    grant_type: "client_credentials",
    client_id: "notification-service",
    client_secret: "guess",
    audience: TARGET,
  };
  await prisma.loginThrottle.deleteMany({ where: { scope: "client", subject: body.client_id } });
  for (let i = 0; i < 2; i++)
    expect((await request(strict).post("/internal/token").send(body)).status).toBe(401);
  const res = await request(strict)
    .post("/internal/token")
    .send({ ...body, client_secret: await secretOf("notification-service") });
  expect(res.status).toBe(429);
  expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
  await prisma.loginThrottle.deleteMany({ where: { scope: "client", subject: body.client_id } });
  await closeStrict();
});

test("the kit's createServiceTokenClient gets a token from auth and caches it", async () => {
  const server = app.listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    let requests = 0;
    const client = createServiceTokenClient({
      authUrl: `http://127.0.0.1:${port}`,
      clientId: CLIENT,
      audience: TARGET,
      vault: asService(CLIENT),
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    const first = await client.token();
    const second = await client.token();
    expect(second).toBe(first);
    expect(requests).toBe(1);
    expect(await serviceVerifier(first)).toMatchObject({ kind: "service", subject: CLIENT });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
