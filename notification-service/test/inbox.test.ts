import { randomUUID } from "node:crypto";
import request from "supertest";
import { stackTokenMinter, type TokenMinter } from "@turnout/test-kit";
import { startTestService, type TestService } from "./helpers/test-service";

let t: TestService;
let minter: TokenMinter;
const BASE = "/api/v1/notifications";

beforeAll(async () => {
  t = await startTestService();
  minter = await stackTokenMinter();
});
afterAll(() => t.close());

async function seed(userId: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    await t.data.repos.notifications.insert({
      userId,
      type: "registration_confirmed",
      title: `Notification ${i}`,
      body: "Body",
      data: { n: i },
      sourceEventId: randomUUID(),
    });
  }
}

async function asUser(userId = randomUUID()) {
  const token = await minter.mint({ sub: userId });
  const get = (query = "") =>
    request(t.app).get(`${BASE}/${query}`).set("Authorization", `Bearer ${token}`);
  const post = (path: string) =>
    request(t.app).post(`${BASE}${path}`).set("Authorization", `Bearer ${token}`);
  return { userId, token, get, post };
}

type Page = {
  items: { id: string; title: string; read_at: string | null }[];
  next_cursor: string | null;
};

test("my notifications come newest first, in pages joined by an opaque cursor", async () => {
  const me = await asUser();
  await seed(me.userId, 25);
  await seed(randomUUID(), 3); // someone else's

  const first = await me.get("?limit=10");
  expect(first.status).toBe(200);
  const page1 = first.body as Page;
  expect(page1.items.map((n) => n.title)).toEqual(
    Array.from({ length: 10 }, (_, i) => `Notification ${25 - i}`),
  );
  expect(page1.items[0]).toEqual({
    id: expect.any(String) as unknown,
    type: "registration_confirmed",
    title: "Notification 25",
    body: "Body",
    data: { n: 25 },
    read_at: null,
    created_at: expect.stringMatching(/Z$/) as unknown,
  });
  const page2 = (await me.get(`?limit=10&cursor=${page1.next_cursor ?? ""}`)).body as Page;
  const page3 = (await me.get(`?limit=10&cursor=${page2.next_cursor ?? ""}`)).body as Page;
  expect(page2.items).toHaveLength(10);
  expect(page3.items.map((n) => n.title)).toEqual([5, 4, 3, 2, 1].map((i) => `Notification ${i}`));
  expect(page3.next_cursor).toBeNull();
  expect((await me.get()).body).toMatchObject({ items: { length: 20 } });
});

test("reading one, then all; unread=true shows what is left", async () => {
  const me = await asUser();
  await seed(me.userId, 3);
  const [newest] = ((await me.get()).body as Page).items;
  const read = await me.post(`/${newest?.id ?? ""}/read`);
  expect(read.status).toBe(204);
  expect((await me.post(`/${newest?.id ?? ""}/read`)).status).toBe(204); // idempotent

  const unread = (await me.get("?unread=true")).body as Page;
  expect(unread.items.map((n) => n.title)).toEqual(["Notification 2", "Notification 1"]);
  const all = (await me.get()).body as Page;
  expect(all.items[0]?.read_at).toMatch(/Z$/);

  expect((await me.post("/read-all")).status).toBe(204);
  expect(((await me.get("?unread=true")).body as Page).items).toEqual([]);
});

test("someone else's notification is out of reach: 404, and never listed", async () => {
  const me = await asUser();
  const other = await asUser();
  await seed(other.userId, 1);
  const [theirs] = ((await other.get()).body as Page).items;

  const res = await me.post(`/${theirs?.id ?? ""}/read`);
  expect(res.status).toBe(404);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ code: "notification_not_found" });
  expect((await me.post(`/${randomUUID()}/read`)).status).toBe(404);
  expect(((await me.get()).body as Page).items).toEqual([]);
  await me.post("/read-all");
  expect(((await other.get()).body as Page).items[0]?.read_at).toBeNull();
});

test("bad input is a 4xx problem, never a 500", async () => {
  const me = await asUser();
  for (const query of ["?limit=0", "?limit=101", "?limit=x", "?unread=maybe"]) {
    const res = await me.get(query);
    expect({ query, status: res.status, code: (res.body as { code: string }).code }).toEqual({
      query,
      status: 400,
      code: "validation_failed",
    });
  }
  for (const cursor of ["garbage", Buffer.from('{"s":"-1"}').toString("base64url")]) {
    const res = await me.get(`?cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "invalid_cursor" });
  }
  expect((await me.post("/not-a-uuid/read")).status).toBe(400);
  expect((await request(t.app).get(`${BASE}/`)).status).toBe(401);
  // No route takes a token in the URL (issue 18).
  const inUrl = await request(t.app).get(`${BASE}/?access_token=${me.token}`);
  expect(inUrl.status).toBe(400);
  expect(inUrl.body).toMatchObject({ code: "token_in_url" });
});
