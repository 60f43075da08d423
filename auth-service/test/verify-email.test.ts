import request from "supertest";
import { emailVerificationRequestedV1, parseEvent, TOPICS } from "@turnout/contracts";
import { readTopics, waitFor, type TopicReader } from "@turnout/test-kit";
import { hashRefreshToken } from "../src/domain/tokens";
import { startAuthOutboxRelay } from "./helpers/outbox-relay";
import { createTestApp, registerUser } from "./helpers/test-app";

const { app, prisma, close } = createTestApp();
let relay: { stop: () => Promise<void> };
let reader: TopicReader;

beforeAll(async () => {
  reader = await readTopics([TOPICS.emailVerificationRequested]);
  relay = await startAuthOutboxRelay();
});
afterAll(async () => {
  await relay.stop();
  await reader.stop();
  await close();
});

/** The verification event registration put on its topic for `email`. */
async function verificationEventFor(email: string) {
  // The topic also carries sign-up-attempt notices (`registration-attempted`): skip them.
  const find = () =>
    reader.messages
      .map((m) => JSON.parse(m.value!.toString()) as { type?: unknown })
      .filter((raw) => raw.type === emailVerificationRequestedV1.type)
      .map((raw) => parseEvent(emailVerificationRequestedV1, raw))
      .find((event) => event.data.email === email);
  await waitFor(() => find() !== undefined, { timeoutMs: 20_000 });
  return find()!;
}

const verify = (body: object) => request(app).post("/api/v1/auth/verify-email").send(body);
const emailVerified = async (id: string) =>
  (await prisma.user.findUniqueOrThrow({ where: { id } })).emailVerified;

test("registration mails a token that verifies the email once", async () => {
  const user = await registerUser(app, { display_name: "Ada" });
  const event = await verificationEventFor(user.email);
  expect(event.subject).toBe(user.id);
  expect(event.data).toMatchObject({ user_id: user.id, display_name: "Ada" });
  const lifetime = Date.parse(event.data.expires_at) - Date.parse(event.data.requested_at);
  expect(lifetime).toBe(24 * 3600 * 1000);
  // Only the hash is stored.
  const row = await prisma.oneTimeToken.findFirstOrThrow({ where: { userId: user.id } });
  expect(row.tokenHash).toBe(hashRefreshToken(event.data.token));
  expect(row.purpose).toBe("email_verification");

  expect(await emailVerified(user.id)).toBe(false);
  expect((await verify({ token: event.data.token })).status).toBe(204);
  expect(await emailVerified(user.id)).toBe(true);

  const again = await verify({ token: event.data.token });
  expect(again.status).toBe(400);
  expect(again.body).toMatchObject({ code: "invalid_token" });
});

test("an expired token fails", async () => {
  const user = await registerUser(app);
  const event = await verificationEventFor(user.email);
  await prisma.oneTimeToken.updateMany({
    where: { tokenHash: hashRefreshToken(event.data.token) },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  const res = await verify({ token: event.data.token });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: "invalid_token" });
  expect(await emailVerified(user.id)).toBe(false);
});

test("unknown tokens and bad inputs are refused", async () => {
  expect((await verify({ token: "x".repeat(43) })).body).toMatchObject({
    status: 400,
    code: "invalid_token",
  });
  for (const body of [{}, { token: 42 }, { token: "" }, { token: "x".repeat(201) }]) {
    const res = await verify(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "validation_failed" });
  }
});
