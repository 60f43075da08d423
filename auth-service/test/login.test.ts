import request from "supertest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { createTokenVerifier } from "@turnout/kit";
import { stackSigningKey, TEST_AUDIENCE, TEST_ISSUER, uniqueEmail } from "@turnout/test-kit";
import { createTestApp, PASSWORD, registerUser, uniqueAddress } from "./helpers/test-app";

const { app, keys, close } = createTestApp();
afterAll(() => close());

const login = (body: object, address = uniqueAddress()) =>
  request(app).post("/api/v1/auth/login").set("X-Forwarded-For", address).send(body);

test("login by email answers 200 with a token pair whose access token the kit verifies", async () => {
  const user = await registerUser(app);
  const res = await login({ email: user.email.toUpperCase(), password: PASSWORD });
  expect(res.status).toBe(200);
  const body = res.body as Record<string, unknown>;
  expect(body).toEqual({
    access_token: expect.any(String),
    refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    token_type: "Bearer",
    expires_in: 900,
  });

  const token = body.access_token as string;
  const verify = createTokenVerifier({
    keySource: keys,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    accept: "user",
  });
  await expect(verify(token)).resolves.toMatchObject({ subject: user.id, roles: ["attendee"] });

  const header = decodeProtectedHeader(token);
  expect(header).toEqual({ alg: "EdDSA", kid: (await stackSigningKey()).kid, typ: "at+jwt" });
  const claims = decodeJwt(token);
  expect(claims).toEqual({
    iss: TEST_ISSUER,
    aud: TEST_AUDIENCE,
    sub: user.id,
    roles: ["attendee"],
    jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    iat: expect.any(Number),
    exp: claims.iat! + 900,
    token_use: "access",
    // The session: the refresh-token family this login started.
    sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });
});

test("login by username works whatever its letter case", async () => {
  const user = await registerUser(app, { username: `Name_${Date.now()}` });
  const res = await login({ username: user.username!.toUpperCase(), password: PASSWORD });
  expect(res.status).toBe(200);
});

test("a wrong password and an unknown account get the identical 401 reply", async () => {
  const user = await registerUser(app);
  const wrong = await login({ email: user.email, password: "wrong password!!" });
  const unknown = await login({ email: uniqueEmail("nobody"), password: "wrong password!!" });
  for (const res of [wrong, unknown]) {
    expect(res.status).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
  }
  const strip = (body: object) => ({ ...body, request_id: undefined });
  expect(strip(wrong.body as object)).toEqual(strip(unknown.body as object));
  expect(wrong.body).toMatchObject({ code: "invalid_credentials" });
});

test.each([
  ["no identifier", { password: PASSWORD }],
  ["both email and username", { email: "a@example.test", username: "abc", password: PASSWORD }],
  ["no password", { email: "a@example.test" }],
  ["a number for password", { email: "a@example.test", password: 12 }],
  ["a bad email", { email: "nope", password: PASSWORD }],
])("%s is a 400 validation_failed", async (_name, body) => {
  const res = await login(body);
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: "validation_failed" });
});
