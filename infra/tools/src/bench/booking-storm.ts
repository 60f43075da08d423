import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import pg from "pg";
import type { Mint } from "./bench-tokens";
import { bookingProblems, type Booking, type Ledger } from "./booking-verdict";
import { totalCpu, withCpu, type Classify } from "./cpu";
import { interleave, percentile } from "./rounds";
import { interleavedRow, type BenchRow } from "./report";

/** 2,000 bookings of 1–4 seats over three types whose quotas add up past the capacity. */
export const BOOKING_STORM = {
  bookings: 2000,
  capacity: 1000,
  quotas: [500, 400, 300],
  connections: 32,
  rounds: 3,
} as const;
const WARM_UP = 200;

/** A deterministic spread of party sizes 1–4 (mean 2.5). */
const sizeOf = (i: number) => ((i * 7919) % 4) + 1;

interface BenchEvent {
  id: string;
  types: string[];
}

async function json(res: Response): Promise<Record<string, unknown>> {
  if (res.status >= 300) throw new Error(`${res.url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function createTypedEvent(gatewayUrl: string, organizer: string): Promise<BenchEvent> {
  const startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const body = await json(
    await fetch(`${gatewayUrl}/api/v1/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${organizer}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        title: `Bench bookings ${randomUUID().slice(0, 8)}`,
        description: "Made by npm run bench.",
        starts_at: startsAt.toISOString(),
        ends_at: new Date(startsAt.getTime() + 2 * 3600 * 1000).toISOString(),
        timezone: "Europe/Berlin",
        location: "Bench Hall",
        capacity: BOOKING_STORM.capacity,
        ticket_types: BOOKING_STORM.quotas.map((quota, i) => ({ name: `Type ${i + 1}`, quota })),
      }),
    }),
  );
  return { id: body.id as string, types: (body.ticket_types as { id: string }[]).map((t) => t.id) };
}

/** Bookings through the gateway, 32 in flight (autocannon); counts the replies by status. */
async function gatewayBookings(gatewayUrl: string, tokens: string[], event: BenchEvent, n: number) {
  const counts: Record<string, number> = {};
  let next = 0;
  const result = await autocannon({
    url: `${gatewayUrl}/api/v1/registrations`,
    connections: BOOKING_STORM.connections,
    pipelining: 1,
    amount: n,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const i = next++;
          return {
            ...request,
            headers: {
              "content-type": "application/json",
              authorization: `Bearer ${tokens[i % tokens.length] ?? ""}`,
            },
            body: JSON.stringify({
              event_id: event.id,
              ticket_type_id: event.types[i % event.types.length],
              quantity: sizeOf(i),
            }),
          };
        },
        onResponse: (status, body) => {
          let key = `http ${status}`;
          if (status === 201) key = (JSON.parse(body) as { status: string }).status;
          counts[key] = (counts[key] ?? 0) + 1;
        },
      },
    ],
  });
  return { result, counts };
}

/** The ceiling: the ledger's own statement (`reserve_seats`) per booking, straight through `pg`. */
async function sqlBookings(adminUrl: string, event: BenchEvent, n: number) {
  // The ledger's functions name its tables unqualified, as the event service's role sees them.
  const pool = new pg.Pool({
    connectionString: adminUrl,
    max: BOOKING_STORM.connections,
    options: "-c search_path=events",
  });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      await pool.query(
        `SELECT outcome FROM events.reserve_seats($1::uuid, gen_random_uuid(), $2::uuid,
           $3::integer, NULL)`,
        [event.id, event.types[i % event.types.length], sizeOf(i)],
      );
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: BOOKING_STORM.connections }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: n / elapsedS,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/** The run stops unless the round left a right state (booking-verdict.ts), read via the gateway. */
async function checkRound(
  gatewayUrl: string,
  organizer: string,
  event: BenchEvent,
  counts: Record<string, number>,
) {
  const auth = { headers: { Authorization: `Bearer ${organizer}` } };
  const ledger = (await json(
    await fetch(`${gatewayUrl}/api/v1/events/${event.id}`, auth),
  )) as unknown as Ledger;
  const bookings: Booking[] = [];
  let cursor: string | null = null;
  do {
    const page: Record<string, unknown> = await json(
      await fetch(
        `${gatewayUrl}/api/v1/registrations/events/${event.id}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        auth,
      ),
    );
    bookings.push(...(page.items as Booking[]));
    cursor = page.next_cursor as string | null;
  } while (cursor);
  const { confirmed = 0, waitlisted = 0, ...other } = counts;
  const problems = bookingProblems(ledger, bookings);
  if (confirmed + waitlisted !== BOOKING_STORM.bookings)
    problems.push(`replies ${JSON.stringify(counts)}`);
  if (Object.keys(other).length > 0) problems.push(`other replies ${JSON.stringify(other)}`);
  if (problems.length > 0) throw new Error(`booking storm broke: ${problems.join("; ")}`);
  return { seatsTaken: ledger.seats_taken, confirmed, waitlisted };
}

/**
 * 2,000 party bookings through the gateway against the ledger's own statement in raw SQL:
 * interleaved rounds, each on a fresh event, after an unmeasured warm-up of both.
 */
export async function bookingStormScenario(
  gatewayUrl: string,
  adminUrl: string,
  mint: Mint,
  classify: Classify,
): Promise<BenchRow> {
  const organizer = await mint(["attendee", "organizer"]);
  const tokens = await Promise.all(
    Array.from({ length: BOOKING_STORM.bookings }, () => mint(["attendee"])),
  );
  await sqlBookings(adminUrl, await createTypedEvent(gatewayUrl, organizer), WARM_UP);
  await gatewayBookings(gatewayUrl, tokens, await createTypedEvent(gatewayUrl, organizer), WARM_UP);

  const outcomes: string[] = [];
  const runs = await interleave(
    BOOKING_STORM.rounds,
    async () => {
      const event = await createTypedEvent(gatewayUrl, organizer);
      const { result, cpu } = await withCpu(classify, () =>
        sqlBookings(adminUrl, event, BOOKING_STORM.bookings),
      );
      return {
        ...result,
        failures: 0,
        cpuMsPerOp: (totalCpu(cpu) * 1000) / BOOKING_STORM.bookings,
      };
    },
    async () => {
      const event = await createTypedEvent(gatewayUrl, organizer);
      const { result: storm, cpu } = await withCpu(classify, () =>
        gatewayBookings(gatewayUrl, tokens, event, BOOKING_STORM.bookings),
      );
      const seen = await checkRound(gatewayUrl, organizer, event, storm.counts);
      outcomes.push(
        `${seen.confirmed} confirmed / ${seen.waitlisted} waitlisted / ${seen.seatsTaken} seats`,
      );
      return {
        perSecond: BOOKING_STORM.bookings / storm.result.duration,
        p50Ms: storm.result.latency.p50,
        p99Ms: storm.result.latency.p99,
        failures: storm.result.non2xx + storm.result.errors,
        cpuMsPerOp: (totalCpu(cpu) * 1000) / BOOKING_STORM.bookings,
      };
    },
  );
  const row = interleavedRow(
    {
      scenario: `Booking storm (POST /api/v1/registrations via gateway, ${BOOKING_STORM.bookings} bookings of 1–4 seats, 3 types with quotas ${BOOKING_STORM.quotas.join("+")}, capacity ${BOOKING_STORM.capacity})`,
      unit: "bookings/s",
      concurrency: BOOKING_STORM.connections,
      durationS: 0,
      note:
        `every round checked from outside (no type or event oversold, the ledger's counts equal ` +
        `the confirmed seats, nothing waiting would fit): ${outcomes.join("; ")}. The ceiling is ` +
        "the ledger's own `reserve_seats` statement per booking through `pg`, on a fresh event.",
    },
    "raw SQL reserve_seats (pg)",
    runs,
  );
  row.durationS = Math.round((BOOKING_STORM.bookings / row.measured.perSecond) * 10) / 10;
  return row;
}
