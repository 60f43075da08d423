import request from "supertest";
import { parseEvent, passwordResetRequestedV1, TOPICS } from "@turnout/contracts";
import {
  createLogger,
  createServiceRuntime,
  loadConfig,
  serviceConfig,
  type RunningServer,
  type ServiceRuntime,
} from "@turnout/kit";
import { readTopics, serviceEnv, uniqueEmail, waitFor, type TopicReader } from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import {
  createTestApp,
  PASSWORD,
  registerUser,
  uniqueAddress,
  type TestApp,
} from "./helpers/test-app";

/**
 * Auth (the test app) served by its own runtime, as in logout.test.ts: the runtime's relay
 * publishes the outbox, and its verifier honours the revocation list fed from `token-revoked`.
 */
let runtime: ServiceRuntime;
let auth: TestApp;
let server: RunningServer;
let reader: TopicReader;
const NEW_PASSWORD = "a brand new passphrase";

beforeAll(async () => {
  runtime = createServiceRuntime(SERVICE, loadConfig(serviceConfig({}), serviceEnv(SERVICE)), {
    logger: createLogger({ service: SERVICE, silent: true }),
    exit: () => undefined,
  });
  auth = createTestApp({ resetThrottle: { maxPerEmail: 3 } }, { verifyUser: runtime.verifyUser });
  reader = await readTopics([TOPICS.passwordResetRequested]);
  server = await runtime.serve(auth.app);
}, 60_000);

afterAll(async () => {
  await runtime.shutdown.run("test");
  await reader.stop();
  await auth.close();
}, 30_000);

const url = (path: string) => `http://127.0.0.1:${server.port}/api/v1/auth${path}`;
const post = (path: string, body: object, address = uniqueAddress()) =>
  request(auth.app).post(`/api/v1/auth${path}`).set("X-Forwarded-For", address).send(body);
const meStatus = async (token: string) =>
  (await fetch(url("/me"), { headers: { Authorization: `Bearer ${token}` } })).status;

const resetEventsFor = (email: string) =>
  reader.messages
    .map((m) => parseEvent(passwordResetRequestedV1, JSON.parse(m.value!.toString())))
    .filter((event) => event.data.email === email);

async function login(email: string, password: string) {
  return post("/login", { email, password });
}

test("a reset for an unknown email answers 202 and publishes nothing", async () => {
  const email = uniqueEmail("nobody");
  const res = await post("/password-reset-request", { email });
  expect(res.status).toBe(202);
  expect(res.body).toEqual({});
  // A known account's request afterwards proves the relay has published everything before it.
  const user = await registerUser(auth.app);
  expect((await post("/password-reset-request", { email: user.email })).status).toBe(202);
  await waitFor(() => resetEventsFor(user.email).length > 0, { timeoutMs: 20_000 });
  expect(resetEventsFor(email)).toHaveLength(0);
});

test("the mailed token resets the password once and ends every session everywhere", async () => {
  const user = await registerUser(auth.app);
  const session = await login(user.email, PASSWORD);
  expect(session.status).toBe(200);
  const { access_token: access, refresh_token: refresh } = session.body as {
    access_token: string;
    refresh_token: string;
  };
  expect(await meStatus(access)).toBe(200);

  const res = await post("/password-reset-request", { email: user.email.toUpperCase() });
  expect(res.status).toBe(202);
  await waitFor(() => resetEventsFor(user.email).length > 0, { timeoutMs: 20_000 });
  const event = resetEventsFor(user.email)[0]!;
  expect(event.subject).toBe(user.id);
  expect(Date.parse(event.data.expires_at) - Date.parse(event.data.requested_at)).toBe(1_800_000);

  const confirmed = await post("/password-reset-confirm", {
    token: event.data.token,
    new_password: NEW_PASSWORD,
  });
  expect(confirmed.status).toBe(204);

  // Single use.
  const again = await post("/password-reset-confirm", {
    token: event.data.token,
    new_password: "yet another passphrase",
  });
  expect(again.status).toBe(400);
  expect(again.body).toMatchObject({ code: "invalid_token" });

  expect((await login(user.email, PASSWORD)).status).toBe(401);
  const fresh = await login(user.email, NEW_PASSWORD);
  expect(fresh.status).toBe(200);
  expect((await post("/refresh", { refresh_token: refresh })).status).toBe(401);

  // The access token issued before the reset is rejected by the verifier that honours the list.
  await waitFor(async () => (await meStatus(access)) === 401, {
    timeoutMs: 2000,
    intervalMs: 20,
    message: "the pre-reset access token to be rejected",
  });
  // The token issued after the reset keeps working.
  expect(await meStatus((fresh.body as { access_token: string }).access_token)).toBe(200);
});

test("an expired reset token fails", async () => {
  const user = await registerUser(auth.app);
  expect((await post("/password-reset-request", { email: user.email })).status).toBe(202);
  await waitFor(() => resetEventsFor(user.email).length > 0, { timeoutMs: 20_000 });
  await auth.prisma.oneTimeToken.updateMany({
    where: { userId: user.id, purpose: "password_reset" },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  const res = await post("/password-reset-confirm", {
    token: resetEventsFor(user.email)[0]!.data.token,
    new_password: NEW_PASSWORD,
  });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: "invalid_token" });
  expect((await login(user.email, PASSWORD)).status).toBe(200);
});

test.each([
  ["/password-reset-request", {}],
  ["/password-reset-request", { email: "not-an-email" }],
  ["/password-reset-request", { email: 42 }],
  ["/password-reset-confirm", { new_password: NEW_PASSWORD }],
  ["/password-reset-confirm", { token: "x".repeat(43) }],
  ["/password-reset-confirm", { token: "x".repeat(43), new_password: "short-pass1" }],
  ["/password-reset-confirm", { token: "x".repeat(43), new_password: "p".repeat(129) }],
  ["/password-reset-confirm", { token: 42, new_password: NEW_PASSWORD }],
])("%s refuses %j with 400", async (path, body) => {
  const res = await post(path, body);
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: "validation_failed" });
});

test("an unknown reset token is refused", async () => {
  const res = await post("/password-reset-confirm", {
    token: "x".repeat(43),
    new_password: NEW_PASSWORD,
  });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: "invalid_token" });
});

test("requests are throttled per email and per address with 429 and Retry-After", async () => {
  const email = uniqueEmail("throttle");
  for (let i = 0; i < 3; i += 1) {
    expect((await post("/password-reset-request", { email })).status).toBe(202);
  }
  const limited = await post("/password-reset-request", { email: email.toUpperCase() });
  expect(limited.status).toBe(429);
  expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);

  const address = uniqueAddress();
  for (let i = 0; i < 30; i += 1) {
    expect(
      (await post("/password-reset-request", { email: uniqueEmail("a") }, address)).status,
    ).toBe(202);
  }
  const byAddress = await post("/password-reset-request", { email: uniqueEmail("a") }, address);
  expect(byAddress.status).toBe(429);
  expect(byAddress.headers["retry-after"]).toBeDefined();
});
