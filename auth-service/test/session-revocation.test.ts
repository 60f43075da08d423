import request from "supertest";
import { decodeJwt } from "jose";
import { TOPICS } from "@turnout/contracts";
import { readTopics, stackTokenMinter, waitFor, type TopicReader } from "@turnout/test-kit";
import { hashRefreshToken } from "../src/domain/tokens";
import { startAuthOutboxRelay } from "./helpers/outbox-relay";
import { createTestApp, PASSWORD, registerUser, uniqueAddress } from "./helpers/test-app";

/**
 * What auth writes when access tokens must end before they expire: a re-used refresh token
 * ends its session (`sessions-revoked` with `session_id`), a role change ends the account's
 * tokens issued before it (`roles_changed`). The proof that other services then refuse them is
 * infra/tools/test/proof/stale-access-tokens.test.ts.
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

interface Revocation {
  type: string;
  data: { user_id: string; session_id?: string; reason: string; revoked_before: string };
}
const revocationsOf = (userId: string): Revocation[] =>
  reader.messages
    .filter((m) => m.key?.toString() === userId)
    .map((m) => JSON.parse(m.value?.toString() ?? "{}") as Revocation);

async function loggedIn() {
  const user = await registerUser(app);
  const res = await request(app)
    .post("/api/v1/auth/login")
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email: user.email, password: PASSWORD });
  expect(res.status).toBe(200);
  const body = res.body as { access_token: string; refresh_token: string };
  return { ...user, access: body.access_token, refresh: body.refresh_token };
}
const refresh = (token: string) =>
  request(app).post("/api/v1/auth/refresh").send({ refresh_token: token });

test("access tokens name their session (sid = the refresh-token family), across rotations", async () => {
  const session = await loggedIn();
  const row = await prisma.refreshToken.findUniqueOrThrow({
    where: { tokenHash: hashRefreshToken(session.refresh) },
  });
  expect(decodeJwt(session.access).sid).toBe(row.familyId);
  const rotated = (await refresh(session.refresh)).body as { access_token: string };
  expect(decodeJwt(rotated.access_token).sid).toBe(row.familyId);
  const other = await request(app)
    .post("/api/v1/auth/login")
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email: session.email, password: PASSWORD });
  expect(decodeJwt((other.body as { access_token: string }).access_token).sid).not.toBe(
    row.familyId,
  );
});

test("a re-used refresh token publishes sessions-revoked for exactly its session", async () => {
  const session = await loggedIn();
  const sid = decodeJwt(session.access).sid;
  expect((await refresh(session.refresh)).status).toBe(200);
  const before = Date.now();
  expect((await refresh(session.refresh)).status).toBe(401);
  await waitFor(() => revocationsOf(session.id).length > 0, { message: "sessions-revoked" });
  const [revocation] = revocationsOf(session.id);
  expect(revocation).toMatchObject({
    type: "turnout.user.sessions-revoked.v1",
    data: { user_id: session.id, session_id: sid, reason: "refresh_token_reused" },
  });
  expect(Date.parse(revocation?.data.revoked_before ?? "")).toBeGreaterThanOrEqual(before);
});

test("a role change publishes sessions-revoked for the account and answers in the next second; the same roles publish nothing", async () => {
  const minter = await stackTokenMinter();
  const admin = await registerUser(app);
  const adminToken = await minter.mint({ sub: admin.id, roles: ["attendee", "admin"] });
  const user = await registerUser(app);
  const put = (roles: string[]) =>
    request(app)
      .put(`/api/v1/auth/users/${user.id}/roles`)
      .set("Authorization", `Bearer ${adminToken}`)
      .send({ roles });

  const sent = Date.now();
  expect((await put(["organizer"])).status).toBe(200);
  // A token minted after the reply is not covered by the revocation (whole seconds).
  expect(Math.floor(Date.now() / 1000)).toBeGreaterThan(Math.floor(sent / 1000));
  await waitFor(() => revocationsOf(user.id).length > 0, { message: "sessions-revoked" });
  const [revocation] = revocationsOf(user.id);
  expect(revocation?.data).toMatchObject({ user_id: user.id, reason: "roles_changed" });
  expect(revocation?.data.session_id).toBeUndefined();
  const revokedBefore = Date.parse(revocation?.data.revoked_before ?? "");
  expect(revokedBefore).toBeGreaterThanOrEqual(sent);

  // Setting the roles it already has changes nothing, so ends nothing (and answers at once).
  expect((await put(["attendee", "organizer"])).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(revocationsOf(user.id)).toHaveLength(1);
});
