import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { createEvent, organizer } from "./helpers/factories";
import { ledgerClient, type LedgerClient } from "./helpers/ledger";
import { createTestApp } from "./helpers/test-app";

const testApp = createTestApp();
let server: Server;
let ledger: LedgerClient;

beforeAll(async () => {
  // One listening server for every request: supertest would otherwise open one per request.
  server = testApp.app.listen(0);
  ledger = await ledgerClient(server);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await testApp.close();
});

const seatsTaken = async (id: string) =>
  (
    await testApp.pool.query<{ seats_taken: number }>(
      "SELECT seats_taken FROM events WHERE id = $1",
      [id],
    )
  ).rows[0]!.seats_taken;
const countRows = async (sql: string, values: unknown[]) =>
  Number((await testApp.pool.query<{ count: string }>(sql, values)).rows[0]!.count);
const heldRows = (eventId: string) =>
  countRows("SELECT count(*) FROM seat_reservations WHERE event_id = $1 AND status = 'held'", [
    eventId,
  ]);

test("300 concurrent reservations for 50 seats: exactly 50 × 201 and 250 × 409 event_full", async () => {
  const event = await createEvent(testApp.app, await organizer(), { capacity: 50 });
  const replies = await Promise.all(
    Array.from({ length: 300 }, () => ledger.reserve(event.id, randomUUID())),
  );
  const statuses = replies.map((res) => res.status);
  expect(statuses.filter((status) => status === 201)).toHaveLength(50);
  expect(statuses.filter((status) => status === 409)).toHaveLength(250);
  for (const res of replies.filter((reply) => reply.status === 409))
    expect(res.body).toMatchObject({ code: "event_full" });
  expect(await seatsTaken(event.id)).toBe(50);
  expect(await heldRows(event.id)).toBe(50);
  // Every seat count a caller saw is distinct: no two reservations took the same seat.
  const counts = replies.filter((r) => r.status === 201).map((r) => r.body.seats_taken as number);
  expect(new Set(counts).size).toBe(50);
});

test("registration ids sent several times at once are counted once each", async () => {
  const event = await createEvent(testApp.app, await organizer(), { capacity: 30 });
  const ids = Array.from({ length: 20 }, () => randomUUID());
  const replies = await Promise.all(
    ids.flatMap((id) => Array.from({ length: 5 }, () => ledger.reserve(event.id, id))),
  );
  for (const id of ids) {
    const mine = replies.filter((res) => res.body.registration_id === id);
    expect(mine.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 201]);
  }
  expect(await seatsTaken(event.id)).toBe(20);
  expect(await heldRows(event.id)).toBe(20);
});

test("concurrent reserves and releases of the same ids keep the count exact", async () => {
  const event = await createEvent(testApp.app, await organizer(), { capacity: 10 });
  const ids = Array.from({ length: 10 }, () => randomUUID());
  await Promise.all(ids.map((id) => ledger.reserve(event.id, id)));
  const replies = await Promise.all(
    ids.flatMap((id) => [
      ledger.release(event.id, id),
      ledger.release(event.id, id),
      ledger.reserve(event.id, id),
    ]),
  );
  for (const res of replies) expect([200, 409]).toContain(res.status);
  expect(await seatsTaken(event.id)).toBe(0);
  expect(await heldRows(event.id)).toBe(0);
  // The freed seats go to new registrations, and no further.
  const refill = await Promise.all(
    Array.from({ length: 15 }, () => ledger.reserve(event.id, randomUUID())),
  );
  expect(refill.filter((res) => res.status === 201)).toHaveLength(10);
  expect(await seatsTaken(event.id)).toBe(10);
});

test("an id refused several times at once leaves no row, and can take a seat freed later", async () => {
  const event = await createEvent(testApp.app, await organizer(), { capacity: 1 });
  const first = randomUUID();
  await ledger.reserve(event.id, first).expect(201);
  // The refused inserts of one id wait for each other; each undoes its row before it commits.
  const id = randomUUID();
  const replies = await Promise.all(Array.from({ length: 8 }, () => ledger.reserve(event.id, id)));
  expect(replies.map((res) => res.status)).toEqual(Array.from({ length: 8 }, () => 409));
  for (const res of replies) expect(res.body).toMatchObject({ code: "event_full" });
  expect(
    await countRows("SELECT count(*) FROM seat_reservations WHERE registration_id = $1", [id]),
  ).toBe(0);
  await ledger.release(event.id, first).expect(200);
  await ledger.reserve(event.id, id).expect(201);
  expect(await seatsTaken(event.id)).toBe(1);
});
