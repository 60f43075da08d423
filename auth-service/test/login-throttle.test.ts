import request from "supertest";
import { uniqueEmail } from "@turnout/test-kit";
import { slowDownMs } from "../src/domain/throttle-rules";
import { createTestApp, PASSWORD, registerUser, uniqueAddress } from "./helpers/test-app";

const { app, close } = createTestApp({
  throttle: {
    windowSeconds: 60,
    maxPerAccountAddress: 3,
    maxPerAddress: 6,
    slowDown: { after: 3, baseMs: 300, maxMs: 600 },
  },
});
afterAll(() => close());

const login = (body: object, address: string) =>
  request(app).post("/api/v1/auth/login").set("X-Forwarded-For", address).send(body);

test("failures of an account from other addresses never refuse the right password", async () => {
  const user = await registerUser(app);
  for (let i = 0; i < 5; i++) {
    expect(
      (await login({ email: user.email, password: "bad password!" }, uniqueAddress())).status,
    ).toBe(401);
  }
  expect((await login({ email: user.email, password: PASSWORD }, uniqueAddress())).status).toBe(
    200,
  );
});

test("too many failures of one account from one address are 429 there, with Retry-After", async () => {
  const user = await registerUser(app);
  const address = uniqueAddress();
  for (let i = 0; i < 3; i++) {
    expect((await login({ email: user.email, password: "bad password!" }, address)).status).toBe(
      401,
    );
  }
  const res = await login({ email: user.email, password: PASSWORD }, address);
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({ code: "too_many_requests" });
  const retryAfter = Number(res.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  // Elsewhere the owner signs in.
  expect((await login({ email: user.email, password: PASSWORD }, uniqueAddress())).status).toBe(
    200,
  );
});

test("an unknown account is throttled the same way as a known one", async () => {
  const email = uniqueEmail("ghost");
  const address = uniqueAddress();
  for (let i = 0; i < 3; i++) {
    expect((await login({ email, password: "bad password!" }, address)).status).toBe(401);
  }
  const res = await login({ email, password: "bad password!" }, address);
  expect(res.status).toBe(429);
  expect(res.headers["retry-after"]).toBeDefined();
});

test("failures by username do not count against a login by email, even from the same address", async () => {
  const user = await registerUser(app, { username: `thr_${Date.now()}` });
  const address = uniqueAddress();
  for (let i = 0; i < 3; i++) {
    expect(
      (await login({ username: user.username, password: "bad password!" }, address)).status,
    ).toBe(401);
  }
  expect((await login({ username: user.username, password: PASSWORD }, address)).status).toBe(429);
  expect((await login({ email: user.email, password: "bad password!" }, address)).status).toBe(401);
});

test("failures of an account from anywhere slow its next failures down", async () => {
  const email = uniqueEmail("slow");
  const timings: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    expect((await login({ email, password: "bad password!" }, uniqueAddress())).status).toBe(401);
    timings.push(Date.now() - started);
  }
  // The first three are not delayed (argon2id alone); the fourth waits 300 ms, the fifth 600.
  expect(Math.min(timings[3]!, timings[4]!)).toBeGreaterThanOrEqual(300);
  expect(timings[4]!).toBeGreaterThanOrEqual(600);
});

test("the slow-down doubles per failure up to its ceiling", () => {
  const rule = { after: 5, baseMs: 500, maxMs: 8000 };
  expect([4, 5, 6, 7, 8, 9, 10, 100].map((f) => slowDownMs(f, rule))).toEqual([
    0, 500, 1000, 2000, 4000, 8000, 8000, 8000,
  ]);
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

test("a successful login resets that address's failure count for the account", async () => {
  const user = await registerUser(app);
  const address = uniqueAddress();
  for (let i = 0; i < 2; i++) await login({ email: user.email, password: "bad!" }, address);
  expect((await login({ email: user.email, password: PASSWORD }, address)).status).toBe(200);
  for (let i = 0; i < 2; i++) await login({ email: user.email, password: "bad!" }, address);
  expect((await login({ email: user.email, password: PASSWORD }, address)).status).toBe(200);
});
