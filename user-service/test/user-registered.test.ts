import { randomUUID } from "node:crypto";
import request from "supertest";
import { TOPICS } from "@turnout/contracts";
import { uniqueUsername, userRegisteredEvent, waitFor } from "@turnout/test-kit";
import { processedCount, startUserServiceConsumer } from "./helpers/consumer";
import { publish } from "./helpers/events";
import { bearer, createProfile } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, pool, close } = createTestApp();
let consumer: Awaited<ReturnType<typeof startUserServiceConsumer>>;

beforeAll(async () => {
  consumer = await startUserServiceConsumer();
});
afterAll(async () => {
  await consumer.stop();
  await close();
});

const profileOf = (id: string) => prisma.profile.findUnique({ where: { id } });
const arrived = (id: string) =>
  waitFor(() => profileOf(id).then((p) => p ?? undefined), {
    timeoutMs: 20_000,
    message: `the profile ${id}`,
  });

test("user-registered creates the profile; the email is kept but never shown", async () => {
  const event = userRegisteredEvent({ username: uniqueUsername("Reg"), display_name: "Grace" });
  await publish(TOPICS.userRegistered, [event]);
  const profile = await arrived(event.data.user_id);
  expect(profile).toMatchObject({
    email: event.data.email.toLowerCase(),
    username: event.data.username!.toLowerCase(),
    displayName: "Grace",
    createdAt: new Date(event.data.registered_at),
  });
  const me = await request(app)
    .get("/api/v1/users/me")
    .set("Authorization", await bearer(event.data.user_id));
  expect(me.body).toMatchObject({ id: event.data.user_id, display_name: "Grace" });
  expect(JSON.stringify(me.body)).not.toContain(event.data.email);
});

test("a redelivered user-registered event changes nothing", async () => {
  const event = userRegisteredEvent({ display_name: "Original" });
  const id = event.data.user_id;
  await publish(TOPICS.userRegistered, [event]);
  await arrived(id);
  // The user edits the profile; the same envelope comes again through the broker.
  const edited = await request(app)
    .patch("/api/v1/users/me")
    .set("Authorization", await bearer(id))
    .send({ display_name: "Edited" });
  expect(edited.status).toBe(200);
  const before = await profileOf(id);

  await publish(TOPICS.userRegistered, [event]);
  // A later event on the same key is applied after the redelivery: then it has been seen.
  const sentinel = userRegisteredEvent({ user_id: id });
  await publish(TOPICS.userRegistered, [sentinel]);
  await waitFor(async () => (await processedCount(pool, consumer.groupId, sentinel.id)) === 1, {
    timeoutMs: 20_000,
    message: "the sentinel event",
  });
  expect(await profileOf(id)).toEqual(before);
  expect((await profileOf(id))?.displayName).toBe("Edited");
  // Per group: a user-service process another test file runs consumes the topic too.
  expect(await processedCount(pool, consumer.groupId, event.id)).toBe(1);
});

test("a username another profile took meanwhile is dropped instead of failing the event", async () => {
  const holder = await createProfile(prisma);
  const event = userRegisteredEvent({ username: holder.username.toUpperCase() });
  await publish(TOPICS.userRegistered, [event]);
  const profile = await arrived(event.data.user_id);
  expect(profile.username).toBeNull();
});

test("a deleted user's registration, replayed, does not bring the profile back", async () => {
  const event = userRegisteredEvent();
  const id = event.data.user_id;
  await publish(TOPICS.userRegistered, [event]);
  await arrived(id);
  const deleted = await request(app)
    .delete(`/api/v1/users/${id}`)
    .set("Authorization", await bearer(randomUUID(), ["admin"]));
  expect(deleted.status).toBe(204);

  const replay = { ...event, id: randomUUID() };
  const after = userRegisteredEvent();
  await publish(TOPICS.userRegistered, [replay, after]);
  await arrived(after.data.user_id);
  await waitFor(async () => (await processedCount(pool, consumer.groupId, replay.id)) === 1, {
    timeoutMs: 20_000,
    message: "the replayed event",
  });
  expect(await profileOf(id)).toBeNull();
});
