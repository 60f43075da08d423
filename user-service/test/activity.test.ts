import { randomUUID } from "node:crypto";
import request from "supertest";
import { TOPICS } from "@turnout/contracts";
import { registrationConfirmedEvent, waitFor } from "@turnout/test-kit";
import { processedCount, startUserServiceConsumer } from "./helpers/consumer";
import {
  newIds,
  publish,
  registrationCancelledEvent,
  registrationCheckedInEvent,
} from "./helpers/events";
import { bearer, createProfile } from "./helpers/profiles";
import { createTestApp } from "./helpers/test-app";

const { app, prisma, pool, close } = createTestApp();
let consumer: Awaited<ReturnType<typeof startUserServiceConsumer>>;

beforeAll(async () => {
  consumer = await startUserServiceConsumer();
});
afterAll(async () => {
  await consumer.stop();
  await close();
});

const activity = async (userId: string, query = "") =>
  request(app)
    .get(`/api/v1/users/me/activity${query}`)
    .set("Authorization", await bearer(userId));

const countFor = (userId: string) => prisma.activity.count({ where: { userId } });

test("the history is built from registration-confirmed, -cancelled and -checked-in", async () => {
  const { id } = await createProfile(prisma);
  const first = newIds(id);
  const second = newIds(id);
  const confirmed = registrationConfirmedEvent({
    ...first,
    title: "Rust Night",
    confirmed_at: "2030-01-01T10:00:00.000Z",
  });
  const confirmedAgain = registrationConfirmedEvent({
    ...second,
    confirmed_at: "2030-01-02T10:00:00.000Z",
  });
  const cancelled = registrationCancelledEvent(second, "2030-01-03T10:00:00.000Z");
  const checkedIn = registrationCheckedInEvent(first, "2030-01-04T10:00:00.000Z");

  await publish(TOPICS.registrationConfirmed, [confirmed, confirmedAgain]);
  await publish(TOPICS.registrationCancelled, [cancelled]);
  await publish(TOPICS.registrationCheckedIn, [checkedIn]);
  await waitFor(async () => (await countFor(id)) === 4, {
    timeoutMs: 20_000,
    message: "4 entries",
  });

  const res = await activity(id);
  expect(res.status).toBe(200);
  const body = res.body as { items: Record<string, unknown>[]; next_cursor: string | null };
  expect(body.next_cursor).toBeNull();
  expect(body.items.map((item) => [item.type, item.registration_id, item.at])).toEqual([
    ["checked_in", first.registration_id, "2030-01-04T10:00:00.000Z"],
    ["registration_cancelled", second.registration_id, "2030-01-03T10:00:00.000Z"],
    ["registration_confirmed", second.registration_id, "2030-01-02T10:00:00.000Z"],
    ["registration_confirmed", first.registration_id, "2030-01-01T10:00:00.000Z"],
  ]);
  expect(body.items[3]).toMatchObject({
    event_id: first.event_id,
    event_title: "Rust Night",
    event_starts_at: confirmed.data.starts_at,
  });
});

test("redelivered registration events add nothing; other users' history is not shown", async () => {
  const { id } = await createProfile(prisma);
  const ids = newIds(id);
  const confirmed = registrationConfirmedEvent(ids);
  // Same key as the redeliveries, so it is applied after them: once it is there, they were seen.
  const sentinel = registrationConfirmedEvent({ ...ids, confirmed_at: "2031-01-01T00:00:00.000Z" });
  await publish(TOPICS.registrationConfirmed, [confirmed, confirmed, confirmed, sentinel]);
  await waitFor(
    () => prisma.activity.count({ where: { sourceEventId: sentinel.id } }).then((n) => n === 1),
    { timeoutMs: 20_000, message: "the sentinel entry" },
  );
  expect(await countFor(id)).toBe(2);
  expect(((await activity(randomUUID())).body as { items: unknown[] }).items).toEqual([]);
});

test("pages of the history neither skip nor repeat entries, even with equal times", async () => {
  const { id } = await createProfile(prisma);
  const at = "2031-06-01T12:00:00.000Z";
  const events = Array.from({ length: 7 }, (_, i) =>
    registrationConfirmedEvent({
      ...newIds(id),
      confirmed_at: i < 4 ? at : `2031-06-0${i}T00:00:00.000Z`,
    }),
  );
  await publish(TOPICS.registrationConfirmed, events);
  await waitFor(async () => (await countFor(id)) === 7, {
    timeoutMs: 20_000,
    message: "7 entries",
  });

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=3${cursor ? `&cursor=${cursor}` : ""}`;
    const page = (await activity(id, query)).body as {
      items: { registration_id: string }[];
      next_cursor: string | null;
    };
    expect(page.items.length).toBeLessThanOrEqual(3);
    seen.push(...page.items.map((item) => item.registration_id));
    cursor = page.next_cursor;
  } while (cursor);
  expect(seen).toHaveLength(7);
  expect(new Set(seen)).toEqual(new Set(events.map((e) => e.data.registration_id)));
});

test("events for a deleted user build no history", async () => {
  const { id } = await createProfile(prisma);
  const admin = await bearer(randomUUID(), ["admin"]);
  expect(
    (await request(app).delete(`/api/v1/users/${id}`).set("Authorization", admin)).status,
  ).toBe(204);
  const late = registrationCancelledEvent(newIds(id), new Date().toISOString());
  await publish(TOPICS.registrationCancelled, [late]);
  await waitFor(async () => (await processedCount(pool, consumer.groupId, late.id)) === 1, {
    timeoutMs: 20_000,
    message: "the late event",
  });
  expect(await countFor(id)).toBe(0);
});
