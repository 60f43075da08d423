import request from "supertest";
import {
  generateSigningKey,
  createTokenMinter,
  stackTokenMinter,
  TEST_AUDIENCE,
  TEST_ISSUER,
  stackSigningKey,
} from "@turnout/test-kit";
import { hashRefreshToken } from "../src/domain/tokens";
import { createTestApp, PASSWORD, registerUser, uniqueAddress } from "./helpers/test-app";

const { app, prisma, close } = createTestApp();
afterAll(() => close());

interface Tokens {
  access_token: string;
  refresh_token: string;
}

async function loginFresh(): Promise<Tokens & { id: string; email: string }> {
  const user = await registerUser(app);
  const res = await request(app)
    .post("/api/v1/auth/login")
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email: user.email, password: PASSWORD });
  expect(res.status).toBe(200);
  return { ...(res.body as Tokens), id: user.id, email: user.email };
}

const refresh = (token: unknown) =>
  request(app).post("/api/v1/auth/refresh").send({ refresh_token: token });
const me = (token?: string) => {
  const req = request(app).get("/api/v1/auth/me");
  return token === undefined ? req : req.set("Authorization", `Bearer ${token}`);
};

test("a refresh token works once and returns a new pair", async () => {
  const first = await loginFresh();
  const res = await refresh(first.refresh_token);
  expect(res.status).toBe(200);
  const second = res.body as Tokens & { token_type: string };
  expect(second.token_type).toBe("Bearer");
  expect(second.refresh_token).not.toBe(first.refresh_token);
  expect((await me(second.access_token)).status).toBe(200);
  expect((await refresh(second.refresh_token)).status).toBe(200);
});

test("re-using a spent refresh token is 401 and revokes the family, newest token included", async () => {
  const first = await loginFresh();
  const second = (await refresh(first.refresh_token)).body as Tokens;

  const reuse = await refresh(first.refresh_token);
  expect(reuse.status).toBe(401);
  expect(reuse.body).toMatchObject({ code: "invalid_refresh_token" });

  const newest = await refresh(second.refresh_token);
  expect(newest.status).toBe(401);
  expect(newest.body).toMatchObject({ code: "invalid_refresh_token" });
});

test("an unknown or expired refresh token is 401; a missing one is 400", async () => {
  expect((await refresh("not-a-token")).status).toBe(401);
  const session = await loginFresh();
  await prisma.refreshToken.update({
    where: { tokenHash: hashRefreshToken(session.refresh_token) },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  const expired = await refresh(session.refresh_token);
  expect(expired.status).toBe(401);
  expect(expired.body).toMatchObject({ code: "invalid_refresh_token" });
  expect((await request(app).post("/api/v1/auth/refresh").send({})).status).toBe(400);
});

test("/me answers the caller's account", async () => {
  const session = await loginFresh();
  const res = await me(session.access_token);
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    id: session.id,
    email: session.email,
    username: null,
    roles: ["attendee"],
    email_verified: false,
    created_at: expect.any(String),
  });
});

test("/me without a token, with an expired one or a forged one is 401", async () => {
  const session = await loginFresh();
  expect((await me()).status).toBe(401);

  const expired = await (await stackTokenMinter()).mint({ sub: session.id, expiresInSeconds: -60 });
  expect((await me(expired)).status).toBe(401);

  // Same kid as the real key, signed with another private key.
  const forger = createTokenMinter(await generateSigningKey((await stackSigningKey()).kid), {
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
  });
  const forged = await forger.mint({ sub: session.id });
  const res = await me(forged);
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ code: "invalid_token" });
});
