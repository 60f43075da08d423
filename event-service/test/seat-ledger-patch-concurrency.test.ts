import { randomUUID } from "node:crypto";
import request from "supertest";
import { bearer, patchEvent } from "./helpers/api";
import { createEvent, organizer, type Actor, type EventBody } from "./helpers/factories";
import { eventSeats, typeCounts } from "./helpers/seat-counts";
import { ledgerTestApp } from "./helpers/suite";

const testApp = ledgerTestApp({ listen: true });
const { ledger } = testApp;

const read = async (id: string, owner: Actor) =>
  (await request(testApp.target()).get(`/api/v1/events/${id}`).set(bearer(owner.token)))
    .body as EventBody;
const patch = (id: string, owner: Actor, body: object) =>
  patchEvent(testApp.target())(id, owner.token, body);

/** An event of `owner` with these types (name: quota), in this order. */
const eventWithTypes = (owner: Actor, capacity: number, quotas: Record<string, number>) =>
  createEvent(testApp.app, owner, {
    capacity,
    ticket_types: Object.entries(quotas).map(([name, quota]) => ({ name, quota })),
  });

/** A PATCH of the type list: new quotas for A, B, C; the spare type D removed or added again. */
async function patchTypes(id: string, owner: Actor, round: number) {
  const types = (await read(id, owner)).ticket_types;
  const kept = types
    .filter((type) => type.name !== "D" || round % 2 === 1)
    .map(({ id: typeId, name, quota }) => ({
      id: typeId,
      name,
      // Up and down around what is taken: below it is 409 `quota_below_taken`.
      quota: name === "D" ? quota : Math.max(1, quota + ((round * 7) % 9) - 4),
    }));
  const withD = kept.some((type) => type.name === "D") ? kept : [...kept, { name: "D", quota: 6 }];
  return patch(id, owner, { ticket_types: round % 2 === 1 ? kept : withD });
}

test("PATCHes of quotas, capacity and the type list while parties reserve: no deadlock, counts exact", async () => {
  const owner = await organizer();
  const event = await eventWithTypes(owner, 24, { A: 10, B: 8, C: 8, D: 6 });
  const typeIds = async () => (await read(event.id, owner)).ticket_types.map((type) => type.id);
  const reserves = async (round: number) => {
    // Every fifth party asks for D, whichever D exists now (or was just removed).
    const ids = await typeIds();
    return Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        ledger.reserve(event.id, randomUUID(), {
          ticket_type_id: ids[i % 5 === 4 ? ids.length - 1 : i % 3]!,
          quantity: ((i + round) % 3) + 1,
        }),
      ),
    );
  };
  const releases = (held: string[]) =>
    Promise.all(held.map((registrationId) => ledger.release(event.id, registrationId)));
  const typePatches = async () => {
    const replies = [];
    for (let round = 0; round < 12; round++) replies.push(await patchTypes(event.id, owner, round));
    return replies;
  };
  const capacityPatches = async () => {
    const replies = [];
    for (let round = 0; round < 12; round++)
      replies.push(await patch(event.id, owner, { capacity: 16 + ((round * 5) % 14) }));
    return replies;
  };

  const rounds = async () => {
    const replies = [];
    for (let round = 0; round < 5; round++) {
      const batch = await reserves(round);
      replies.push(...batch);
      // Free some seats, so quotas and capacity can move both ways.
      const held = batch
        .filter((res) => res.status === 201)
        .map((res) => (res.body as { registration_id: string }).registration_id);
      replies.push(...(await releases(held.filter((_, i) => i % 2 === 0))));
    }
    return replies;
  };
  const [ledgerReplies, typeReplies, capacityReplies] = await Promise.all([
    rounds(),
    typePatches(),
    capacityPatches(),
  ]);

  const problems = (replies: request.Response[]) =>
    replies.filter((res) => res.status >= 300).map((res) => `${res.status} ${res.body.code}`);
  for (const problem of problems(ledgerReplies))
    expect(["409 event_full", "422 ticket_type_not_found"]).toContain(problem);
  for (const problem of problems([...typeReplies, ...capacityReplies]))
    expect([
      "409 quota_below_taken",
      "409 ticket_type_in_use",
      "422 capacity_below_seats_taken",
      "422 ticket_type_not_found",
    ]).toContain(problem);
  // The race happened: each side got through at least once.
  expect(ledgerReplies.some((res) => res.status === 201)).toBe(true);
  expect(typeReplies.some((res) => res.status === 200)).toBe(true);
  expect(capacityReplies.some((res) => res.status === 200)).toBe(true);

  const { rows } = await typeCounts(testApp.pool, event.id);
  for (const row of rows) {
    expect(row.seats_taken).toBe(row.held);
    expect(row.seats_taken).toBeLessThanOrEqual(row.quota);
  }
  const seats = await eventSeats(testApp.pool, event.id);
  expect(seats.seats_taken).toBe(seats.held);
  expect(seats.held).toBe(rows.reduce((sum, row) => sum + row.held, 0));
  expect(seats.seats_taken).toBeLessThanOrEqual(seats.capacity);
});

/** Resolves once some statement waits for another transaction's lock. */
async function someoneWaits() {
  for (let tries = 0; tries < 200; tries++) {
    const { rows } = await testApp.pool.query<{ waiting: string }>(
      "SELECT count(*) AS waiting FROM pg_locks WHERE NOT granted",
    );
    if (Number(rows[0]!.waiting) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("no statement waited");
}

test("a type removed while a reserve of it waits: the reserve is refused (or holds and the PATCH is refused), never a 500", async () => {
  const owner = await organizer();
  const event = await eventWithTypes(owner, 10, { A: 5, D: 5 });
  const [a, d] = event.ticket_types;
  const registrationId = randomUUID();
  // Another transaction holds this registration id's row uncommitted: the reserve has read the
  // type and waits at its insert, while the PATCH removes the type.
  const blocker = await testApp.pool.connect();
  try {
    await blocker.query("BEGIN");
    await blocker.query(
      `INSERT INTO seat_reservations (registration_id, event_id, status, released_at, quantity, seats)
       VALUES ($1, $2, 'released', now(), 0, 0)`,
      [registrationId, event.id],
    );
    const reserving = ledger.reserve(event.id, registrationId, { ticket_type_id: d!.id }).then();
    await someoneWaits();
    const patching = patch(event.id, owner, {
      ticket_types: [{ id: a!.id, name: "A", quota: 5 }],
    }).then();
    // The PATCH either commits the removal now or waits for the reserve (which locked the type).
    await Promise.race([patching, new Promise((resolve) => setTimeout(resolve, 300))]);
    await blocker.query("ROLLBACK");
    const [reserved, patched] = await Promise.all([reserving, patching]);
    const outcome = [reserved, patched].map((res) => `${res.status} ${res.body.code ?? ""}`);
    expect([
      ["422 ticket_type_not_found", "200 "],
      ["201 ", "409 ticket_type_in_use"],
    ]).toContainEqual(outcome);
  } finally {
    blocker.release();
  }
  const seats = await eventSeats(testApp.pool, event.id);
  expect(seats.seats_taken).toBe(seats.held);
});
