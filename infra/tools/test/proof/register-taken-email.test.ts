import { startServices, uniqueEmail, waitForMail, type RunningServices } from "@turnout/test-kit";
import { MAIL_WAIT_MS } from "./proof-platform";

jest.setTimeout(180_000);

/**
 * Issue 18, item 7: registration must not tell whether an email has an account. A taken email
 * and a fresh one get the same reply (status, headers that matter, body shape), a login with the
 * password just chosen is refused alike (an account signs in once its email is confirmed), and
 * the owner of the taken address is told by mail.
 */
let services: RunningServices;
let auth: string;
beforeAll(async () => {
  services = await startServices(["auth-service", "notification-service"]);
  auth = services.urls["auth-service"]!;
}, 180_000);
afterAll(() => services.stop());

async function post(path: string, body: object) {
  const res = await fetch(`${auth}/api/v1/auth${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    body: (await res.json()) as Record<string, unknown>,
  };
}

const shapeOf = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).map(([key, value]) => [key, typeof value]));

test("a taken email and a fresh one get indistinguishable replies, and the owner is mailed", async () => {
  const owned = uniqueEmail("owner");
  expect((await post("/register", { email: owned, password: "the owner's password" })).status).toBe(
    201,
  );

  const fresh = uniqueEmail("fresh");
  const probeTaken = await post("/register", { email: owned, password: "probe password one" });
  const probeFresh = await post("/register", { email: fresh, password: "probe password two" });
  for (const probe of [probeTaken, probeFresh]) {
    expect(probe.status).toBe(201);
    expect(probe.contentType).toMatch(/^application\/json/);
    expect(probe.body).toMatchObject({
      username: null,
      roles: ["attendee"],
      email_verified: false,
    });
    expect(probe.body.id).toMatch(/^[0-9a-f-]{36}$/);
  }
  expect(shapeOf(probeTaken.body)).toEqual(shapeOf(probeFresh.body));
  expect(probeTaken.body.email).toBe(owned);

  // "Then log in with the password just chosen" tells nothing either: unconfirmed accounts do
  // not sign in, with the reply of a wrong password.
  const loginTaken = await post("/login", { email: owned, password: "probe password one" });
  const loginFresh = await post("/login", { email: fresh, password: "probe password two" });
  expect(loginTaken.status).toBe(401);
  expect(loginFresh.status).toBe(401);
  expect(loginTaken.body.code).toBe(loginFresh.body.code);
  expect(loginTaken.body.detail).toBe(loginFresh.body.detail);

  // The owner hears about it; the fresh address gets its confirmation link.
  const told = await waitForMail((m) => /tried to sign up/.test(m.subject), {
    to: owned,
    timeoutMs: MAIL_WAIT_MS,
  });
  expect(told.text).toMatch(/already\s+has an account/);
  expect(told.text).toContain("/sign-in");
  expect(told.text).not.toContain("probe password");
  await waitForMail((m) => m.subject.startsWith("Welcome"), { to: fresh, timeoutMs: MAIL_WAIT_MS });
});
