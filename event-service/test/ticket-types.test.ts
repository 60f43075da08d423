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
import { ledgerTestApp } from "./helpers/suite";

const { app, ledger } = ledgerTestApp();
const patch = patchEvent(app);
const names = (body: EventBody) => body.ticket_types.map((type) => type.name);

const TYPES = [
  { name: "Standard", quota: 30, description: "A seat." },
  { name: "VIP", quota: 5, hidden: true, access_code: "golden-ticket" },
];

test("types are listed in order; a hidden one only to the organizer, admins, or with its code", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner, { capacity: 30, ticket_types: TYPES });
  expect(names(event)).toEqual(["Standard", "VIP"]);
  expect(JSON.stringify(event)).not.toContain("golden-ticket");
  expect(event.ticket_types[1]).toMatchObject({ hidden: true, quota: 5, seats_available: 5 });

  const read = (headers: Record<string, string> = {}) =>
    request(app).get(`/api/v1/events/${event.id}`).set(headers);
  const anonymous = await read();
  expect(names(anonymous.body as EventBody)).toEqual(["Standard"]);
  expect(anonymous.headers.vary).toMatch(/X-Access-Code/i);
  expect(names((await read(bearer((await attendee()).token))).body as EventBody)).toEqual([
    "Standard",
  ]);
  expect(names((await read({ "X-Access-Code": "wrong" })).body as EventBody)).toEqual(["Standard"]);
  const other = await organizer();
  expect(names((await read(bearer(other.token))).body as EventBody)).toEqual(["Standard"]);

  for (const headers of [
    { "X-Access-Code": "golden-ticket" },
    bearer(owner.token),
    bearer((await admin()).token),
  ]) {
    const res = await read(headers);
    expect(names(res.body as EventBody)).toEqual(["Standard", "VIP"]);
    // A reply showing a hidden type is nobody else's.
    expect(res.headers["cache-control"]).toMatch(/private/);
  }
  // Never in the URL: a query parameter unlocks nothing.
  const viaQuery = await request(app).get(`/api/v1/events/${event.id}?access_code=golden-ticket`);
  expect(names(viaQuery.body as EventBody)).toEqual(["Standard"]);
  // A token that does not verify reads as anonymous.
  expect(names((await read(bearer("not.a.token"))).body as EventBody)).toEqual(["Standard"]);

  const seats = await request(app).get(`/api/v1/events/${event.id}/availability`);
  expect(seats.body.ticket_types).toEqual([{ id: event.ticket_types[0]!.id, seats_available: 30 }]);
});

test("create validates types and questions (400), a hidden type needs a code (422)", async () => {
  const owner = await organizer();
  const create = (overrides: object) =>
    request(app)
      .post("/api/v1/events")
      .set(bearer(owner.token))
      .send({ ...eventInput(), ...overrides });
  const invalid = [
    { ticket_types: [] },
    { ticket_types: Array.from({ length: 21 }, (_, i) => ({ name: `T${i}`, quota: 1 })) },
    {
      ticket_types: [
        { name: "Same", quota: 1 },
        { name: "same", quota: 1 },
      ],
    },
    { ticket_types: [{ name: "A", quota: 0 }] },
    { ticket_types: [{ name: "A", quota: 1, max_per_order: 51 }] },
    { ticket_types: [{ name: "A", quota: 1, access_code: "abc" }] },
    {
      ticket_types: [
        {
          name: "A",
          quota: 1,
          sales_start: "2099-01-02T00:00:00Z",
          sales_end: "2099-01-01T00:00:00Z",
        },
      ],
    },
    { questions: [{ label: "Pick", kind: "choice", options: ["only"] }] },
    { questions: [{ label: "Pick", kind: "choice", options: ["a", "a"] }] },
    { questions: [{ label: "Name", kind: "text", options: ["a", "b"] }] },
    { questions: [{ label: "Name", kind: "essay" }] },
    { questions: [{ label: "Name", kind: "text", per: "party" }] },
    { questions: Array.from({ length: 31 }, () => ({ label: "Q", kind: "text" })) },
    { seat_changes_until: "tomorrow" },
  ];
  for (const body of invalid) {
    const res = await create(body);
    const what = JSON.stringify(body).slice(0, 60);
    expect([what, res.status]).toEqual([what, 400]);
    expect(res.body).toMatchObject({ code: "validation_failed" });
  }
  const noCode = await create({ ticket_types: [{ name: "Secret", quota: 2, hidden: true }] });
  expect(noCode.status).toBe(422);
  expect(noCode.body).toMatchObject({ code: "access_code_required" });
});

test("PATCH replaces the list: kept by id, added without, removed when left out", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner, {
    capacity: 30,
    ticket_types: TYPES,
    questions: [{ label: "Diet", kind: "text" }],
  });
  const [standard, vip] = event.ticket_types;
  const res = await patch(event.id, owner.token, {
    ticket_types: [
      { id: vip!.id, name: "VIP lounge", quota: 6, hidden: true },
      { id: standard!.id, name: "Standard", quota: 25 },
      { name: "Student", quota: 10, max_per_order: 1 },
    ],
    questions: [
      { id: event.questions[0]!.id, label: "Diet?", kind: "text" },
      { label: "T-shirt", kind: "choice", options: ["S", "M"], required: true, per: "seat" },
    ],
  });
  expect(res.status).toBe(200);
  const body = res.body as EventBody;
  expect(names(body)).toEqual(["VIP lounge", "Standard", "Student"]);
  expect(body.ticket_types[0]!.id).toBe(vip!.id);
  expect(body.ticket_types[2]).toMatchObject({ max_per_order: 1, quota: 10 });
  expect(body.questions.map((q) => q.label)).toEqual(["Diet?", "T-shirt"]);
  expect(body.questions[0]!.id).toBe(event.questions[0]!.id);
  // The kept hidden type kept its code.
  await ledger
    .reserve(event.id, randomUUID(), { ticket_type_id: vip!.id, access_code: "golden-ticket" })
    .expect(201);
  const read = await request(app).get(`/api/v1/events/${event.id}`);
  expect(read.body).toEqual({
    ...body,
    seats_taken: 1,
    seats_available: 29,
    ticket_types: [
      expect.objectContaining({ name: "Standard", seats_available: 25 }),
      expect.objectContaining({ name: "Student", seats_available: 10 }),
    ],
  });

  // Left out: removed.
  const dropped = await patch(event.id, owner.token, {
    ticket_types: [
      { id: vip!.id, name: "VIP lounge", quota: 6, hidden: true },
      { id: standard!.id, name: "Standard", quota: 25 },
    ],
    questions: [],
  });
  expect(names(dropped.body as EventBody)).toEqual(["VIP lounge", "Standard"]);
  expect((dropped.body as EventBody).questions).toEqual([]);
});

test("PATCH refuses a quota below its seats taken, removing a type in use, and unknown ids", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner, { capacity: 30, ticket_types: TYPES });
  const [standard, vip] = event.ticket_types;
  await ledger
    .reserve(event.id, randomUUID(), { ticket_type_id: standard!.id, quantity: 3 })
    .expect(201);
  const keepVip = { id: vip!.id, name: "VIP", quota: 5, hidden: true };
  const cases: [object, number, string][] = [
    [
      { ticket_types: [{ id: standard!.id, name: "Standard", quota: 2 }, keepVip] },
      409,
      "quota_below_taken",
    ],
    [{ ticket_types: [keepVip] }, 409, "ticket_type_in_use"],
    [
      { ticket_types: [{ id: randomUUID(), name: "Ghost", quota: 2 }] },
      422,
      "ticket_type_not_found",
    ],
    [
      { questions: [{ id: randomUUID(), label: "Ghost", kind: "text" }] },
      422,
      "question_not_found",
    ],
    [
      {
        ticket_types: [
          { id: standard!.id, name: "Standard", quota: 30 },
          { id: vip!.id, name: "VIP", quota: 5, hidden: true },
          { name: "Secret", quota: 1, hidden: true },
        ],
      },
      422,
      "access_code_required",
    ],
  ];
  for (const [body, status, code] of cases) {
    const res = await patch(event.id, owner.token, body);
    expect([code, res.status, res.body.code]).toEqual([code, status, code]);
  }
  // The quota may go down to the seats taken; an unused type may go.
  const ok = await patch(event.id, owner.token, {
    ticket_types: [{ id: standard!.id, name: "Standard", quota: 3 }],
  });
  expect(ok.status).toBe(200);
  expect((ok.body as EventBody).ticket_types).toEqual([
    expect.objectContaining({ quota: 3, seats_taken: 3, seats_available: 0 }),
  ]);
});

test("capacity follows into a single type only when its quota was the capacity", async () => {
  const owner = await organizer();
  const single = await createEvent(app, owner, { capacity: 40 });
  const grown = await patch(single.id, owner.token, { capacity: 60 });
  expect((grown.body as EventBody).ticket_types[0]!.quota).toBe(60);
  const own = await createEvent(app, owner, {
    capacity: 40,
    ticket_types: [{ name: "Only", quota: 25 }],
  });
  const kept = await patch(own.id, owner.token, { capacity: 60 });
  expect((kept.body as EventBody).ticket_types[0]!.quota).toBe(25);
  const two = await createEvent(app, owner, { capacity: 30, ticket_types: TYPES });
  const both = await patch(two.id, owner.token, { capacity: 50 });
  expect((both.body as EventBody).ticket_types.map((type) => type.quota)).toEqual([30, 5]);
});

test("seat_changes_until is set, changed and cleared", async () => {
  const owner = await organizer();
  const event = await createEvent(app, owner, { seat_changes_until: "2099-01-01T10:00:00+01:00" });
  expect(event.seat_changes_until).toBe("2099-01-01T09:00:00.000Z");
  const cleared = await patch(event.id, owner.token, { seat_changes_until: null });
  expect(cleared.body.seat_changes_until).toBeNull();
  const listed = await request(app).get("/api/v1/events").query({ organizer_id: owner.id });
  expect(listed.body.items[0]).toMatchObject({ id: event.id, seat_changes_until: null });
  expect(listed.body.items[0]).not.toHaveProperty("ticket_types");
});
