// Issue 19's "done when": a storm of party bookings across ticket types whose quotas add up past
// the event's capacity never oversells a type or the event, leaves on the waitlist exactly what
// did not fit, and promotes by the documented rule ("the earliest entry that fits") as seats and
// whole bookings are cancelled. Real processes: auth, event and two registration replicas.
import { randomUUID } from "node:crypto";
import { startServices, stackTokenMinter, waitFor, type RunningServices } from "@turnout/test-kit";
import {
  bookingProblems,
  expectedPromotions,
  waitlistOf,
  type Booking,
  type Ledger,
} from "../../src/bench/booking-verdict";

jest.setTimeout(420_000);

const BOOKINGS = 2000;
const CAPACITY = 1000;
const QUOTAS = [500, 400, 300];
const IN_FLIGHT = 48;

let platform: RunningServices | undefined;
let replica: RunningServices | undefined;
let mint: (roles: string[], sub?: string) => Promise<string>;

beforeAll(async () => {
  platform = await startServices(["auth-service", "event-service", "registration-service"]);
  replica = await startServices(["registration-service"], { peers: platform.urls });
  const minter = await stackTokenMinter();
  mint = (roles, sub = randomUUID()) => minter.mint({ sub, roles, expiresInSeconds: 1800 });
});
afterAll(async () => {
  await replica?.stop();
  await platform?.stop();
});

const url = (service: string) => platform?.urls[service] ?? "";

async function call(token: string, method: string, path: string, body?: unknown) {
  const base = path.startsWith("/api/v1/events")
    ? url("event-service")
    : url("registration-service");
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

/** The ledger's counts, as the organizer reads the event. */
async function ledgerOf(organizer: string, eventId: string): Promise<Ledger> {
  const { body } = await call(organizer, "GET", `/api/v1/events/${eventId}`);
  return body as unknown as Ledger;
}

/** Every booking of the event, from the organizer's attendee list. */
async function bookingsOf(organizer: string, eventId: string): Promise<Booking[]> {
  const all: Booking[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const { status, body } = await call(
      organizer,
      "GET",
      `/api/v1/registrations/events/${eventId}?limit=100${query}`,
    );
    expect(status).toBe(200);
    all.push(...(body.items as Booking[]));
    cursor = body.next_cursor as string | null;
  } while (cursor);
  return all;
}

/** A deterministic spread of party sizes 1–4 and types. */
const sizeOf = (i: number) => ((i * 7919) % 4) + 1;

test(`${BOOKINGS} party bookings across three types (quotas ${QUOTAS.join("+")} past capacity ${CAPACITY}): never oversold, the waitlist holds what did not fit, cancels promote the earliest entry that fits`, async () => {
  const organizer = await mint(["attendee", "organizer"]);
  const startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const created = await call(organizer, "POST", "/api/v1/events", {
    title: "Booking storm",
    description: "Made by the booking storm proof test.",
    starts_at: startsAt.toISOString(),
    ends_at: new Date(startsAt.getTime() + 3600_000).toISOString(),
    timezone: "Europe/Berlin",
    location: "Storm Hall",
    capacity: CAPACITY,
    ticket_types: QUOTAS.map((quota, i) => ({ name: `Type ${i + 1}`, quota })),
  });
  expect(created.status === 201 ? 201 : created.body).toBe(201);
  const eventId = created.body.id as string;
  const types = (created.body.ticket_types as { id: string }[]).map((t) => t.id);
  expect(types).toHaveLength(3);

  // The storm: IN_FLIGHT at a time, alternating between the two replicas.
  const owners = new Map<string, string>();
  const statuses: Record<string, number> = {};
  const bases = [url("registration-service"), replica?.urls["registration-service"] ?? ""];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < BOOKINGS; i = next++) {
      const token = await mint(["attendee"]);
      const res = await fetch(`${bases[i % 2]}/api/v1/registrations`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          event_id: eventId,
          ticket_type_id: types[i % 3],
          quantity: sizeOf(i),
        }),
      });
      const body = (await res.json()) as { id: string; status: string; seats?: unknown[] };
      const key = res.status === 201 ? body.status : `http ${res.status}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (res.status === 201) {
        owners.set(body.id, token);
        expect(body.seats).toHaveLength(sizeOf(i));
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  expect(Object.keys(statuses).sort()).toEqual(["confirmed", "waitlisted"]);

  let ledger = await ledgerOf(organizer, eventId);
  let bookings = await bookingsOf(organizer, eventId);
  expect(bookings).toHaveLength(BOOKINGS);
  expect(bookingProblems(ledger, bookings)).toEqual([]);
  // Quotas add up past the capacity: the event, not every type, is what ran out.
  expect(ledger.seats_taken).toBeGreaterThan(CAPACITY - 4);
  const waitingSeats = waitlistOf(bookings).reduce((sum, b) => sum + b.quantity, 0);
  const asked = Array.from({ length: BOOKINGS }, (_, i) => sizeOf(i)).reduce((a, b) => a + b, 0);
  expect(ledger.seats_taken + waitingSeats).toBe(asked);

  // Cancels, one at a time: a whole booking, then one seat of a party, and so on. After each,
  // exactly the bookings the rule names are promoted, and the state is right again.
  const allowed = ["confirmed", "waitlisted", "cancelled"];
  for (let round = 0; round < 6; round++) {
    const wholeBooking = round % 2 === 0;
    const victim = bookings.find(
      (b) =>
        b.status === "confirmed" &&
        (wholeBooking || b.quantity >= 2) &&
        b.ticket_type_id === types[round % 3],
    );
    if (!victim) throw new Error(`no confirmed booking to cancel in round ${round}`);
    const freed = wholeBooking ? victim.quantity : 1;
    const after: Ledger = {
      ...ledger,
      seats_taken: ledger.seats_taken - freed,
      ticket_types: ledger.ticket_types.map((t) =>
        t.id === victim.ticket_type_id ? { ...t, seats_taken: t.seats_taken - freed } : t,
      ),
    };
    const expected = expectedPromotions(after, waitlistOf(bookings)).sort();
    const token = owners.get(victim.id) ?? "";
    if (wholeBooking) {
      expect((await call(token, "DELETE", `/api/v1/registrations/${victim.id}`)).status).toBe(200);
    } else {
      const mine = await call(token, "GET", `/api/v1/registrations/${victim.id}`);
      // The first seat still active (an earlier round may have cancelled one of this booking).
      const seat = (mine.body.seats as { id: string; status: string }[]).find(
        (s) => s.status !== "cancelled",
      )?.id;
      const cancel = await call(
        token,
        "DELETE",
        `/api/v1/registrations/${victim.id}/seats/${seat}`,
      );
      expect(cancel.status).toBe(200);
    }

    const before = new Set(bookings.filter((b) => b.status === "confirmed").map((b) => b.id));
    // A promotion that should not happen has a moment to happen before the state is judged.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    let promoted: string[] = [];
    await waitFor(
      async () => {
        ledger = await ledgerOf(organizer, eventId);
        bookings = await bookingsOf(organizer, eventId);
        promoted = bookings
          .filter((b) => b.status === "confirmed" && !before.has(b.id))
          .map((b) => b.id)
          .sort();
        return (
          promoted.length === expected.length &&
          bookingProblems(ledger, bookings, allowed).length === 0
        );
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    ).catch(() => undefined);
    expect({ round, problems: bookingProblems(ledger, bookings, allowed), promoted }).toEqual({
      round,
      problems: [],
      promoted: expected,
    });
  }
});
