import { randomUUID } from "node:crypto";
import type { Producer } from "kafkajs";
import {
  createEvent,
  TOPICS,
  userDeletedV1,
  userProfileUpdatedV1,
  type AnyCloudEvent,
} from "@turnout/contracts";
import { createEventConsumer, createKafka, createLogger, type EventConsumer } from "@turnout/kit";
import {
  quickConsumer,
  testKafka,
  testStack,
  uniqueGroupId,
  userRegisteredEvent,
  waitFor,
} from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import { peopleRepository } from "../src/data/people";
import { PEOPLE_TOPICS, peopleHandlers } from "../src/events/event-consumers";
import { createTestApp, type TestApp } from "./helpers/test-app";

// The copy of accounts that names people on attendee lists, from `user-registered`,
// `user-profile-updated` and `user-deleted` as published through the real broker and applied by
// this service's consumer wiring (a group of its own, so no other test shares the partitions).

let t: TestApp;
let consumer: EventConsumer;
let producer: Producer;
const groupId = uniqueGroupId("registration-people");

beforeAll(async () => {
  t = createTestApp();
  const logger = createLogger({ service: SERVICE, silent: true });
  consumer = createEventConsumer({
    kafka: createKafka({
      brokers: testStack().kafka.brokers,
      clientId: "registration-test",
      logger,
    }),
    groupId,
    topics: PEOPLE_TOPICS,
    handlers: peopleHandlers(),
    database: t.data,
    logger,
    consumerConfig: quickConsumer,
  });
  await consumer.start();
  producer = testKafka("registration-people-producer").producer();
  await producer.connect();
}, 60_000);
afterAll(async () => {
  await producer.disconnect();
  await consumer.stop();
  await t.close();
});

const people = () => peopleRepository(t.data.pool);

async function publish(topic: string, event: AnyCloudEvent): Promise<void> {
  await producer.send({ topic, messages: [{ key: event.subject, value: JSON.stringify(event) }] });
}

/** Publishes and waits until this test's consumer has applied (or deduplicated) the event. */
async function applied(topic: string, event: AnyCloudEvent): Promise<void> {
  await publish(topic, event);
  await waitFor(
    async () =>
      (
        await t.data.pool.query(
          "SELECT 1 FROM processed_events WHERE consumer_group = $1 AND event_id = $2",
          [groupId, event.id],
        )
      ).rowCount === 1,
    { timeoutMs: 30_000, message: `event ${event.id} applied` },
  );
}

const at = (offsetMs: number) => new Date(Date.now() + offsetMs);

const profileUpdated = (userId: string, displayName: string | null, time: Date) =>
  createEvent(userProfileUpdatedV1, {
    source: "/turnout/user-service",
    time,
    data: {
      user_id: userId,
      username: null,
      display_name: displayName,
      changed: ["display_name"],
      updated_at: time.toISOString(),
    },
  });

test("a sign-up stores the cleaned name and the email; a newer profile renames, an older one does not", async () => {
  const registered = userRegisteredEvent({ display_name: "  Ada\u202e  Lovelace\n" });
  const userId = registered.data.user_id;
  await applied(TOPICS.userRegistered, registered);
  expect(await people().find(userId)).toEqual({
    userId,
    email: registered.data.email,
    displayName: "Ada Lovelace",
    deleted: false,
  });

  await applied(TOPICS.userProfileUpdated, profileUpdated(userId, "Countess Lovelace", at(60_000)));
  expect((await people().find(userId))?.displayName).toBe("Countess Lovelace");

  // Written before the rename, delivered after it: changes nothing.
  await applied(TOPICS.userProfileUpdated, profileUpdated(userId, "Ada", at(30_000)));
  expect((await people().find(userId))?.displayName).toBe("Countess Lovelace");
  // A name with a web address is dropped by the display-name rule, never a failed event.
  await applied(
    TOPICS.userProfileUpdated,
    profileUpdated(userId, "visit http://evil.example", at(90_000)),
  );
  expect(await people().find(userId)).toMatchObject({
    displayName: null,
    email: registered.data.email,
  });
});

test("a profile update that arrives before the sign-up keeps its name; the email comes from the sign-up", async () => {
  const registered = userRegisteredEvent({ display_name: "Grace" });
  const userId = registered.data.user_id;
  await applied(TOPICS.userProfileUpdated, profileUpdated(userId, "Grace Hopper", at(60_000)));
  expect(await people().find(userId)).toMatchObject({ email: null, displayName: "Grace Hopper" });

  await applied(TOPICS.userRegistered, registered);
  expect(await people().find(userId)).toMatchObject({
    email: registered.data.email,
    displayName: "Grace Hopper",
  });
});

test("a deleted account loses its name and email for good, even when its sign-up is replayed", async () => {
  const registered = userRegisteredEvent({ display_name: "Margaret" });
  const userId = registered.data.user_id;
  await applied(TOPICS.userRegistered, registered);
  await applied(
    TOPICS.userDeleted,
    createEvent(userDeletedV1, {
      source: "/turnout/user-service",
      data: { user_id: userId, deleted_at: new Date().toISOString(), deleted_by: userId },
    }),
  );
  const forgotten = { userId, email: null, displayName: null, deleted: true };
  expect(await people().find(userId)).toEqual(forgotten);

  // The same sign-up under a new id (a replay under another producer) and a late rename.
  await applied(TOPICS.userRegistered, { ...registered, id: randomUUID() });
  await applied(TOPICS.userProfileUpdated, profileUpdated(userId, "Back again", at(3_600_000)));
  expect(await people().find(userId)).toEqual(forgotten);
});
