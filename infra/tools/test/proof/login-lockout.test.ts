import { randomUUID } from "node:crypto";
import { startServices, uniqueEmail, type RunningServices } from "@turnout/test-kit";
import { postJsonFrom, randomLoopbackAddress } from "./from-address";

/**
 * Issue 18, item 1: failed logins sent from other addresses must neither lock the owner out nor
 * tell whether an email and a username belong to the same account. Every request leaves from
 * its own loopback address (the service's peer address, no X-Forwarded-For involved).
 */
let services: RunningServices;
let auth: string;
beforeAll(async () => {
  // Fresh accounts sign in without opening their confirmation mail here: that rule (item 7) is
  // proven in register-taken-email.test.ts; this file is about the throttle.
  services = await startServices(["auth-service"], {
    env: { "auth-service": { LOGIN_REQUIRES_VERIFIED_EMAIL: "false" } },
  });
  auth = services.urls["auth-service"]!;
}, 180_000);
afterAll(() => services.stop());

const PASSWORD = "the right password, at last";

async function register(): Promise<{ email: string; username: string }> {
  const account = {
    email: uniqueEmail("lockout"),
    username: `lk_${randomUUID().slice(0, 12)}`,
    password: PASSWORD,
  };
  const res = await postJsonFrom(`${auth}/api/v1/auth/register`, account, randomLoopbackAddress());
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return account;
}

const login = (body: object, from = randomLoopbackAddress()) =>
  postJsonFrom(`${auth}/api/v1/auth/login`, body, from);

test("wrong passwords from other addresses never keep the owner's right password out", async () => {
  const victim = await register();
  for (let i = 0; i < 6; i++) {
    await login({ email: victim.email, password: `guess number ${i}` });
  }
  // The owner, at an address of their own, signs in.
  const owner = await login({ email: victim.email, password: PASSWORD });
  expect(owner.status).toBe(200);
  expect(owner.body).toHaveProperty("access_token");
}, 60_000);

test("failures by username tell nothing about which email is the same account", async () => {
  const victim = await register();
  const unrelated = await register();
  const attacker = randomLoopbackAddress();
  for (let i = 0; i < 6; i++) {
    await login({ username: victim.username, password: `guess number ${i}` }, attacker);
  }
  // Is this email the same account? Ask from another address, beside an unrelated account.
  const sameAccount = await login({ email: victim.email, password: "a wrong password" });
  const otherAccount = await login({ email: unrelated.email, password: "a wrong password" });
  expect(sameAccount.status).toBe(401);
  expect(sameAccount.status).toBe(otherAccount.status);
  expect(sameAccount.body.code).toBe(otherAccount.body.code);
  expect(sameAccount.headers["retry-after"]).toBeUndefined();
  // And from the attacker's own address, where the username is now throttled, the email is not.
  const fromAttacker = await login({ email: victim.email, password: "a wrong password" }, attacker);
  expect(fromAttacker.status).toBe(401);
}, 60_000);
