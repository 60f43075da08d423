import { randomUUID } from "node:crypto";
import request from "supertest";
import { createEvent, organizer, type EventBody } from "./helpers/factories";
import { ledgerTestApp } from "./helpers/suite";

const { app, ledger, pool } = ledgerTestApp();

const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** An event with a public type (quota 4), a hidden one (code "sesame") and a capped one. */
async function typedEvent(extra: Record<string, unknown>[] = [], capacity = 6) {
  return createEvent(app, await organizer(), {
    capacity,
    ticket_types: [
      { name: "Standard", quota: 4 },
      { name: "Crew", quota: 3, hidden: true, access_code: "sesame" },
      { name: "Solo", quota: 5, max_per_order: 1 },
      ...extra,
    ],
  });
}

const typeId = (event: EventBody, name: string) =>
  event.ticket_types.find((type) => type.name === name)!.id;

const availability = async (id: string) =>
  (await ledger.read(id, "/availability")).body as {
    seats_taken: number;
    ticket_types: { id: string; seats_taken: number; seats_available: number }[];
  };

test("a hold takes quantity seats of its type and of the event, all or nothing", async () => {
  const event = await typedEvent();
  const standard = typeId(event, "Standard");
  const a = await ledger.reserve(event.id, randomUUID(), { ticket_type_id: standard, quantity: 3 });
  expect(a.status).toBe(201);
  expect(a.body).toMatchObject({
    ticket_type_id: standard,
    quantity: 3,
    seats_held: 3,
    seats_taken: 3,
    seats_available: 3,
    ticket_type: { id: standard, quota: 4, seats_taken: 3, seats_available: 1 },
  });
  // Two more do not fit the type's quota (one left): nothing taken, both counts said.
  const refused = randomUUID();
  const full = await ledger.reserve(event.id, refused, { ticket_type_id: standard, quantity: 2 });
  expect(full.status).toBe(409);
  expect(full.body).toMatchObject({
    code: "event_full",
    seats_available: 3,
    ticket_type_seats_available: 1,
  });
  // The capped type has room (5), the event only 3.
  const solo = typeId(event, "Solo");
  const tooMany = await ledger.reserve(event.id, randomUUID(), { ticket_type_id: solo });
  expect(tooMany.status).toBe(201);
  const crew = typeId(event, "Crew");
  await ledger
    .reserve(event.id, randomUUID(), { ticket_type_id: crew, quantity: 2, access_code: "sesame" })
    .expect(201);
  const eventFull = await ledger.reserve(event.id, randomUUID(), {
    ticket_type_id: crew,
    quantity: 1,
    access_code: "sesame",
  });
  expect(eventFull.status).toBe(409);
  expect(eventFull.body).toMatchObject({ seats_available: 0, ticket_type_seats_available: 0 });
  const seats = await availability(event.id);
  expect(seats.seats_taken).toBe(6);
  expect(seats.ticket_types.map((type) => type.seats_taken)).toEqual([3, 2, 1]);
  const { rowCount } = await pool.query(
    "SELECT 1 FROM seat_reservations WHERE registration_id = $1",
    [refused],
  );
  expect(rowCount).toBe(0);
});

test("a hidden type is sold only with its code: without it, or with a wrong one, 422 ticket_type_not_found", async () => {
  const event = await typedEvent();
  const crew = typeId(event, "Crew");
  for (const options of [{}, { access_code: "wrong-code" }]) {
    const res = await ledger.reserve(event.id, randomUUID(), { ticket_type_id: crew, ...options });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "ticket_type_not_found" });
  }
  // Another event's type is no type of this one.
  const other = await typedEvent();
  const foreign = await ledger.reserve(event.id, randomUUID(), {
    ticket_type_id: typeId(other, "Standard"),
  });
  expect(foreign.body).toMatchObject({ code: "ticket_type_not_found" });
  await ledger
    .reserve(event.id, randomUUID(), { ticket_type_id: crew, access_code: "sesame" })
    .expect(201);
  // The hash the internal read gives (a promotion from the waitlist, which keeps no code).
  const sha256 = (await ledger.read(event.id)).body.ticket_types[1].access_code_sha256 as string;
  await ledger
    .reserve(event.id, randomUUID(), { ticket_type_id: crew, access_code_sha256: sha256 })
    .expect(201);
  const wrongHash = await ledger.reserve(event.id, randomUUID(), {
    ticket_type_id: crew,
    access_code_sha256: "0".repeat(64),
  });
  expect(wrongHash.body).toMatchObject({ code: "ticket_type_not_found" });
  expect((await availability(event.id)).seats_taken).toBe(2);
});

test("the sales window and max_per_order are the ledger's rules too", async () => {
  const event = await typedEvent([
    { name: "Later", quota: 5, sales_start: at(HOUR) },
    { name: "Over", quota: 5, sales_start: at(-2 * HOUR), sales_end: at(-HOUR) },
  ]);
  const cases: [string, Record<string, unknown>, string][] = [
    ["Later", {}, "sales_not_started"],
    ["Over", {}, "sales_ended"],
    ["Solo", { quantity: 2 }, "quantity_exceeds_max"],
    ["Standard", { quantity: 11 }, "quantity_exceeds_max"],
  ];
  for (const [name, options, code] of cases) {
    const res = await ledger.reserve(event.id, randomUUID(), {
      ticket_type_id: typeId(event, name),
      ...options,
    });
    expect([name, res.status, res.body.code]).toEqual([name, 422, code]);
  }
  expect((await availability(event.id)).seats_taken).toBe(0);
});

test("with booked_at the sales window is judged when the booking was made, not now", async () => {
  const event = await typedEvent([
    { name: "Later", quota: 5, sales_start: at(HOUR) },
    { name: "Over", quota: 5, sales_start: at(-3 * HOUR), sales_end: at(-HOUR) },
  ]);
  const reserve = (name: string, bookedAt: string) =>
    ledger.reserve(event.id, randomUUID(), {
      ticket_type_id: typeId(event, name),
      booked_at: bookedAt,
    });
  const cases: [string, string, number, string | undefined][] = [
    // Booked while on sale, promoted from the waitlist after `sales_end`: it gets its seat.
    ["Over", at(-2 * HOUR), 201, undefined],
    ["Over", at(-HOUR / 2), 422, "sales_ended"],
    ["Over", at(-4 * HOUR), 422, "sales_not_started"],
    ["Later", at(-60_000), 422, "sales_not_started"],
    // A caller's clock a moment ahead is fine; a booking in the future is not.
    ["Standard", at(2_000), 201, undefined],
    ["Standard", at(60_000), 400, "validation_failed"],
  ];
  for (const [name, bookedAt, status, code] of cases) {
    const res = await reserve(name, bookedAt);
    expect([name, bookedAt, res.status, res.body.code]).toEqual([name, bookedAt, status, code]);
    if (status === 400)
      expect(res.body.errors).toEqual([expect.objectContaining({ path: "booked_at" })]);
  }
  const taken = (await availability(event.id)).ticket_types.map((type) => type.seats_taken);
  expect(taken).toEqual([1, 0, 0, 0, 1]);
});

test("a retry of a hold answers it (200) whatever it asks; the default type is the first", async () => {
  const event = await typedEvent();
  const id = randomUUID();
  const first = await ledger.reserve(event.id, id, { quantity: 2 });
  expect(first.status).toBe(201);
  expect(first.body.ticket_type_id).toBe(typeId(event, "Standard"));
  const again = await ledger.reserve(event.id, id, { quantity: 4 });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ quantity: 2, seats_held: 2, seats_taken: 2 });
});

test("seats are released one by one, once per seat id; the hold ends with its last seat", async () => {
  const event = await typedEvent();
  const standard = typeId(event, "Standard");
  const hold = randomUUID();
  await ledger.reserve(event.id, hold, { ticket_type_id: standard, quantity: 3 }).expect(201);
  const [s1, s2, s3] = [randomUUID(), randomUUID(), randomUUID()];
  const one = await ledger.releaseSeat(event.id, hold, s1);
  expect(one.status).toBe(200);
  expect(one.body).toMatchObject({
    status: "released",
    seat_id: s1,
    seats_released: 1,
    seats_held: 2,
    seats_taken: 2,
    ticket_type: { id: standard, seats_taken: 2 },
  });
  // The same seat id again, even concurrently, frees nothing more.
  const repeats = await Promise.all([1, 2, 3].map(() => ledger.releaseSeat(event.id, hold, s1)));
  for (const res of repeats) expect(res.body).toMatchObject({ seats_released: 0, seats_held: 2 });
  await Promise.all([
    ledger.releaseSeat(event.id, hold, s2),
    ledger.releaseSeat(event.id, hold, s2),
  ]);
  expect((await availability(event.id)).seats_taken).toBe(1);
  const last = await ledger.releaseSeat(event.id, hold, s3);
  expect(last.body).toMatchObject({ seats_released: 1, seats_held: 0, seats_taken: 0 });
  // Ended: a fourth seat id frees nothing, and the hold never holds again.
  expect((await ledger.releaseSeat(event.id, hold, randomUUID())).body).toMatchObject({
    seats_released: 0,
  });
  expect((await ledger.reserve(event.id, hold)).body).toMatchObject({
    code: "reservation_released",
  });
  expect((await availability(event.id)).ticket_types[0]!.seats_taken).toBe(0);
});

test("releasing a hold frees every seat it still holds", async () => {
  const event = await typedEvent();
  const hold = randomUUID();
  await ledger.reserve(event.id, hold, { quantity: 4 }).expect(201);
  await ledger.releaseSeat(event.id, hold, randomUUID()).expect(200);
  const res = await ledger.release(event.id, hold);
  expect(res.body).toMatchObject({ seats_released: 3, seats_held: 0, seats_taken: 0 });
  expect((await ledger.release(event.id, hold)).body).toMatchObject({ seats_released: 0 });
});

test("the internal read lists every type with its code's hash, and the questions", async () => {
  const event = await createEvent(app, await organizer(), {
    capacity: 10,
    seat_changes_until: at(24 * HOUR),
    ticket_types: [
      { name: "Open", quota: 10 },
      { name: "Secret", quota: 2, hidden: true, access_code: "sesame" },
    ],
    questions: [{ label: "Diet", kind: "choice", options: ["vegan", "any"], per: "seat" }],
  });
  const res = await ledger.read(event.id);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    id: event.id,
    seat_changes_until: event.seat_changes_until,
    ticket_types: [
      { name: "Open", hidden: false, access_code_sha256: null },
      {
        name: "Secret",
        hidden: true,
        // sha256("sesame"): the registration service checks a code without ever storing it.
        access_code_sha256: "d0c04f4b1951e4aeaaec8223ed2039e542f3aae805a6fa7f6d794e5afff5d272",
      },
    ],
    questions: [
      { label: "Diet", kind: "choice", options: ["vegan", "any"], required: false, per: "seat" },
    ],
  });
  // The public read never shows the hash, nor the hidden type without its code.
  const pub = await request(app).get(`/api/v1/events/${event.id}`);
  expect(JSON.stringify(pub.body)).not.toContain("access_code");
  expect((pub.body as EventBody).ticket_types.map((type) => type.name)).toEqual(["Open"]);
});
