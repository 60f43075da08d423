import { randomUUID } from "node:crypto";
import request from "supertest";
import { peopleRepository } from "../src/data/people";
import { createBookingEvent, type BookingEvent } from "./helpers/bookings";
import { newUser, type User } from "./helpers/platform";
import { useSuiteContext } from "./helpers/suite-context";

// The organizer's attendee list names people (docs/booking-model.md, "Attendee lists that name
// people"): the account's name and email from the people copy, the ticket type, the seats with
// their names and answers; `q` searches; the CSV appends the new columns and one per question.
// Over the real event service (types and questions) and real bookings.
const ctx = useSuiteContext();

interface Item {
  id: string;
  user_id: string;
  status: string;
  quantity: number;
  answers: Record<string, unknown>;
  attendee: { display_name: string | null; email: string | null };
  ticket_type: { id: string | null; name: string | null };
  seats: {
    id: string;
    attendee_name: string | null;
    answers: Record<string, unknown>;
    status: string;
  }[];
}
interface Page {
  items: Item[];
  next_cursor: string | null;
}

const list = (user: User, eventId: string, query: Record<string, string | number> = {}) =>
  request(ctx.testApp.app)
    .get(`/api/v1/registrations/events/${eventId}`)
    .query(query)
    .set("Authorization", `Bearer ${user.token}`);

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

let event: BookingEvent;
let ada: User, bob: User, cleo: User, stranger: User;
const email = (name: string) => `${name}.${randomUUID().slice(0, 8)}@example.com`;
const emails = { ada: email("ada"), bob: email("bob") };

beforeAll(async () => {
  event = await createBookingEvent(ctx.platform, {
    capacity: 10,
    types: [
      { name: "Standard", quota: 8 },
      { name: "VIP", quota: 2 },
    ],
    questions: [
      { label: "Diet", kind: "choice", options: ["veg", "meat"], per: "seat" },
      { label: "Company", kind: "text", per: "booking" },
    ],
  });
  [ada, bob, cleo, stranger] = [
    await newUser(ctx.platform),
    await newUser(ctx.platform),
    await newUser(ctx.platform),
    await newUser(ctx.platform),
  ];
  const [diet, company] = event.questions.map((q) => q.id);
  const book = async (user: User, body: Record<string, unknown>) => {
    const res = await request(ctx.testApp.app)
      .post("/api/v1/registrations")
      .set("Authorization", `Bearer ${user.token}`)
      .send({ event_id: event.id, ...body });
    if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${res.text}`);
  };
  await book(ada, {
    ticket_type_id: event.types[1]!.id,
    quantity: 2,
    answers: { [company!]: "Analytical, Inc." },
    attendees: [
      { name: "Ada Lovelace", answers: { [diet!]: "veg" } },
      { name: "Charles Babbage", answers: { [diet!]: "meat" } },
    ],
  });
  await book(bob, { ticket_type_id: event.types[0]!.id, answers: { [company!]: "=1+2" } });
  await book(cleo, { attendees: [{ name: "=Cleo Brown", answers: { [diet!]: "veg" } }] });
  // The copy of accounts, as the consumer writes it (people-copy.test.ts); Cleo's is unknown.
  const people = peopleRepository(ctx.testApp.data.pool);
  const now = new Date().toISOString();
  await people.saveRegistered({
    userId: ada.id,
    email: emails.ada,
    displayName: "Ada A.",
    at: now,
  });
  await people.saveRegistered({
    userId: bob.id,
    email: emails.bob,
    displayName: "Bob 100%_Smith",
    at: now,
  });
}, 180_000);

test("each registration names its account, ticket type, seats and answers", async () => {
  const res = await list(event.organizer, event.id);
  expect(res.status).toBe(200);
  const items = (res.body as Page).items;
  expect(items.map((i) => i.user_id)).toEqual([ada.id, bob.id, cleo.id]);
  const [a, b, c] = items as [Item, Item, Item];
  const [diet, company] = event.questions.map((q) => q.id) as [string, string];
  expect(a).toMatchObject({
    status: "confirmed",
    attendee: { display_name: "Ada A.", email: emails.ada },
    ticket_type: { id: event.types[1]!.id, name: "VIP" },
    quantity: 2,
    answers: { [company]: "Analytical, Inc." },
  });
  expect(a.seats.map((s) => [s.attendee_name, s.answers, s.status])).toEqual([
    ["Ada Lovelace", { [diet]: "veg" }, "confirmed"],
    ["Charles Babbage", { [diet]: "meat" }, "confirmed"],
  ]);
  expect(b.attendee).toEqual({ display_name: "Bob 100%_Smith", email: emails.bob });
  expect(b.ticket_type).toEqual({ id: event.types[0]!.id, name: "Standard" });
  // No copy of Cleo's account: null fields; no type named: the event's first.
  expect(c.attendee).toEqual({ display_name: null, email: null });
  expect(c.ticket_type.name).toBe("Standard");
});

test.each([
  ["a seat's name, in any case", "CHARLES", ["ada"]],
  ["a display name", "smith", ["bob"]],
  ["part of an email", emails.ada.slice(2, 12).toUpperCase(), ["ada"]],
  ["a % taken literally", "100%", ["bob"]],
  ["a lone _ taken literally", "_", ["bob"]],
  ["a seat's name of an unknown account", "cleo", ["cleo"]],
  ["nothing matching", "nobody-here", []],
])("q finds %s", async (_name, q, who) => {
  const ids = { ada: ada.id, bob: bob.id, cleo: cleo.id } as Record<string, string>;
  const res = await list(event.organizer, event.id, { q });
  expect(res.status).toBe(200);
  expect((res.body as Page).items.map((i) => i.user_id)).toEqual(who.map((w) => ids[w]));
});

test("a search pages by keyset like the whole list", async () => {
  const first = (await list(event.organizer, event.id, { q: "a", limit: 1 })).body as Page;
  expect(first.items.map((i) => i.user_id)).toEqual([ada.id]);
  const second = (
    await list(event.organizer, event.id, { q: "a", limit: 1, cursor: first.next_cursor! })
  ).body as Page;
  expect(second.items.map((i) => i.user_id)).toEqual([bob.id]);
});

test.each([
  ["an empty q", ""],
  ["a q over 100 characters", "x".repeat(101)],
])("%s is a 400 validation_failed", async (_name, q) => {
  const res = await list(event.organizer, event.id, { q });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: "validation_failed" });
});

test("the CSV keeps its columns, appends the people, types, seats and one column per question", async () => {
  const res = await list(event.organizer, event.id).set("Accept", "text/csv");
  expect(res.status).toBe(200);
  const [header, ...rows] = parseCsv(res.text);
  expect(header).toEqual([
    "registration_id",
    "user_id",
    "status",
    "waitlist_position",
    "confirmed_via",
    "checked_in_at",
    "created_at",
    "attendee_name",
    "attendee_email",
    "ticket_type",
    "quantity",
    "seat_names",
    "Diet",
    "Company",
  ]);
  expect(rows.map((r) => [r[1], ...r.slice(7)])).toEqual([
    [
      ada.id,
      "Ada A.",
      emails.ada,
      "VIP",
      "2",
      "Ada Lovelace; Charles Babbage",
      "Ada Lovelace: veg; Charles Babbage: meat",
      "Analytical, Inc.",
    ],
    [bob.id, "Bob 100%_Smith", emails.bob, "Standard", "1", "", "", "'=1+2"],
    [cleo.id, "", "", "Standard", "1", "'=Cleo Brown", "'=Cleo Brown: veg", ""],
  ]);
  // The search applies to the export too.
  const found = parseCsv(
    (await list(event.organizer, event.id, { q: "smith" }).set("Accept", "text/csv")).text,
  );
  expect(found.slice(1).map((r) => r[1])).toEqual([bob.id]);
});

test("only the organizer (or an admin) reads the list, in JSON or CSV", async () => {
  expect((await list(stranger, event.id)).status).toBe(403);
  expect((await list(ada, event.id, { q: "bob" })).status).toBe(403);
  expect((await list(stranger, event.id).set("Accept", "text/csv")).status).toBe(403);
  const admin = await newUser(ctx.platform, ["attendee", "admin"]);
  expect((await list(admin, event.id, { q: "smith" })).status).toBe(200);
});

test("the OpenAPI document describes the list's items and q from the same schemas", async () => {
  const res = await request(ctx.testApp.app).get("/api/v1/registrations/openapi.json");
  expect(res.status).toBe(200);
  const doc = res.body as {
    paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  const route = doc.paths["/api/v1/registrations/events/{event_id}"]?.get;
  expect(route?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(["q", "status"]));
  expect(Object.keys(doc.components.schemas.Attendee?.properties ?? {})).toEqual(
    expect.arrayContaining(["id", "status", "seats", "attendee", "ticket_type"]),
  );
});
