import request from "supertest";
import { eventCancelledV1, eventUpdatedV1, TOPICS } from "@turnout/contracts";
import { readTopics, waitFor, type TopicReader } from "@turnout/test-kit";
import { admin, createEvent, organizer } from "./helpers/factories";
import { startEventOutboxRelay } from "./helpers/outbox-relay";
import { createTestApp } from "./helpers/test-app";

const { app, close } = createTestApp();
let relay: { stop: () => Promise<void> };
let reader: TopicReader;

beforeAll(async () => {
  reader = await readTopics([TOPICS.eventUpdated, TOPICS.eventCancelled]);
  relay = await startEventOutboxRelay();
});
afterAll(async () => {
  await relay.stop();
  await reader.stop();
  await close();
});

const messagesFor = (topic: string, eventId: string) =>
  reader.messages
    .filter((m) => m.topic === topic && m.key?.toString() === eventId)
    .map((m) => ({ value: JSON.parse(m.value!.toString()) as unknown, headers: m.headers }));

const waitForMessages = (topic: string, eventId: string, count: number) =>
  waitFor(() => messagesFor(topic, eventId).length >= count, {
    timeoutMs: 20_000,
    message: `${count} ${topic} messages for ${eventId}`,
  });

test("a PATCH that changes something publishes event-updated with the changed fields", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner, { capacity: 40, category: "meetup" });
  const res = await request(app)
    .patch(`/api/v1/events/${event.id}`)
    .set("Authorization", `Bearer ${owner.token}`)
    .set("X-Request-Id", "req-event-update")
    .send({ capacity: 60, location: "New Hall", title: event.title });
  expect(res.status).toBe(200);

  await waitForMessages(TOPICS.eventUpdated, event.id, 1);
  const [message] = messagesFor(TOPICS.eventUpdated, event.id);
  const envelope = eventUpdatedV1.envelope.parse(message!.value);
  expect(envelope).toMatchObject({
    source: "/turnout/event-service",
    subject: event.id,
    data: {
      event_id: event.id,
      organizer_id: owner.id,
      title: event.title,
      starts_at: event.starts_at,
      ends_at: event.ends_at,
      timezone: event.timezone,
      location: "New Hall",
      description: event.description,
      capacity: 60,
      requires_approval: false,
      category: "meetup",
      status: "published",
      // The single default type follows the capacity; the registration service's copy too.
      ticket_types: [{ id: event.ticket_types[0]!.id, name: "General admission", quota: 60 }],
      seat_changes_until: null,
      changed: ["location", "capacity", "ticket_types"],
      updated_at: (res.body as { updated_at: string }).updated_at,
    },
  });
  expect(message!.headers?.["x-request-id"]?.toString()).toBe("req-event-update");
});

test("cancelling publishes event-cancelled once, with who cancelled; a no-op PATCH publishes nothing", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner);
  const boss = await admin();
  const send = (method: "patch" | "delete", body?: object) => {
    const call = request(app)
      [method](`/api/v1/events/${event.id}`)
      .set("Authorization", `Bearer ${boss.token}`);
    return body ? call.send(body) : call;
  };
  expect((await send("patch", { title: event.title, capacity: event.capacity })).status).toBe(200);
  expect((await send("delete")).status).toBe(204);
  expect((await send("delete")).status).toBe(204);

  await waitForMessages(TOPICS.eventCancelled, event.id, 1);
  const envelope = eventCancelledV1.envelope.parse(
    messagesFor(TOPICS.eventCancelled, event.id)[0]!.value,
  );
  expect(envelope).toMatchObject({
    source: "/turnout/event-service",
    subject: event.id,
    data: {
      event_id: event.id,
      organizer_id: owner.id,
      title: event.title,
      starts_at: event.starts_at,
      cancelled_by: boss.id,
      cancelled_at: expect.any(String),
    },
  });

  // A later marker event shows the relay has caught up; nothing more came for this event.
  const marker = await createEvent(app, owner);
  await request(app)
    .delete(`/api/v1/events/${marker.id}`)
    .set("Authorization", `Bearer ${owner.token}`)
    .expect(204);
  await waitForMessages(TOPICS.eventCancelled, marker.id, 1);
  expect(messagesFor(TOPICS.eventCancelled, event.id)).toHaveLength(1);
  expect(messagesFor(TOPICS.eventUpdated, event.id)).toHaveLength(0);
});
