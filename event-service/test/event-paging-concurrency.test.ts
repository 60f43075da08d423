import { randomUUID } from "node:crypto";
import request from "supertest";
import { insertEventRow } from "./helpers/event-rows";
import type { EventBody } from "./helpers/factories";
import { createTestApp } from "./helpers/test-app";

const testApp = createTestApp();
afterAll(() => testApp.close());

const MINUTE_MS = 60_000;
const base = Date.now() + 100 * 24 * 3600 * 1000;
/** Starts on a few whole minutes, so many rows tie on starts_at and order by id. */
const startAt = (minute: number) => new Date(base + Math.floor(minute) * MINUTE_MS);

test("paging while rows are inserted never repeats a row nor skips one that existed", async () => {
  const organizerId = randomUUID();
  const original = new Set<string>();
  for (let i = 0; i < 60; i++)
    original.add(await insertEventRow(testApp, { organizerId, startsAt: startAt(i / 3) }));

  let paging = true;
  const inserted: string[] = [];
  const insertConcurrently = async () => {
    while (paging) {
      inserted.push(
        await insertEventRow(testApp, { organizerId, startsAt: startAt(Math.random() * 20) }),
      );
    }
  };

  const seen: EventBody[] = [];
  const pageThrough = async () => {
    let cursor: string | null = null;
    do {
      const res = await request(testApp.app)
        .get("/api/v1/events")
        .query({ organizer_id: organizerId, limit: 7, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      const page = res.body as { items: EventBody[]; next_cursor: string | null };
      seen.push(...page.items);
      cursor = page.next_cursor;
      // Rows before and after the position, between two page reads.
      const last = seen.at(-1);
      if (last) {
        const at = Date.parse(last.starts_at);
        inserted.push(
          await insertEventRow(testApp, { organizerId, startsAt: new Date(at - MINUTE_MS) }),
        );
        inserted.push(await insertEventRow(testApp, { organizerId, startsAt: new Date(at) }));
        inserted.push(
          await insertEventRow(testApp, { organizerId, startsAt: new Date(at + MINUTE_MS) }),
        );
      }
    } while (cursor);
    paging = false;
  };
  await Promise.all([pageThrough(), insertConcurrently(), insertConcurrently()]);

  const ids = seen.map((event) => event.id);
  expect(inserted.length).toBeGreaterThan(20);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of original) expect(ids).toContain(id);
  // Strictly increasing (starts_at, id): each page continued after the previous one.
  for (let i = 1; i < seen.length; i++) {
    const [a, b] = [seen[i - 1]!, seen[i]!];
    const order = Date.parse(a.starts_at) - Date.parse(b.starts_at) || (a.id < b.id ? -1 : 1);
    expect(order).toBeLessThan(0);
  }
});
