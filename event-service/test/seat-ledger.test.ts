import { randomUUID } from "node:crypto";
import request from "supertest";
import { insertEventRow } from "./helpers/event-rows";
import {
  admin,
  createEvent,
  organizer,
  serviceToken,
  withoutLists,
  type EventBody,
} from "./helpers/factories";
import { ledgerTestApp } from "./helpers/suite";

const testApp = ledgerTestApp();
const { app, ledger } = testApp;

const availability = async (id: string) =>
  (await request(app).get(`/api/v1/events/${id}/availability`)).body as {
    seats_taken: number;
    seats_available: number;
  };

test("reserving takes a seat (201) and answers the event; asking again is 200 and takes none", async () => {
  const event = await createEvent(app, await organizer(), { capacity: 5 });
  const type = event.ticket_types[0]!;
  const registrationId = randomUUID();
  // The registration service's first client sends `{registration_id}` only: one seat of the
  // default type, and the reply it reads (the earlier fields) unchanged.
  const first = await ledger.reserve(event.id, registrationId);
  expect(first.status).toBe(201);
  expect(first.body).toEqual({
    registration_id: registrationId,
    event_id: event.id,
    status: "held",
    seats_taken: 1,
    seats_available: 4,
    ticket_type_id: type.id,
    quantity: 1,
    seats_held: 1,
    ticket_type: { id: type.id, quota: 5, seats_taken: 1, seats_available: 4 },
    event: { ...withoutLists(event), seats_taken: 1, seats_available: 4 },
  });
  const again = await ledger.reserve(event.id, registrationId.toUpperCase());
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  expect(await availability(event.id)).toMatchObject({ seats_taken: 1, seats_available: 4 });
});

test("releasing frees exactly one seat and is idempotent", async () => {
  const event = await createEvent(app, await organizer(), { capacity: 5 });
  const [a, b] = [randomUUID(), randomUUID()];
  await ledger.reserve(event.id, a).expect(201);
  await ledger.reserve(event.id, b).expect(201);
  const released = await ledger.release(event.id, a);
  expect(released.status).toBe(200);
  const type = event.ticket_types[0]!;
  expect(released.body).toEqual({
    registration_id: a,
    event_id: event.id,
    status: "released",
    seats_taken: 1,
    seats_available: 4,
    ticket_type_id: type.id,
    seats_released: 1,
    seats_held: 0,
    ticket_type: { id: type.id, quota: 5, seats_taken: 1, seats_available: 4 },
  });
  const again = await ledger.release(event.id, a);
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ ...released.body, seats_released: 0 });
  const twice = await Promise.all([ledger.release(event.id, b), ledger.release(event.id, b)]);
  expect(twice.map((res) => res.status)).toEqual([200, 200]);
  expect(await availability(event.id)).toMatchObject({ seats_taken: 0, seats_available: 5 });
});

test("a released registration id never holds a seat again (409 reservation_released)", async () => {
  const event = await createEvent(app, await organizer(), { capacity: 5 });
  const id = randomUUID();
  await ledger.reserve(event.id, id).expect(201);
  await ledger.release(event.id, id).expect(200);
  const res = await ledger.reserve(event.id, id);
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ code: "reservation_released" });
  expect(await availability(event.id)).toMatchObject({ seats_taken: 0 });
});

test("releasing an id that never held a seat leaves a tombstone: a late reserve is refused", async () => {
  const event = await createEvent(app, await organizer(), { capacity: 5 });
  const id = randomUUID();
  const released = await ledger.release(event.id, id);
  expect(released.status).toBe(200);
  expect(released.body).toMatchObject({ status: "released", seats_taken: 0, seats_available: 5 });
  const late = await ledger.reserve(event.id, id);
  expect(late.status).toBe(409);
  expect(late.body).toMatchObject({ code: "reservation_released" });
  const { rows } = await testApp.pool.query(
    "SELECT event_id, status FROM seat_reservations WHERE registration_id = $1",
    [id],
  );
  expect(rows).toEqual([{ status: "released", event_id: event.id }]);
});

test("one registration id belongs to one event (409 reservation_conflict)", async () => {
  const owner = await organizer();
  const [first, second] = [await createEvent(app, owner), await createEvent(app, owner)];
  const id = randomUUID();
  await ledger.reserve(first.id, id).expect(201);
  const reserve = await ledger.reserve(second.id, id);
  expect(reserve.status).toBe(409);
  expect(reserve.body).toMatchObject({ code: "reservation_conflict" });
  const release = await ledger.release(second.id, id);
  expect(release.status).toBe(409);
  expect(release.body).toMatchObject({ code: "reservation_conflict" });
  expect(await availability(first.id)).toMatchObject({ seats_taken: 1 });
  expect(await availability(second.id)).toMatchObject({ seats_taken: 0 });
});

const reservationRows = async (registrationId: string) =>
  (
    await testApp.pool.query("SELECT 1 FROM seat_reservations WHERE registration_id = $1", [
      registrationId,
    ])
  ).rowCount;

test("a full event refuses with 409 event_full and records nothing for the refused id", async () => {
  const event = await createEvent(app, await organizer(), { capacity: 1 });
  await ledger.reserve(event.id, randomUUID()).expect(201);
  const refused = randomUUID();
  const res = await ledger.reserve(event.id, refused);
  expect(res.status).toBe(409);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ code: "event_full" });
  expect(await reservationRows(refused)).toBe(0);
  expect(await availability(event.id)).toMatchObject({ seats_taken: 1, seats_available: 0 });
});

test("a cancelled or started event is 422 event_not_open", async () => {
  const owner = await organizer();
  const cancelled = await createEvent(app, owner);
  await request(app)
    .delete(`/api/v1/events/${cancelled.id}`)
    .set("Authorization", `Bearer ${(await admin()).token}`)
    .expect(204);
  const past = await insertEventRow(testApp, { startsAt: new Date(Date.now() - 3600_000) });
  for (const id of [cancelled.id, past]) {
    const registrationId = randomUUID();
    const res = await ledger.reserve(id, registrationId);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "event_not_open" });
    expect(await reservationRows(registrationId)).toBe(0);
  }
  expect(((await request(app).get(`/api/v1/events/${past}`)).body as EventBody).seats_taken).toBe(
    0,
  );
});

test("a seat held before the event was cancelled can still be released", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner);
  const id = randomUUID();
  await ledger.reserve(event.id, id).expect(201);
  await request(app)
    .delete(`/api/v1/events/${event.id}`)
    .set("Authorization", `Bearer ${owner.token}`)
    .expect(204);
  expect((await ledger.reserve(event.id, id)).status).toBe(200);
  const res = await ledger.release(event.id, id);
  expect(res.body).toMatchObject({ status: "released", seats_taken: 0 });
});

test("an unknown event is 404 event_not_found for reserve and release", async () => {
  for (const res of [
    await ledger.reserve(randomUUID(), randomUUID()),
    await ledger.release(randomUUID(), randomUUID()),
  ]) {
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: "event_not_found" });
  }
});

test("malformed ids and bodies are 400 validation_failed", async () => {
  const event = await createEvent(app, await organizer());
  const token = await serviceToken();
  const post = (path: string, body?: unknown) => {
    const call = request(app).post(path).set("Authorization", `Bearer ${token}`);
    return body === undefined ? call : call.send(body as object);
  };
  for (const res of [
    await post(`/internal/events/${event.id}/reservations`, { registration_id: "nope" }),
    await post(`/internal/events/${event.id}/reservations`, {}),
    await post(`/internal/events/${event.id}/reservations`),
    await post(`/internal/events/${event.id}/reservations`, {
      registration_id: randomUUID(),
      seats: 2,
    }),
    await post(`/internal/events/${event.id}/reservations`, {
      registration_id: randomUUID(),
      quantity: 0,
    }),
    await post(`/internal/events/${event.id}/reservations`, {
      registration_id: randomUUID(),
      ticket_type_id: "nope",
    }),
    await post(`/internal/events/not-a-uuid/reservations`, { registration_id: randomUUID() }),
    await request(app)
      .delete(`/internal/events/${event.id}/reservations/not-a-uuid`)
      .set("Authorization", `Bearer ${token}`),
    await ledger.releaseSeat(event.id, randomUUID(), "not-a-uuid"),
  ]) {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "validation_failed" });
  }
  expect(await availability(event.id)).toMatchObject({ seats_taken: 0 });
});
