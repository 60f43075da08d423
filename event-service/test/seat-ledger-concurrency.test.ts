import { randomUUID } from "node:crypto";
import { createEvent, organizer } from "./helpers/factories";
import { typeCounts as countsOfTypes } from "./helpers/seat-counts";
import { ledgerTestApp } from "./helpers/suite";

const testApp = ledgerTestApp({ listen: true });
const { ledger } = testApp;

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

const typeCounts = (eventId: string) => countsOfTypes(testApp.pool, eventId);

test("concurrent parties of 1–4 for the last seats never pass a type's quota nor the capacity", async () => {
  // Quotas add up past the capacity (12 + 10 + 8 > 20): both limits bind.
  const event = await createEvent(testApp.app, await organizer(), {
    capacity: 20,
    ticket_types: [
      { name: "A", quota: 12 },
      { name: "B", quota: 10 },
      { name: "C", quota: 8 },
    ],
  });
  const types = event.ticket_types.map((type) => type.id);
  const asked = Array.from({ length: 150 }, (_, i) => ({
    type: types[i % 3]!,
    quantity: (i % 4) + 1,
  }));
  const replies = await Promise.all(
    asked.map(({ type, quantity }) =>
      ledger.reserve(event.id, randomUUID(), { ticket_type_id: type, quantity }),
    ),
  );
  for (const res of replies) expect([201, 409]).toContain(res.status);
  const held = asked.filter((_, i) => replies[i]!.status === 201);
  const taken = held.reduce((sum, { quantity }) => sum + quantity, 0);
  expect(taken).toBeLessThanOrEqual(20);
  expect(await seatsTaken(event.id)).toBe(taken);
  const { rows } = await typeCounts(event.id);
  for (const row of rows) {
    expect(row.seats_taken).toBeLessThanOrEqual(row.quota);
    // Every seat counted is held by a hold, and every held seat is counted.
    expect(row.seats_taken).toBe(row.held);
    const mine = held.filter(({ type }) => type === row.id);
    expect(row.seats_taken).toBe(mine.reduce((sum, { quantity }) => sum + quantity, 0));
  }
});

test("concurrent per-seat and whole releases of the same holds free each seat once", async () => {
  const event = await createEvent(testApp.app, await organizer(), { capacity: 40 });
  const holds = Array.from({ length: 10 }, () => randomUUID());
  await Promise.all(holds.map((id) => ledger.reserve(event.id, id, { quantity: 4 })));
  expect(await seatsTaken(event.id)).toBe(40);
  const seat = () => randomUUID();
  await Promise.all(
    holds.flatMap((id) => {
      const [s1, s2] = [seat(), seat()];
      return [
        ledger.releaseSeat(event.id, id, s1),
        ledger.releaseSeat(event.id, id, s1),
        ledger.releaseSeat(event.id, id, s2),
        ledger.releaseSeat(event.id, id, s2),
      ];
    }),
  );
  expect(await seatsTaken(event.id)).toBe(20);
  await Promise.all(
    holds.flatMap((id) => [
      ledger.release(event.id, id),
      ledger.releaseSeat(event.id, id, seat()),
      ledger.release(event.id, id),
    ]),
  );
  expect(await seatsTaken(event.id)).toBe(0);
  const { rows } = await typeCounts(event.id);
  expect(rows).toEqual([expect.objectContaining({ seats_taken: 0, held: 0 })]);
  expect(await heldRows(event.id)).toBe(0);
});
