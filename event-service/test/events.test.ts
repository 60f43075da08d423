import { randomUUID } from "node:crypto";
import request from "supertest";
import {
  admin,
  attendee,
  createEvent,
  eventInput,
  organizer,
  type EventBody,
} from "./helpers/factories";
import { bearer, patchEvent } from "./helpers/api";
import { createTestApp } from "./helpers/test-app";

const { app, close } = createTestApp();
afterAll(() => close());

const patch = patchEvent(app);
const cancel = (id: string, token: string) =>
  request(app).delete(`/api/v1/events/${id}`).set(bearer(token));

test("an organizer creates an event; anyone reads it and its availability", async () => {
  const owner = await organizer();
  const input = eventInput({ capacity: 12, category: "meetup", requires_approval: true });
  const res = await request(app).post("/api/v1/events").set(bearer(owner.token)).send(input);
  expect(res.status).toBe(201);
  const event = res.body as EventBody;
  expect(event).toEqual({
    id: expect.any(String),
    ...input,
    seats_taken: 0,
    seats_available: 12,
    status: "published",
    seat_changes_until: null,
    reminder_lead_minutes: 1440,
    organizer_id: owner.id,
    created_at: expect.stringMatching(/Z$/),
    updated_at: event.created_at,
    // Without ticket types: one default type holding the whole capacity.
    ticket_types: [
      {
        id: expect.any(String),
        name: "General admission",
        description: "",
        quota: 12,
        seats_taken: 0,
        seats_available: 12,
        sales_start: null,
        sales_end: null,
        max_per_order: 10,
        hidden: false,
      },
    ],
    questions: [],
  });
  expect(res.headers.location).toBe(`/api/v1/events/${event.id}`);

  const read = await request(app).get(`/api/v1/events/${event.id}`);
  expect(read.status).toBe(200);
  expect(read.body).toEqual(event);
  const seats = await request(app).get(`/api/v1/events/${event.id}/availability`);
  expect(seats.body).toEqual({
    capacity: 12,
    seats_taken: 0,
    seats_available: 12,
    ticket_types: [{ id: event.ticket_types[0]!.id, seats_available: 12 }],
  });
});

test("times with an offset are stored as the same instant and answered in UTC", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner, {
    starts_at: "2099-06-01T18:00:00+02:00",
    ends_at: "2099-06-01T21:30:00.5+02:00",
    title: "  Padded title  ",
    timezone: "europe/berlin",
  });
  expect(event).toMatchObject({
    starts_at: "2099-06-01T16:00:00.000Z",
    ends_at: "2099-06-01T19:30:00.500Z",
    title: "Padded title",
    timezone: "Europe/Berlin",
    category: null,
    requires_approval: false,
  });
});

test("an unknown event is 404 event_not_found on every route", async () => {
  const owner = await admin();
  const id = randomUUID();
  for (const res of [
    await request(app).get(`/api/v1/events/${id}`),
    await request(app).get(`/api/v1/events/${id}/availability`),
    await patch(id, owner.token, { title: "New title" }),
    await cancel(id, owner.token),
  ]) {
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: "event_not_found" });
  }
});

test("the owner changes any subset of fields; a change bumps updated_at", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner, { category: "meetup" });
  const res = await patch(event.id, owner.token, {
    title: "Renamed meetup",
    capacity: 80,
    category: null,
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    ...event,
    title: "Renamed meetup",
    capacity: 80,
    seats_available: 80,
    category: null,
    updated_at: expect.any(String),
    // The single type whose quota was the capacity follows it.
    ticket_types: [{ ...event.ticket_types[0], quota: 80, seats_available: 80 }],
  });
  expect(Date.parse((res.body as EventBody).updated_at)).toBeGreaterThanOrEqual(
    Date.parse(event.updated_at),
  );
});

test("ends_at is checked against the stored starts_at on PATCH", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner);
  const res = await patch(event.id, owner.token, { ends_at: event.starts_at });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    code: "validation_failed",
    errors: [expect.objectContaining({ path: "ends_at" })],
  });
  const moved = await patch(event.id, owner.token, {
    starts_at: new Date(Date.parse(event.ends_at) + 3600_000).toISOString(),
  });
  expect(moved.status).toBe(400);
});

test("moving the start into the past is 422 starts_in_past", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner);
  const res = await patch(event.id, owner.token, {
    starts_at: new Date(Date.now() - 3600_000).toISOString(),
  });
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({ code: "starts_in_past" });
});

test("an organizer cannot change or cancel another organizer's event; an admin can", async () => {
  const owner = await organizer();
  const other = await organizer();
  const event = await createEvent(app, owner);

  const foreignPatch = await patch(event.id, other.token, { title: "Hijacked" });
  expect(foreignPatch.status).toBe(403);
  expect(foreignPatch.headers["content-type"]).toMatch(/application\/problem\+json/);
  expect(foreignPatch.body).toMatchObject({ code: "forbidden" });
  expect((await cancel(event.id, other.token)).status).toBe(403);
  expect((await request(app).get(`/api/v1/events/${event.id}`)).body).toMatchObject({
    title: event.title,
    status: "published",
  });

  const boss = await admin();
  expect((await patch(event.id, boss.token, { title: "Fixed by admin" })).status).toBe(200);
  expect((await cancel(event.id, boss.token)).status).toBe(204);
});

test("attendees cannot create, change or cancel events (403); no token is 401", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner);
  const person = await attendee();
  const create = await request(app)
    .post("/api/v1/events")
    .set(bearer(person.token))
    .send(eventInput());
  expect(create.status).toBe(403);
  expect(create.body).toMatchObject({ code: "forbidden" });
  expect((await patch(event.id, person.token, { title: "Nope nope" })).status).toBe(403);
  expect((await cancel(event.id, person.token)).status).toBe(403);

  const anonymous = await request(app).post("/api/v1/events").send(eventInput());
  expect(anonymous.status).toBe(401);
  expect(anonymous.body).toMatchObject({ code: "unauthorized" });
  expect((await request(app).delete(`/api/v1/events/${event.id}`)).status).toBe(401);
  const forged = await request(app)
    .post("/api/v1/events")
    .set(bearer("not.a.token"))
    .send(eventInput());
  expect(forged.status).toBe(401);
  expect(forged.body).toMatchObject({ code: "invalid_token" });
});

test("cancelling is final: status cancelled, a second DELETE is 204, PATCH is 422", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner);
  expect((await cancel(event.id, owner.token)).status).toBe(204);
  expect((await cancel(event.id, owner.token)).status).toBe(204);
  const read = await request(app).get(`/api/v1/events/${event.id}`);
  expect(read.body).toMatchObject({ status: "cancelled" });
  const res = await patch(event.id, owner.token, { title: "Revived event" });
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({ code: "event_cancelled" });
});
