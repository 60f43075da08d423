import request from "supertest";
import { uniqueEmail } from "@turnout/test-kit";
import { createTestApp, PASSWORD, registerUser, uniqueAddress } from "./helpers/test-app";

const { app, close } = createTestApp({
  throttle: { windowSeconds: 60, maxPerAccount: 3, maxPerAddress: 6 },
});
afterAll(() => close());

const login = (body: object, address: string) =>
  request(app).post("/api/v1/auth/login").set("X-Forwarded-For", address).send(body);

test("after too many failures for an account, even the right password is 429 with Retry-After", async () => {
  const user = await registerUser(app);
  for (let i = 0; i < 3; i++) {
    expect(
      (await login({ email: user.email, password: "bad password!" }, uniqueAddress())).status,
    ).toBe(401);
  }
  const res = await login({ email: user.email, password: PASSWORD }, uniqueAddress());
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ code: "too_many_requests" });
  const retryAfter = Number(res.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
});

test("an unknown account is throttled the same way as a known one", async () => {
  const email = uniqueEmail("ghost");
  for (let i = 0; i < 3; i++) {
    expect((await login({ email, password: "bad password!" }, uniqueAddress())).status).toBe(401);
  }
  const res = await login({ email, password: "bad password!" }, uniqueAddress());
  expect(res.status).toBe(429);
  expect(res.headers["retry-after"]).toBeDefined();
});

test("too many failures from one client address are 429 for any account from it", async () => {
  const address = uniqueAddress();
  for (let i = 0; i < 6; i++) {
    const res = await login({ email: uniqueEmail("spray"), password: "bad password!" }, address);
    expect(res.status).toBe(401);
  }
  const user = await registerUser(app);
  const blocked = await login({ email: user.email, password: PASSWORD }, address);
  expect(blocked.status).toBe(429);
  expect(blocked.headers["retry-after"]).toBeDefined();
  expect((await login({ email: user.email, password: PASSWORD }, uniqueAddress())).status).toBe(
    200,
  );
});

test("a successful login resets the account's failure count", async () => {
  const user = await registerUser(app);
  for (let i = 0; i < 2; i++) await login({ email: user.email, password: "bad!" }, uniqueAddress());
  expect((await login({ email: user.email, password: PASSWORD }, uniqueAddress())).status).toBe(
    200,
  );
  for (let i = 0; i < 2; i++) await login({ email: user.email, password: "bad!" }, uniqueAddress());
  expect((await login({ email: user.email, password: PASSWORD }, uniqueAddress())).status).toBe(
    200,
  );
});
