import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import pg from "pg";
import { createBenchEvent, type Mint } from "./bench-tokens";
import { cpuMeter } from "./cpu";
import type { BenchRow } from "./report";
import { statementCounter, type StatementRow } from "./statements";

export const STORM = { attendees: 2000, seats: 500, connections: 32 } as const;

export interface StormOutcome {
  row: BenchRow;
  confirmed: number;
  waitlisted: number;
  other: Record<string, number>;
  seatsTaken: number;
  /** CPU seconds each process group spent during the gateway storm. */
  cpu: Record<string, number>;
  /** The most frequent SQL statements during the gateway storm. */
  statements: StatementRow[];
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** 2,000 attendees register for one 500-seat event through the gateway, 32 in flight (autocannon). */
async function gatewayStorm(gatewayUrl: string, tokens: string[], eventId: string) {
  const counts: Record<string, number> = {};
  let next = 0;
  const result = await autocannon({
    url: `${gatewayUrl}/api/v1/registrations`,
    connections: STORM.connections,
    pipelining: 1,
    amount: STORM.attendees,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => ({
          ...request,
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${tokens[next++ % tokens.length] ?? ""}`,
          },
          body: JSON.stringify({ event_id: eventId }),
        }),
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

/** The ceiling: the ledger's reservation (insert, conditional UPDATE) straight through `pg`. */
async function sqlStorm(adminUrl: string, eventId: string) {
  const pool = new pg.Pool({ connectionString: adminUrl, max: STORM.connections });
  const latencies: number[] = [];
  let reserved = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < STORM.attendees) {
      next++;
      const t0 = performance.now();
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(
          `INSERT INTO events.seat_reservations (registration_id, event_id, status)
           VALUES (gen_random_uuid(), $1::uuid, 'held') ON CONFLICT (registration_id) DO NOTHING`,
          [eventId],
        );
        const taken = await client.query(
          `UPDATE events.events SET seats_taken = seats_taken + 1
           WHERE id = $1::uuid AND status = 'published' AND starts_at > now()
             AND seats_taken < capacity RETURNING id`,
          [eventId],
        );
        await client.query(taken.rowCount === 1 ? "COMMIT" : "ROLLBACK");
        if (taken.rowCount === 1) reserved++;
      } finally {
        client.release();
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: STORM.connections }, worker));
  const elapsedS = (performance.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsedS,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    reserved,
  };
}

export async function stormScenario(
  gatewayUrl: string,
  adminUrl: string,
  mint: Mint,
  cpuGroups: Record<string, () => number[]>,
): Promise<StormOutcome> {
  const organizer = await mint(["attendee", "organizer"]);
  const ceilingEvent = await createBenchEvent(gatewayUrl, organizer, STORM.seats);
  const ceiling = await sqlStorm(adminUrl, ceilingEvent.id);
  if (ceiling.reserved !== STORM.seats)
    throw new Error(`raw SQL reserved ${ceiling.reserved} of ${STORM.seats} seats`);

  const event = await createBenchEvent(gatewayUrl, organizer, STORM.seats);
  const tokens = await Promise.all(
    Array.from({ length: STORM.attendees }, () => mint(["attendee"])),
  );
  const statementsSeen = await statementCounter(adminUrl);
  const meter = cpuMeter(cpuGroups);
  const { result, counts } = await gatewayStorm(gatewayUrl, tokens, event.id);
  const cpu = meter.stop();
  const statements = await statementsSeen.stop();
  const after = await fetch(`${gatewayUrl}/api/v1/events/${event.id}/availability`);
  const seatsTaken = ((await after.json()) as { seats_taken: number }).seats_taken;
  const { confirmed = 0, waitlisted = 0, ...other } = counts;
  const failures = result.non2xx + result.errors + Object.values(other).reduce((a, b) => a + b, 0);
  const durationS = result.duration;
  return {
    confirmed,
    waitlisted,
    other,
    seatsTaken,
    cpu,
    statements,
    row: {
      scenario: `Registration storm (POST /api/v1/registrations via gateway, ${STORM.attendees} attendees, ${STORM.seats} seats)`,
      unit: "reg/s",
      measured: {
        perSecond: STORM.attendees / durationS,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        failures,
      },
      ceiling: { name: "raw SQL seat reservation (pg)", ...ceiling },
      concurrency: STORM.connections,
      durationS: Math.round(durationS * 10) / 10,
      note:
        `${confirmed} confirmed, ${waitlisted} waitlisted, seats_taken ${seatsTaken} ` +
        `(asserted 500 / 1,500 / 500, zero oversold). A registration is JWT verification, ` +
        "an idempotent registration row, an HTTP call to the event ledger (service token) and an " +
        "outbox row; the ceiling is only the ledger's two statements in one transaction.",
    },
  };
}
