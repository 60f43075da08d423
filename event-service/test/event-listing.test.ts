import { randomUUID } from "node:crypto";
import request from "supertest";
import { uniqueSuffix } from "@turnout/test-kit";
import { admin, createEvent, organizer, type Actor, type EventBody } from "./helpers/factories";
import { createTestApp } from "./helpers/test-app";

const { app, close } = createTestApp();
afterAll(() => close());

const DAY_MS = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

interface Page {
  items: EventBody[];
  next_cursor: string | null;
}

const list = async (query: Record<string, string | number>): Promise<Page> => {
  const res = await request(app).get("/api/v1/events").query(query);
  expect(res.status).toBe(200);
  return res.body as Page;
};
const titles = (page: Page) => page.items.map((event) => event.title);

let owner: Actor;
const word = `zebra${uniqueSuffix()}`;
beforeAll(async () => {
  owner = await organizer();
  // Created out of start order, so the listing's own ordering is what the tests see.
  await createEvent(app, owner, {
    title: "Running workshops for beginners",
    starts_at: inDays(20),
    ends_at: inDays(20.1),
    category: "sports",
    description: `Easy pace. ${word}`,
  });
  await createEvent(app, owner, {
    title: "Jazz evening",
    starts_at: inDays(10),
    ends_at: inDays(10.1),
    category: "music",
    location: "Blue Note Cellar",
  });
  await createEvent(app, owner, {
    title: "Marathon training",
    starts_at: inDays(30),
    ends_at: inDays(30.1),
    category: "sports",
    description: "Long runs at the weekend.",
  });
});

test("events come in start order with every public field", async () => {
  const page = await list({ organizer_id: owner.id });
  expect(titles(page)).toEqual([
    "Jazz evening",
    "Running workshops for beginners",
    "Marathon training",
  ]);
  expect(page.next_cursor).toBeNull();
  expect(page.items[0]).toMatchObject({ organizer_id: owner.id, status: "published" });
});

test("q searches titles and descriptions with English stemming", async () => {
  expect(titles(await list({ organizer_id: owner.id, q: "run" }))).toEqual([
    "Running workshops for beginners",
    "Marathon training",
  ]);
  expect(titles(await list({ organizer_id: owner.id, q: "workshop beginner" }))).toEqual([
    "Running workshops for beginners",
  ]);
  expect(titles(await list({ q: word }))).toEqual(["Running workshops for beginners"]);
  expect(titles(await list({ organizer_id: owner.id, q: "cellar" }))).toEqual(["Jazz evening"]);
  expect(titles(await list({ organizer_id: owner.id, q: "run -marathon" }))).toEqual([
    "Running workshops for beginners",
  ]);
  expect(titles(await list({ organizer_id: owner.id, q: '"jazz evening"' }))).toEqual([
    "Jazz evening",
  ]);
  expect((await list({ organizer_id: owner.id, q: "the" })).items).toEqual([]);
  expect((await list({ organizer_id: owner.id, q: "   " })).items).toHaveLength(3);
});

test("from (inclusive) and to (exclusive) filter on starts_at", async () => {
  const all = (await list({ organizer_id: owner.id })).items;
  const jazz = all[0]!;
  const marathon = all[2]!;
  expect(titles(await list({ organizer_id: owner.id, from: jazz.starts_at }))).toHaveLength(3);
  expect(titles(await list({ organizer_id: owner.id, from: inDays(15) }))).toEqual([
    "Running workshops for beginners",
    "Marathon training",
  ]);
  expect(titles(await list({ organizer_id: owner.id, to: marathon.starts_at }))).toEqual([
    "Jazz evening",
    "Running workshops for beginners",
  ]);
  expect(titles(await list({ organizer_id: owner.id, from: inDays(15), to: inDays(25) }))).toEqual([
    "Running workshops for beginners",
  ]);
});

test("category, organizer_id and status filter", async () => {
  expect(titles(await list({ organizer_id: owner.id, category: "sports" }))).toEqual([
    "Running workshops for beginners",
    "Marathon training",
  ]);
  expect((await list({ organizer_id: randomUUID() })).items).toEqual([]);

  const other = await organizer();
  const doomed = await createEvent(app, other, { category: "music", title: "Cancelled gig" });
  await createEvent(app, other, { category: "music", title: "Open gig" });
  const boss = await admin();
  await request(app)
    .delete(`/api/v1/events/${doomed.id}`)
    .set("Authorization", `Bearer ${boss.token}`)
    .expect(204);
  expect(titles(await list({ organizer_id: other.id }))).toEqual(["Open gig"]);
  expect(titles(await list({ organizer_id: other.id, status: "cancelled" }))).toEqual([
    "Cancelled gig",
  ]);
  expect(titles(await list({ organizer_id: other.id, category: "music" }))).toEqual(["Open gig"]);
});

test("pages follow each other without repeats or gaps, also across equal start times", async () => {
  const host = await organizer();
  const startsAt = inDays(40);
  const created: string[] = [];
  for (let i = 0; i < 7; i++) {
    // Three events share one start; their order is then by id.
    const start = i < 3 ? startsAt : inDays(40 + i);
    created.push((await createEvent(app, host, { starts_at: start, ends_at: inDays(50) })).id);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page = await list({
      organizer_id: host.id,
      limit: 2,
      ...(cursor ? { cursor } : {}),
    });
    expect(page.items.length).toBeLessThanOrEqual(2);
    seen.push(...page.items.map((event) => event.id));
    cursor = page.next_cursor;
    pages++;
  } while (cursor);
  expect(pages).toBe(4);
  expect(seen).toHaveLength(7);
  expect(new Set(seen).size).toBe(7);
  expect([...seen].sort()).toEqual([...created].sort());
  const tied = (await list({ organizer_id: host.id, limit: 3 })).items.map((event) => event.id);
  expect(tied).toEqual([...tied].sort());
});

test("limit defaults to 20 and may be 100", async () => {
  const host = await organizer();
  for (let i = 0; i < 21; i++)
    await createEvent(app, host, { starts_at: inDays(60 + i), ends_at: inDays(90) });
  const first = await list({ organizer_id: host.id });
  expect(first.items).toHaveLength(20);
  expect(first.next_cursor).toEqual(expect.any(String));
  expect((await list({ organizer_id: host.id, cursor: first.next_cursor! })).items).toHaveLength(1);
  expect((await list({ organizer_id: host.id, limit: 100 })).items).toHaveLength(21);
});

test("search results page in start order too", async () => {
  const first = await list({ organizer_id: owner.id, q: "run OR jazz", limit: 2 });
  expect(titles(first)).toEqual(["Jazz evening", "Running workshops for beginners"]);
  const second = await list({
    organizer_id: owner.id,
    q: "run OR jazz",
    limit: 2,
    cursor: first.next_cursor!,
  });
  expect(titles(second)).toEqual(["Marathon training"]);
  expect(second.next_cursor).toBeNull();
});
