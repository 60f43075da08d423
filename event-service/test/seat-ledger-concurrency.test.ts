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
  (await testApp.db.event.findUniqueOrThrow({ where: { id } })).seatsTaken;
const heldRows = (eventId: string) =>
  testApp.db.seatReservation.count({ where: { eventId, status: "held" } });

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
