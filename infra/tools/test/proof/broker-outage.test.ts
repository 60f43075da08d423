import { Pool } from "pg";
import { startBroker, type DevBroker } from "@turnout/dev-stack";
import {
  readTopics,
  startServices,
  stackTokenMinter,
  testKafka,
  waitFor,
  type RunningServices,
  type TopicReader,
} from "@turnout/test-kit";
import { startPrivateDatabase, type PrivateDatabase } from "./private-database";
import { inBatches } from "./problem-shape";

jest.setTimeout(120_000);

const SERVICE = "registration-service";
const COUNT = 500;
const OUTAGE_MS = 10_000;
/**
 * How long after the broker is back every event must be on it. The relay's worst case is a send
 * stuck on the dead broker until its 15 s timeout, then the rows' backoff (5 s at most) and a 1 s
 * poll; the reader's group join takes ≈ 3 s; the rest is room for a loaded machine.
 */
const DELIVERY_MS = 40_000;

let database: PrivateDatabase | undefined;
let pool: Pool | undefined;
let broker: DevBroker | undefined;
let services: RunningServices | undefined;
let reader: TopicReader | undefined;

const outboxRows = async (): Promise<number> =>
  (await pool!.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${database!.schema}".outbox`))
    .rows[0]!.n;

/**
 * The registration service gets a PostgreSQL of its own, not the run's shared schema: the
 * outbox relays of other test files' registration services (on the shared broker) would claim
 * this test's rows and publish them where its reader never looks, and this service's relay
 * would publish theirs to the private broker. Events "lost" on a full run were on the shared
 * broker: run beside registrations.test.ts on the shared schema, 476 of 500 went there.
 */
beforeAll(async () => {
  database = await startPrivateDatabase(SERVICE);
  const databaseUrl = database.url;
  pool = new Pool({ connectionString: databaseUrl, max: 1 });
  // A private broker too: an outage of the shared one would disturb every other test file.
  broker = await startBroker();
  services = await startServices(["auth-service", "event-service", SERVICE], {
    env: { [SERVICE]: { KAFKA_BROKERS: broker.brokers, DATABASE_URL: databaseUrl } },
  });
});
afterAll(async () => {
  await reader?.stop();
  await services?.stop();
  await broker?.stop();
  await pool?.end();
  await database?.remove();
});

/** A 10 s outage; says how many registrations were confirmed and events held while it lasted. */
async function outage(confirmed: () => number): Promise<{ registered: number; held: number }> {
  await broker!.setAvailable(false);
  const before = confirmed();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  const held = await outboxRows();
  const registered = confirmed() - before;
  await broker!.setAvailable(true);
  return { registered, held };
}

test("the broker down for 10 s during 500 registrations: every event delivered afterwards, the outbox empty", async () => {
  const urls = services?.urls ?? {};
  const minter = await stackTokenMinter();
  const organizer = await minter.mint({ roles: ["attendee", "organizer"], expiresInSeconds: 900 });
  const startsAt = Date.now() + 7 * 24 * 3600 * 1000;
  const created = await fetch(`${urls["event-service"]}/api/v1/events`, {
    method: "POST",
    headers: { Authorization: `Bearer ${organizer}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: "Broker outage",
      description: "proof",
      starts_at: new Date(startsAt).toISOString(),
      ends_at: new Date(startsAt + 3600_000).toISOString(),
      timezone: "UTC",
      location: "Proof Hall",
      capacity: COUNT,
    }),
  });
  expect(created.status).toBe(201);
  const { id: eventId } = (await created.json()) as { id: string };
  const tokens = await Promise.all(
    Array.from({ length: COUNT }, () => minter.mint({ expiresInSeconds: 900 })),
  );

  const ids: string[] = [];
  let down: ReturnType<typeof outage> | undefined;
  await inBatches(tokens, 16, async (token) => {
    // The outage starts once 50 registrations went through; registrations go on meanwhile.
    if (ids.length >= 50 && !down) down = outage(() => ids.length);
    const res = await fetch(`${urls[SERVICE]}/api/v1/registrations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ event_id: eventId }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; status: string };
    expect(body.status).toBe("confirmed");
    ids.push(body.id);
  });
  expect(down).toBeDefined();
  const { registered, held } = (await down)!;
  expect(ids).toHaveLength(COUNT);
  // The fault was real: registrations went on while the broker was away, and their events waited.
  expect(registered).toBeGreaterThan(0);
  expect(held).toBeGreaterThan(0);

  // Read from the beginning once the broker is back (a reader connected through the outage
  // would be testing kafkajs' own reconnects, not the services').
  reader = await readTopics(
    ["registration-confirmed"],
    testKafka("proof", broker!.brokers.split(",")),
  );
  const topic = reader;
  // Delivery is at least once (a send the relay timed out may still land, and so may its retry),
  // so a registration may have two messages: wait for every id, not for a message count.
  const delivered = () =>
    new Set(
      topic.messages.map(
        (m) =>
          (JSON.parse(m.value?.toString() ?? "{}") as { data?: { registration_id?: string } }).data
            ?.registration_id,
      ),
    );
  const missing = () => {
    const seen = delivered();
    return ids.filter((id) => !seen.has(id));
  };
  await waitFor(() => missing().length === 0, {
    timeoutMs: DELIVERY_MS,
    message: "every registration-confirmed event",
  }).catch(() => undefined);
  expect(missing()).toEqual([]);
  // Published rows leave the outbox in the commit after their send.
  await waitFor(async () => (await outboxRows()) === 0, {
    timeoutMs: 5_000,
    message: "an empty outbox",
  }).catch(() => undefined);
  expect(await outboxRows()).toBe(0);
});
