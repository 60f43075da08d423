import request from "supertest";
import { attendeesMessagedV1, registrationConfirmedV1, TOPICS } from "@turnout/contracts";
import { readTopics, waitFor, type TopicReader } from "@turnout/test-kit";
import { startRegistrationOutboxRelay } from "./helpers/outbox-relay";
import { createEvent, newUser, startPlatform, type Platform, type User } from "./helpers/platform";
import { createTestApp, type TestApp } from "./helpers/test-app";

// Messages to an event's attendees (docs/tickets.md, "Reminders and messages"): who may send
// them, the daily limit under concurrency, the list, and `attendees-messaged` with the event
// snapshot (which now carries the reminder lead time, as every registration message does).
let platform: Platform;
let testApp: TestApp;
let reader: TopicReader;
let relay: { stop: () => Promise<void> };
beforeAll(async () => {
  platform = await startPlatform();
  testApp = createTestApp({ peers: platform.services.urls });
  reader = await readTopics([TOPICS.attendeesMessaged, TOPICS.registrationConfirmed]);
  relay = await startRegistrationOutboxRelay();
}, 180_000);
afterAll(async () => {
  await relay.stop();
  await reader.stop();
  await testApp.close();
  await platform.stop();
});

const book = async (user: User, eventId: string) => {
  const res = await request(testApp.app)
    .post("/api/v1/registrations")
    .set("Authorization", `Bearer ${user.token}`)
    .send({ event_id: eventId });
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string };
};
const post = (user: User, eventId: string, body: object) =>
  request(testApp.app)
    .post(`/api/v1/registrations/events/${eventId}/messages`)
    .set("Authorization", `Bearer ${user.token}`)
    .send(body);
const list = (user: User, eventId: string, query: Record<string, string | number> = {}) =>
  request(testApp.app)
    .get(`/api/v1/registrations/events/${eventId}/messages`)
    .query(query)
    .set("Authorization", `Bearer ${user.token}`);
const parsed = <T>(topic: string, key: string, parse: (value: unknown) => T): T[] =>
  reader.messages
    .filter((m) => m.topic === topic && m.key?.toString() === key)
    .map((m) => parse(JSON.parse(m.value!.toString())));

test("the organizer or an admin writes to the confirmed attendees; the message carries the snapshot", async () => {
  const { event, organizer } = await createEvent(platform, {
    capacity: 2,
    fields: { reminder_lead_minutes: 60 },
  });
  const attendee = await newUser(platform);
  const confirmed = await book(attendee, event.id);
  await book(await newUser(platform), event.id);
  await book(await newUser(platform), event.id); // waitlisted: not a recipient

  const res = await post(organizer, event.id, {
    subject: "  Doors at 17:30 ",
    body: "\nSee you!\n",
  });
  expect(res.status).toBe(202);
  expect(res.body).toEqual({
    id: expect.any(String),
    subject: "Doors at 17:30",
    body: "See you!",
    posted_at: expect.stringMatching(/Z$/),
    recipients: 2,
  });
  const first = res.body as { id: string; posted_at: string };

  // An attendee, or another organizer, may not; an admin may.
  expect((await post(attendee, event.id, { subject: "Hi", body: "all" })).status).toBe(403);
  const stranger = await newUser(platform, ["attendee", "organizer"]);
  expect((await post(stranger, event.id, { subject: "Hi", body: "all" })).body).toMatchObject({
    code: "forbidden",
  });
  const admin = await newUser(platform, ["attendee", "admin"]);
  const second = await post(admin, event.id, { subject: "Room change", body: "Hall 2." });
  expect(second.status).toBe(202);

  const page = await list(organizer, event.id, { limit: 1 });
  expect(page.status).toBe(200);
  expect(page.body).toEqual({ items: [second.body], next_cursor: expect.any(String) });
  const rest = await list(admin, event.id, {
    cursor: (page.body as { next_cursor: string }).next_cursor,
  });
  expect(rest.body).toEqual({ items: [res.body], next_cursor: null });
  expect((await list(attendee, event.id)).status).toBe(403);

  const messaged = () =>
    parsed(TOPICS.attendeesMessaged, event.id, (v) => attendeesMessagedV1.envelope.parse(v));
  await waitFor(() => messaged().length === 2, { timeoutMs: 20_000, message: "two messages" });
  expect(messaged()[0]).toMatchObject({
    type: "turnout.event.attendees-messaged.v1",
    subject: event.id,
    data: {
      message_id: first.id,
      event_id: event.id,
      sender_id: organizer.id,
      subject: "Doors at 17:30",
      body: "See you!",
      posted_at: first.posted_at,
      title: event.title,
      location: "Test Hall, Berlin",
      reminder_lead_minutes: 60,
    },
  });
  // Registration messages carry the lead time in their snapshot too.
  const confirmations = () =>
    parsed(TOPICS.registrationConfirmed, confirmed.id, (v) =>
      registrationConfirmedV1.envelope.parse(v),
    );
  await waitFor(() => confirmations().length > 0, { timeoutMs: 20_000, message: "confirmed" });
  expect(confirmations()[0]!.data).toMatchObject({ reminder_lead_minutes: 60 });
});

test("a subject or body empty, too long or not a string is 400 validation_failed", async () => {
  const { event, organizer } = await createEvent(platform);
  for (const [body, path] of [
    [{ subject: "   ", body: "x" }, "subject"],
    [{ subject: "x".repeat(151), body: "x" }, "subject"],
    [{ subject: "x", body: "x".repeat(5001) }, "body"],
    [{ subject: "x" }, "body"],
    [{ subject: 5, body: "x" }, "subject"],
    [{ subject: "x", body: "x", to: "everyone" }, ""],
    [{ subject: "a\u0000b", body: "x" }, "subject"],
    [{ subject: "two\nlines", body: "x" }, "subject"],
    [{ subject: "x", body: "a\u0000b" }, "body"],
  ] as const) {
    const res = await post(organizer, event.id, body);
    expect([path, res.status]).toEqual([path, 400]);
    expect(res.body).toMatchObject({ code: "validation_failed" });
    expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(path);
  }
  // The bounds themselves pass.
  const max = await post(organizer, event.id, {
    subject: "s".repeat(150),
    body: `${"b".repeat(4996)}\r\n\tb`,
  });
  expect(max.status).toBe(202);
  expect(max.body).toMatchObject({ recipients: 0 });
});

test("twelve posts at once: ten are sent, two are 429 too_many_messages", async () => {
  const { event, organizer } = await createEvent(platform);
  const replies = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      post(organizer, event.id, { subject: `#${i}`, body: "x" }),
    ),
  );
  const statuses = replies.map((r) => r.status).sort();
  expect(statuses).toEqual([...Array(10).fill(202), 429, 429]);
  const refused = replies.find((r) => r.status === 429)!;
  expect(refused.body).toMatchObject({ code: "too_many_messages" });
  const retryAfter = Number(refused.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(86_000);
  expect(retryAfter).toBeLessThanOrEqual(86_400);
  expect(await testApp.db.eventMessage.count({ where: { eventId: event.id } })).toBe(10);
});
