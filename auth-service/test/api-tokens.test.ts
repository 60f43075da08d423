import { createHash } from "node:crypto";
import request from "supertest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { TOPICS } from "@turnout/contracts";
import { readTopics, waitFor, type TopicReader } from "@turnout/test-kit";
import { startAuthOutboxRelay } from "./helpers/outbox-relay";
import { createTestApp, PASSWORD, registerUser, uniqueAddress } from "./helpers/test-app";

/**
 * Personal API tokens (docs/integrations.md "API tokens"): created, listed and revoked with a
 * session token only, stored as their SHA-256, exchanged for 5-minute scoped access tokens. The
 * proof that every service honours scopes and revocation through the gateway is
 * infra/tools/test/api-tokens-gateway.test.ts.
 */
const { app, prisma, close } = createTestApp();
let relay: { stop: () => Promise<void> };
let reader: TopicReader;
beforeAll(async () => {
  reader = await readTopics([TOPICS.tokenRevoked]);
  relay = await startAuthOutboxRelay();
});
afterAll(async () => {
  await Promise.all([relay.stop(), reader.stop()]);
  await close();
});

const BASE = "/api/v1/auth/api-tokens";
interface Created {
  id: string;
  token: string;
  prefix: string;
  scopes: string[];
  expires_at: string;
  last_used_at: string | null;
}

async function loggedIn(roles?: string[]) {
  const user = await registerUser(app);
  if (roles) await prisma.user.update({ where: { id: user.id }, data: { roles } });
  const res = await request(app)
    .post("/api/v1/auth/login")
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email: user.email, password: PASSWORD });
  expect(res.status).toBe(200);
  return { ...user, access: (res.body as { access_token: string }).access_token };
}
type Session = Awaited<ReturnType<typeof loggedIn>>;

const create = (session: Session, body: object) =>
  request(app).post(BASE).set("Authorization", `Bearer ${session.access}`).send(body);
const exchange = (token: string) =>
  request(app).post(`${BASE}/exchange`).set("Authorization", `Bearer ${token}`);
const expectInvalidToken = (res: request.Response) => {
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ code: "invalid_token" });
  expect(res.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
};

test("a token is shown once, stored as its SHA-256 only, listed without it, and exchanged for a scoped 5-minute access token", async () => {
  const session = await loggedIn();
  const res = await create(session, { name: "ci script", scopes: ["events:read"] });
  expect(res.status).toBe(201);
  const created = res.body as Created;
  expect(created.token).toMatch(/^tnt_pat_[0-9A-Za-z]{43}$/);
  expect(created.prefix).toBe(created.token.slice(0, 12));
  expect(created.last_used_at).toBeNull();
  // Default lifetime: 90 days.
  const days = (Date.parse(created.expires_at) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(89.9);
  expect(days).toBeLessThanOrEqual(90);

  const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
  const sha256 = createHash("sha256").update(created.token).digest();
  expect(Buffer.from(row.tokenSha256).equals(sha256)).toBe(true);
  const stored = JSON.stringify(row, (_k, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v,
  );
  expect(stored).not.toContain(created.token.slice(8));

  const listed = await request(app).get(BASE).set("Authorization", `Bearer ${session.access}`);
  expect(listed.status).toBe(200);
  expect(JSON.stringify(listed.body)).not.toContain(created.token);
  expect((listed.body as { items: unknown[] }).items).toEqual([
    expect.objectContaining({ id: created.id, name: "ci script", revoked_at: null }),
  ]);

  const exchanged = await exchange(created.token);
  expect(exchanged.status).toBe(200);
  const body = exchanged.body as { access_token: string; expires_in: number; scope: string };
  expect(body).toMatchObject({ token_type: "Bearer", expires_in: 300, scope: "events:read" });
  expect(exchanged.headers["x-turnout-access-token"]).toBe(body.access_token);
  expect(decodeProtectedHeader(body.access_token).typ).toBe("at+jwt");
  const claims = decodeJwt(body.access_token);
  expect(claims).toMatchObject({ sub: session.id, sid: created.id, scope: "events:read" });
  expect(claims.roles).toEqual(["attendee"]);
  expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
});

test("scopes are capped by the user's roles, and the limits of names and expiry hold", async () => {
  const attendee = await loggedIn();
  const refused = await create(attendee, { name: "write", scopes: ["events:write"] });
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({ code: "scope_not_allowed" });
  expect((await create(attendee, { name: "x", scopes: ["no:such"] })).status).toBe(400);
  const tooLong = new Date(Date.now() + 367 * 86_400_000).toISOString();
  expect(
    (await create(attendee, { name: "x", scopes: ["profile:read"], expires_at: tooLong })).status,
  ).toBe(400);
  const past = new Date(Date.now() - 1000).toISOString();
  expect(
    (await create(attendee, { name: "x", scopes: ["profile:read"], expires_at: past })).status,
  ).toBe(400);

  expect((await create(attendee, { name: "same", scopes: ["profile:read"] })).status).toBe(201);
  const taken = await create(attendee, { name: "same", scopes: ["profile:read"] });
  expect(taken.status).toBe(409);
  expect(taken.body).toMatchObject({ code: "name_taken" });

  const organizer = await loggedIn(["attendee", "organizer"]);
  const ok = await create(organizer, { name: "events", scopes: ["events:read", "events:write"] });
  expect(ok.status).toBe(201);
  // A role lost later is lost for the token too: the exchange keeps only what the roles allow.
  await prisma.user.update({ where: { id: organizer.id }, data: { roles: ["attendee"] } });
  const exchanged = await exchange((ok.body as Created).token);
  expect(exchanged.body).toMatchObject({ scope: "events:read" });
  expect(decodeJwt((exchanged.body as { access_token: string }).access_token).roles).toEqual([
    "attendee",
  ]);
});

test("at most 50 live tokens per user; an expired one no longer counts", async () => {
  const session = await loggedIn();
  const now = new Date();
  await prisma.apiToken.createMany({
    data: Array.from({ length: 50 }, (_, i) => ({
      id: crypto.randomUUID(),
      userId: session.id,
      name: `bulk ${i}`,
      tokenSha256: createHash("sha256").update(`${session.id}:${i}`).digest(),
      prefix: "tnt_pat_bulk",
      scopes: ["profile:read"],
      expiresAt: new Date(now.getTime() + 3_600_000),
    })),
  });
  const refused = await create(session, { name: "51st", scopes: ["profile:read"] });
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ code: "too_many_tokens" });
  await prisma.apiToken.updateMany({
    where: { userId: session.id, name: "bulk 0" },
    data: { expiresAt: new Date(now.getTime() - 1000) },
  });
  expect((await create(session, { name: "51st", scopes: ["profile:read"] })).status).toBe(201);
});

test("unknown, expired and revoked tokens are refused; last use is noted at most once a minute", async () => {
  const session = await loggedIn();
  expectInvalidToken(await exchange(`tnt_pat_${"A".repeat(43)}`));
  expectInvalidToken(await request(app).post(`${BASE}/exchange`));
  expectInvalidToken(await exchange(session.access));

  const token = (await create(session, { name: "used", scopes: ["profile:read"] })).body as Created;
  expect((await exchange(token.token)).status).toBe(200);
  const first = await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
  expect(first.lastUsedAt).not.toBeNull();
  expect((await exchange(token.token)).status).toBe(200);
  const second = await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
  expect(second.lastUsedAt).toEqual(first.lastUsedAt);
  // A minute later (moved back in the database), the next exchange notes the use again.
  const aMinuteAgo = new Date(Date.now() - 61_000);
  await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: aMinuteAgo } });
  expect((await exchange(token.token)).status).toBe(200);
  const third = await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } });
  expect(third.lastUsedAt!.getTime()).toBeGreaterThan(aMinuteAgo.getTime() + 30_000);

  await prisma.apiToken.update({
    where: { id: token.id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  expectInvalidToken(await exchange(token.token));

  const disabled = await loggedIn();
  const gone = (await create(disabled, { name: "gone", scopes: ["profile:read"] })).body as Created;
  await prisma.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
  expectInvalidToken(await exchange(gone.token));
});

test("revoking is the owner's alone, stops the token and publishes sessions-revoked for it", async () => {
  const session = await loggedIn();
  const other = await loggedIn();
  const token = (await create(session, { name: "to revoke", scopes: ["profile:read"] }))
    .body as Created;
  const del = (who: Session) =>
    request(app).delete(`${BASE}/${token.id}`).set("Authorization", `Bearer ${who.access}`);
  expect((await del(other)).status).toBe(404);
  expect((await exchange(token.token)).status).toBe(200);

  const before = Date.now();
  expect((await del(session)).status).toBe(204);
  expectInvalidToken(await exchange(token.token));
  expect((await del(session)).status).toBe(204);
  const listed = await request(app).get(BASE).set("Authorization", `Bearer ${session.access}`);
  expect(
    (listed.body as { items: { revoked_at: string | null }[] }).items[0]?.revoked_at,
  ).not.toBeNull();

  const ofToken = () =>
    reader.messages
      .filter((m) => m.key?.toString() === session.id)
      .map(
        (m) =>
          JSON.parse(m.value?.toString() ?? "{}") as {
            type: string;
            data: { session_id?: string; reason: string; revoked_before: string };
          },
      );
  await waitFor(() => ofToken().length > 0, { message: "sessions-revoked of the API token" });
  expect(ofToken()).toEqual([
    expect.objectContaining({
      type: "turnout.user.sessions-revoked.v1",
      data: expect.objectContaining({
        session_id: token.id,
        reason: "api_token_revoked",
      }) as unknown,
    }),
  ]);
  expect(Date.parse(ofToken()[0]?.data.revoked_before ?? "")).toBeGreaterThanOrEqual(before);
});

test("an access token made from an API token cannot create, list or revoke API tokens", async () => {
  const session = await loggedIn();
  const token = (await create(session, { name: "scoped", scopes: ["profile:read"] }))
    .body as Created;
  const access = ((await exchange(token.token)).body as { access_token: string }).access_token;
  const attempts = [
    request(app).get(BASE).set("Authorization", `Bearer ${access}`),
    request(app)
      .post(BASE)
      .set("Authorization", `Bearer ${access}`)
      .send({ name: "more", scopes: ["profile:read"] }),
    request(app).delete(`${BASE}/${token.id}`).set("Authorization", `Bearer ${access}`),
  ];
  for (const res of await Promise.all(attempts)) {
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "insufficient_scope" });
  }
  // It still opens what its scope allows.
  expect(
    (await request(app).get("/api/v1/auth/me").set("Authorization", `Bearer ${access}`)).status,
  ).toBe(200);
});
