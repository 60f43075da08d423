import { randomUUID } from "node:crypto";
import request from "supertest";
import { createEvent, TOPICS, userDeletedV1, userProfileUpdatedV1 } from "@turnout/contracts";
import { createEventConsumer, createKafka, createLogger, type EventConsumer } from "@turnout/kit";
import {
  quickConsumer,
  readTopics,
  testKafka,
  testStack,
  uniqueGroupId,
  waitFor,
} from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import { startAuthOutboxRelay } from "./helpers/outbox-relay";
import { profileUpdatedHandler } from "../src/events/profile-updated";
import { CONSUMED_TOPICS, userDeletedHandler } from "../src/events/user-deleted";
import {
  createTestApp,
  PASSWORD,
  registerUser,
  uniqueAddress,
  type TestApp,
} from "./helpers/test-app";

let t: TestApp;
let consumer: EventConsumer;
let relay: { stop: () => Promise<void> };

beforeAll(async () => {
  t = createTestApp();
  const logger = createLogger({ service: SERVICE, silent: true });
  consumer = createEventConsumer({
    kafka: createKafka({ brokers: testStack().kafka.brokers, clientId: "auth-test", logger }),
    groupId: uniqueGroupId("auth-user-deleted"),
    topics: [...CONSUMED_TOPICS],
    handlers: [userDeletedHandler(), profileUpdatedHandler(logger)],
    database: t.data,
    logger,
    consumerConfig: quickConsumer,
  });
  await consumer.start();
  relay = await startAuthOutboxRelay();
});
afterAll(async () => {
  await relay.stop();
  await consumer.stop();
  await t.close();
});

async function publishDeleted(userId: string, id = randomUUID()): Promise<void> {
  const event = createEvent(userDeletedV1, {
    id,
    source: "/turnout/user-service",
    data: { user_id: userId, deleted_at: new Date().toISOString(), deleted_by: randomUUID() },
  });
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({
    topic: TOPICS.userDeleted,
    messages: [{ key: userId, value: JSON.stringify(event) }],
  });
  await producer.disconnect();
}

const login = (email: string) =>
  request(t.app)
    .post("/api/v1/auth/login")
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email, password: PASSWORD });

test("a deleted user is disabled: no login, no refresh, sessions revoked everywhere, email kept", async () => {
  const user = await registerUser(t.app);
  const session = await login(user.email);
  expect(session.status).toBe(200);
  const { refresh_token } = session.body as { refresh_token: string };

  const eventId = randomUUID();
  await publishDeleted(user.id, eventId);
  await waitFor(
    async () => {
      const { rows } = await t.pool.query<{ disabled: boolean }>(
        "SELECT disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1",
        [user.id],
      );
      return rows[0]?.disabled === true;
    },
    { message: "the account to be disabled" },
  );

  const again = await login(user.email);
  expect(again.status).toBe(401);
  expect(again.body).toMatchObject({ code: "invalid_credentials" });
  const refreshed = await request(t.app).post("/api/v1/auth/refresh").send({ refresh_token });
  expect(refreshed.status).toBe(401);
  // Published (by whichever relay on the auth schema gets to it first) on `token-revoked`.
  const reader = await readTopics([TOPICS.tokenRevoked]);
  const revocationsOf = () =>
    reader.messages
      .filter((m) => m.key?.toString() === user.id)
      .map((m) => JSON.parse(m.value?.toString() ?? "{}") as { type: string; data: object });
  await waitFor(() => revocationsOf().length > 0, { message: "sessions-revoked on Kafka" });
  expect(revocationsOf()).toEqual([
    expect.objectContaining({
      type: "turnout.user.sessions-revoked.v1",
      data: expect.objectContaining({ user_id: user.id, reason: "account_deleted" }) as unknown,
    }),
  ]);
  const reRegister = await request(t.app)
    .post("/api/v1/auth/register")
    .send({ email: user.email, password: PASSWORD });
  // Registration never tells whether an email is taken: the same 201, with an id that is not
  // the account's, and nothing replaces the disabled account (the email stays taken).
  expect(reRegister.status).toBe(201);
  expect((reRegister.body as { id: string }).id).not.toBe(user.id);
  const relogin = await request(t.app)
    .post("/api/v1/auth/login")
    .send({ email: user.email, password: PASSWORD });
  expect(relogin.status).toBe(401);

  // A redelivery (same event id) and a second deletion event change nothing more.
  await publishDeleted(user.id, eventId);
  await publishDeleted(user.id);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(revocationsOf()).toHaveLength(1);
  await reader.stop();
});

test("a username changed in the profile becomes the one to log in with", async () => {
  const user = await registerUser(t.app, { username: `old_${randomUUID().slice(0, 8)}` });
  const renamed = `new_${randomUUID().slice(0, 8)}`;
  const event = createEvent(userProfileUpdatedV1, {
    source: "/turnout/user-service",
    data: {
      user_id: user.id,
      username: renamed,
      display_name: null,
      changed: ["username"],
      updated_at: new Date().toISOString(),
    },
  });
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({
    topic: TOPICS.userProfileUpdated,
    messages: [{ key: user.id, value: JSON.stringify(event) }],
  });
  await producer.disconnect();

  const byName = (username: string) =>
    request(t.app)
      .post("/api/v1/auth/login")
      .set("X-Forwarded-For", uniqueAddress())
      .send({ username, password: PASSWORD });
  await waitFor(
    async () =>
      (
        await t.pool.query("SELECT 1 FROM users WHERE id = $1 AND username = $2", [
          user.id,
          renamed,
        ])
      ).rowCount === 1,
    { message: "the new username in auth" },
  );
  expect((await byName(renamed)).status).toBe(200);
  expect((await byName(user.username ?? "")).status).toBe(401);
});
