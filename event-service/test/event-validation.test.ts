import { randomUUID } from "node:crypto";
import request from "supertest";
import { createEvent, eventInput, organizer, serviceToken, type Actor } from "./helpers/factories";
import { createTestApp } from "./helpers/test-app";

const { app, close } = createTestApp();
afterAll(() => close());

let owner: Actor;
beforeAll(async () => {
  owner = await organizer();
});

const post = (body: unknown) =>
  request(app)
    .post("/api/v1/events")
    .set("Authorization", `Bearer ${owner.token}`)
    .send(body as object);

/** Every refusal is a problem document with a client status, never a 5xx. */
function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
  expect(res.status).toBe(status);
}

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

test.each([
  ["title too short once trimmed", { title: "  ab  " }, "title"],
  ["title too long", { title: "x".repeat(201) }, "title"],
  ["title missing", { title: undefined }, "title"],
  ["description too long", { description: "x".repeat(10_001) }, "description"],
  ["description missing", { description: undefined }, "description"],
  ["location blank", { location: "   " }, "location"],
  ["location too long", { location: "x".repeat(301) }, "location"],
  ["capacity zero", { capacity: 0 }, "capacity"],
  ["capacity above 100000", { capacity: 100_001 }, "capacity"],
  ["capacity fractional", { capacity: 1.5 }, "capacity"],
  ["capacity as text", { capacity: "10" }, "capacity"],
  ["unknown time zone", { timezone: "Mars/Olympus" }, "timezone"],
  ["an offset is not a zone", { timezone: "+01:00" }, "timezone"],
  ["empty time zone", { timezone: "" }, "timezone"],
  ["starts_at not a time", { starts_at: "tomorrow" }, "starts_at"],
  ["starts_at not a calendar day", { starts_at: "2099-02-30T10:00:00Z" }, "starts_at"],
  ["starts_at without zone", { starts_at: "2099-02-01T10:00:00" }, "starts_at"],
  ["ends before it starts", { starts_at: hoursFromNow(5), ends_at: hoursFromNow(4) }, "ends_at"],
  ["ends when it starts", { starts_at: hoursFromNow(5), ends_at: hoursFromNow(5) }, "ends_at"],
  ["category upper case", { category: "Meetup" }, "category"],
  ["category with spaces", { category: "open air" }, "category"],
  ["category leading dash", { category: "-meetup" }, "category"],
  ["category too long", { category: "a".repeat(41) }, "category"],
  ["requires_approval as text", { requires_approval: "yes" }, "requires_approval"],
  ["an unknown field", { price: 10 }, ""],
  // A new event has no type or question an id could name.
  [
    "a ticket type's id",
    { ticket_types: [{ id: randomUUID(), name: "A", quota: 5 }] },
    "ticket_types.0.id",
  ],
  [
    "a question's id",
    { questions: [{ id: randomUUID(), label: "Diet", kind: "text" }] },
    "questions.0.id",
  ],
])("create: %s is 400 validation_failed on that field", async (_name, overrides, path) => {
  const res = await post(eventInput(overrides));
  expectProblem(res, 400, "validation_failed");
  expect((res.body as { errors: { path: string }[] }).errors).toEqual(
    expect.arrayContaining([expect.objectContaining({ path })]),
  );
});

test("the bounds themselves are accepted", async () => {
  const res = await post(
    eventInput({
      title: "abc",
      description: "x".repeat(10_000),
      location: "x".repeat(300),
      capacity: 100_000,
      category: `a${"-".repeat(38)}z`,
      timezone: "UTC",
    }),
  );
  expect(res.status).toBe(201);
  expect(
    (await post(eventInput({ title: "t".repeat(200), capacity: 1, description: "" }))).status,
  ).toBe(201);
  for (const timezone of ["Asia/Kolkata", "America/Argentina/Buenos_Aires", "Etc/GMT+5"])
    expect((await post(eventInput({ timezone }))).status).toBe(201);
});

test("an event starting in the past is 422 starts_in_past", async () => {
  const res = await post(eventInput({ starts_at: hoursFromNow(-2), ends_at: hoursFromNow(1) }));
  expectProblem(res, 422, "starts_in_past");
});

test.each([
  ["null", "null"],
  ["an array", JSON.stringify([eventInput()])],
  ["a number", "42"],
  ["a string", '"event"'],
])("create: a body that is %s is 400", async (_name, body) => {
  const res = await request(app)
    .post("/api/v1/events")
    .set("Authorization", `Bearer ${owner.token}`)
    .set("Content-Type", "application/json")
    .send(body);
  expectProblem(res, 400, "validation_failed");
});

test("a body that is not JSON is 415; malformed JSON is 400", async () => {
  const text = await request(app)
    .post("/api/v1/events")
    .set("Authorization", `Bearer ${owner.token}`)
    .set("Content-Type", "text/plain")
    .send("title=Party");
  expectProblem(text, 415, "unsupported_media_type");
  const broken = await request(app)
    .post("/api/v1/events")
    .set("Authorization", `Bearer ${owner.token}`)
    .set("Content-Type", "application/json")
    .send('{"title": "Party",');
  expectProblem(broken, 400, "malformed_json");
});

test("PATCH validates the same fields and refuses unknown ones", async () => {
  const event = await createEvent(app, owner);
  const patch = (body: object) =>
    request(app)
      .patch(`/api/v1/events/${event.id}`)
      .set("Authorization", `Bearer ${owner.token}`)
      .send(body);
  for (const body of [
    { capacity: 0 },
    { title: "" },
    { timezone: "Nowhere/Land" },
    { seats_taken: 0 },
    { status: "cancelled" },
    { organizer_id: randomUUID() },
    { starts_at: hoursFromNow(10), ends_at: hoursFromNow(9) },
  ]) {
    expectProblem(await patch(body), 400, "validation_failed");
  }
});

test("capacity cannot drop below the seats taken (422); down to them is fine", async () => {
  const event = await createEvent(app, owner, { capacity: 10 });
  const token = await serviceToken();
  for (let i = 0; i < 3; i++) {
    const res = await request(app)
      .post(`/internal/events/${event.id}/reservations`)
      .set("Authorization", `Bearer ${token}`)
      .send({ registration_id: randomUUID() });
    expect(res.status).toBe(201);
  }
  const patch = (capacity: number) =>
    request(app)
      .patch(`/api/v1/events/${event.id}`)
      .set("Authorization", `Bearer ${owner.token}`)
      .send({ capacity });
  expectProblem(await patch(2), 422, "capacity_below_seats_taken");
  const res = await patch(3);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ capacity: 3, seats_taken: 3, seats_available: 0 });
});

test("an id that is not a UUID names no event: 404 not_found, never a 5xx", async () => {
  const auth = { Authorization: `Bearer ${owner.token}` };
  for (const res of [
    await request(app).get("/api/v1/events/not-a-uuid"),
    await request(app).get("/api/v1/events/123/availability"),
    await request(app).get("/api/v1/events/%E0%A4%A"),
    await request(app).patch("/api/v1/events/not-a-uuid").set(auth).send({ title: "abcd" }),
    await request(app).delete("/api/v1/events/00000000-0000-0000-0000-00000000000g").set(auth),
  ]) {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  }
  expectProblem(await request(app).get("/api/v1/events/not-a-uuid"), 404, "not_found");
});

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

test.each([
  ["limit=0", "validation_failed"],
  ["limit=101", "validation_failed"],
  ["limit=-1", "validation_failed"],
  ["limit=abc", "validation_failed"],
  ["limit=2.5", "validation_failed"],
  ["limit=99999999999999999999999", "validation_failed"],
  ["limit=1&limit=2", "validation_failed"],
  ["status=draft", "validation_failed"],
  ["organizer_id=not-a-uuid", "validation_failed"],
  ["category=Not%20A%20Slug", "validation_failed"],
  ["from=yesterday", "validation_failed"],
  ["to=2099-13-01T00:00:00Z", "validation_failed"],
  ["from=2099-02-01T00:00:00Z&to=2099-01-01T00:00:00Z", "validation_failed"],
  ["q=<201 characters>", "validation_failed"],
  ["cursor=garbage!", "invalid_cursor"],
  ["cursor=bm90IGpzb24", "invalid_cursor"],
  [`cursor=${cursorOf({ a: 1 })}`, "invalid_cursor"],
  [`cursor=${cursorOf(["2099-01-01T00:00:00Z", "nope"])}`, "invalid_cursor"],
  [`cursor=${cursorOf(["2099-02-31T00:00:00.000000Z", randomUUID()])}`, "invalid_cursor"],
  [`cursor=${cursorOf(["0000-01-01T00:00:00Z", randomUUID()])}`, "invalid_cursor"],
  ["cursor=<5000 characters>", "invalid_cursor"],
])("listing with %s is 400 %s", async (query, code) => {
  const expanded = query
    .replace("<201 characters>", "x".repeat(201))
    .replace("<5000 characters>", "A".repeat(5000));
  expectProblem(await request(app).get(`/api/v1/events?${expanded}`), 400, code);
});
