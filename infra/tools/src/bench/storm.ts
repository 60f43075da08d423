import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import pg from "pg";
import { createBenchEvent, type Mint } from "./bench-tokens";
import { totalCpu, withCpu, type Classify } from "./cpu";
import { interleave, percentile } from "./rounds";
import { interleavedRow, type BenchRow } from "./report";
import { statementCounter, type StatementRow } from "./statements";

export const STORM = { attendees: 2000, seats: 500, connections: 32, rounds: 3 } as const;
const WARM_UP_ATTENDEES = 200;

export interface StormOutcome {
  row: BenchRow;
  /** CPU seconds each process group spent over the gateway rounds. */
  cpu: Record<string, number>;
  /** SQL statements of the last gateway round. */
  statements: StatementRow[];
}

/** `attendees` register for one event through the gateway, 32 in flight (autocannon). */
async function gatewayStorm(
  gatewayUrl: string,
  tokens: string[],
  eventId: string,
  attendees: number,
) {
  const counts: Record<string, number> = {};
  let next = 0;
  const result = await autocannon({
    url: `${gatewayUrl}/api/v1/registrations`,
    connections: STORM.connections,
    pipelining: 1,
    amount: attendees,
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

/** The ceiling: the ledger's own statement (`reserve_seats`, one seat of the default type) through `pg`. */
async function sqlStorm(adminUrl: string, eventId: string, attendees: number) {
  // The ledger's functions name its tables unqualified, as the event service's role sees them.
  const pool = new pg.Pool({
    connectionString: adminUrl,
    max: STORM.connections,
    options: "-c search_path=events",
  });
  const latencies: number[] = [];
  let reserved = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < attendees) {
      next++;
      const t0 = performance.now();
      const { rows } = await pool.query<{ outcome: string }>(
        `SELECT outcome FROM events.reserve_seats($1::uuid, gen_random_uuid(), NULL, 1, NULL)`,
        [eventId],
      );
      if (rows[0]?.outcome === "reserved") reserved++;
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

/** The run stops unless every round ends with exactly 500 / 1,500 / seats_taken 500. */
async function checkOutcome(gatewayUrl: string, eventId: string, counts: Record<string, number>) {
  const after = await fetch(`${gatewayUrl}/api/v1/events/${eventId}/availability`);
  const seatsTaken = ((await after.json()) as { seats_taken: number }).seats_taken;
  const { confirmed = 0, waitlisted = 0, ...other } = counts;
  const problems: string[] = [];
  if (confirmed !== STORM.seats) problems.push(`${confirmed} confirmed`);
  if (waitlisted !== STORM.attendees - STORM.seats) problems.push(`${waitlisted} waitlisted`);
  if (seatsTaken !== STORM.seats) problems.push(`seats_taken ${seatsTaken}`);
  if (Object.keys(other).length > 0) problems.push(`other replies ${JSON.stringify(other)}`);
  if (problems.length > 0) throw new Error(`registration storm broke: ${problems.join(", ")}`);
}

/**
 * 2,000 attendees, one 500-seat event, through the gateway, against the ledger's reservation in
 * raw SQL: interleaved rounds (ceiling, gateway, ceiling, gateway, …), each on fresh events,
 * after an unmeasured warm-up of both.
 */
export async function stormScenario(
  gatewayUrl: string,
  adminUrl: string,
  mint: Mint,
  classify: Classify,
): Promise<StormOutcome> {
  const organizer = await mint(["attendee", "organizer"]);
  const tokens = await Promise.all(
    Array.from({ length: STORM.attendees }, () => mint(["attendee"])),
  );
  const event = () => createBenchEvent(gatewayUrl, organizer, STORM.seats);

  await sqlStorm(adminUrl, (await event()).id, WARM_UP_ATTENDEES);
  await gatewayStorm(gatewayUrl, tokens, (await event()).id, WARM_UP_ATTENDEES);

  const cpu: Record<string, number> = {};
  let statements: StatementRow[] = [];
  const runs = await interleave(
    STORM.rounds,
    async () => {
      const id = (await event()).id;
      const { result, cpu: used } = await withCpu(classify, () =>
        sqlStorm(adminUrl, id, STORM.attendees),
      );
      if (result.reserved !== STORM.seats)
        throw new Error(`raw SQL reserved ${result.reserved} of ${STORM.seats} seats`);
      return { ...result, failures: 0, cpuMsPerOp: (totalCpu(used) * 1000) / STORM.attendees };
    },
    async (round) => {
      const id = (await event()).id;
      const last = round === STORM.rounds - 1;
      const seen = last ? await statementCounter(adminUrl) : undefined;
      const { result: storm, cpu: used } = await withCpu(classify, () =>
        gatewayStorm(gatewayUrl, tokens, id, STORM.attendees),
      );
      if (seen) statements = await seen.stop();
      for (const [group, s] of Object.entries(used)) cpu[group] = (cpu[group] ?? 0) + s;
      await checkOutcome(gatewayUrl, id, storm.counts);
      return {
        perSecond: STORM.attendees / storm.result.duration,
        p50Ms: storm.result.latency.p50,
        p99Ms: storm.result.latency.p99,
        failures: storm.result.non2xx + storm.result.errors,
        cpuMsPerOp: (totalCpu(used) * 1000) / STORM.attendees,
      };
    },
  );
  const row = interleavedRow(
    {
      scenario: `Registration storm (POST /api/v1/registrations via gateway, ${STORM.attendees} attendees, ${STORM.seats} seats)`,
      unit: "reg/s",
      goal: "≥ 35%, p99 ≤ 150 ms, ≤ 5 CPU ms/reg",
      concurrency: STORM.connections,
      durationS: 0,
      note:
        `every round ended with ${STORM.seats} confirmed, ${STORM.attendees - STORM.seats} waitlisted ` +
        `and seats_taken ${STORM.seats} (checked; the run stops otherwise). A registration is JWT ` +
        "verification, an idempotent registration row, an HTTP call to the event ledger (service " +
        "token) and an outbox row, then the consumers' work; the ceiling is only the ledger's " +
        "own statement (`reserve_seats`), through `pg`, on a fresh 500-seat event per round.",
    },
    "raw SQL reserve_seats (pg)",
    runs,
  );
  row.durationS = Math.round((STORM.attendees / row.measured.perSecond) * 10) / 10;
  for (const group of Object.keys(cpu)) cpu[group] = (cpu[group] ?? 0) / STORM.rounds;
  return { row, cpu, statements };
}
