import type { Express } from "express";
import request from "supertest";
import {
  authenticate,
  createServiceApp,
  createLogger,
  createServiceRuntime,
  loadConfig,
  principalOf,
  serviceConfig,
  type RunningServer,
  type ServiceRuntime,
} from "@turnout/kit";
import { serviceEnv, waitFor } from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import {
  createTestApp,
  PASSWORD,
  registerUser,
  uniqueAddress,
  type TestApp,
} from "./helpers/test-app";

/**
 * Real parts end to end: auth (the test app) served by auth's own runtime, whose relay
 * publishes the auth schema's outbox and whose verifier honours the revocation list; and a
 * second service (the event service's runtime) that learns of revocations only from Kafka.
 */
const OTHER = "event-service";
let authRuntime: ServiceRuntime;
let otherRuntime: ServiceRuntime;
let auth: TestApp;
let authServer: RunningServer;
let otherServer: RunningServer;

const runtimeFor = (service: string) =>
  createServiceRuntime(service, loadConfig(serviceConfig({}), serviceEnv(service)), {
    logger: createLogger({ service, silent: true }),
    exit: () => undefined,
  });

const otherApp = (runtime: ServiceRuntime): Express =>
  createServiceApp({
    service: OTHER,
    logger: runtime.logger,
    readiness: runtime.readiness,
    configure: (app) => {
      app.get("/api/v1/events/mine", authenticate(runtime.verifyUser, runtime), (_req, res) => {
        res.json({ sub: principalOf(res).subject });
      });
    },
  });

beforeAll(async () => {
  authRuntime = runtimeFor(SERVICE);
  otherRuntime = runtimeFor(OTHER);
  auth = createTestApp({}, { verifyUser: authRuntime.verifyUser });
  [authServer, otherServer] = await Promise.all([
    authRuntime.serve(auth.app),
    otherRuntime.serve(otherApp(otherRuntime)),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([authRuntime.shutdown.run("test"), otherRuntime.shutdown.run("test")]);
  await auth.close();
}, 30_000);

const authUrl = (path: string) => `http://127.0.0.1:${authServer.port}/api/v1/auth${path}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const otherStatus = async (token: string) =>
  (
    await fetch(`http://127.0.0.1:${otherServer.port}/api/v1/events/mine`, {
      headers: bearer(token),
    })
  ).status;
const logoutStatus = async (token: string, body?: object) =>
  (
    await fetch(authUrl("/logout"), {
      method: "POST",
      headers: { ...bearer(token), ...(body ? { "Content-Type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
  ).status;

async function loggedIn(): Promise<{ access: string; refresh: string }> {
  const user = await registerUser(auth.app);
  const res = await request(auth.app)
    .post("/api/v1/auth/login")
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email: user.email, password: PASSWORD });
  expect(res.status).toBe(200);
  const body = res.body as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

test("a logged-out access token is rejected by another service within 2 s", async () => {
  const { access, refresh } = await loggedIn();
  expect(await otherStatus(access)).toBe(200);

  const started = Date.now();
  expect(await logoutStatus(access, { refresh_token: refresh })).toBe(204);
  await waitFor(async () => (await otherStatus(access)) === 401, {
    timeoutMs: 2000,
    intervalMs: 20,
    message: "the other service to reject the logged-out token",
  });
  const elapsed = Date.now() - started;
  console.log(`revocation reached ${OTHER} ${elapsed} ms after the logout request`);
  expect(elapsed).toBeLessThan(2000);

  // Auth honours the same list: a second logout with the token is refused.
  await waitFor(async () => (await logoutStatus(access)) === 401, { timeoutMs: 2000 });
  // The session's refresh family is revoked too.
  const refreshed = await request(auth.app)
    .post("/api/v1/auth/refresh")
    .send({ refresh_token: refresh });
  expect(refreshed.status).toBe(401);
  expect(refreshed.body).toMatchObject({ code: "invalid_refresh_token" });
});

test("logout needs a bearer token", async () => {
  expect((await request(auth.app).post("/api/v1/auth/logout")).status).toBe(401);
  expect(await logoutStatus("not-a-token")).toBe(401);
});

test("logout without a body ends the access token only; someone else's refresh token is left alone", async () => {
  const mine = await loggedIn();
  const theirs = await loggedIn();
  expect(await logoutStatus(mine.access, { refresh_token: theirs.refresh })).toBe(204);
  const theirRefresh = await request(auth.app)
    .post("/api/v1/auth/refresh")
    .send({ refresh_token: theirs.refresh });
  expect(theirRefresh.status).toBe(200);

  const other = await loggedIn();
  expect(await logoutStatus(other.access)).toBe(204);
  const ownRefresh = await request(auth.app)
    .post("/api/v1/auth/refresh")
    .send({ refresh_token: other.refresh });
  expect(ownRefresh.status).toBe(200);
  await waitFor(async () => (await otherStatus(other.access)) === 401, { timeoutMs: 2000 });
});
