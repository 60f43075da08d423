import { startBroker, type DevBroker } from "@turnout/dev-stack";
import {
  readTopics,
  startServices,
  stackTokenMinter,
  testKafka,
  type RunningServices,
  type TopicReader,
} from "@turnout/test-kit";
import { inBatches } from "./problem-shape";

jest.setTimeout(120_000);

const COUNT = 500;
let broker: DevBroker | undefined;
let services: RunningServices | undefined;
let reader: TopicReader | undefined;

beforeAll(async () => {
  // A private broker: an outage of the shared one would disturb every other test file.
  broker = await startBroker();
  const env = { KAFKA_BROKERS: broker.brokers };
  services = await startServices(["auth-service", "event-service", "registration-service"], {
    env: { "registration-service": env },
  });
});
afterAll(async () => {
  await reader?.stop();
  await services?.stop();
  await broker?.stop();
});

test("the broker down for 10 s during 500 registrations: every event delivered afterwards", async () => {
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
  let outage: Promise<void> | undefined;
  await inBatches(tokens, 16, async (token) => {
    // The outage starts once 50 registrations went through, and lasts 10 s.
    if (ids.length === 50 && !outage)
      outage = (async () => {
        await broker?.setAvailable(false);
        await new Promise((r) => setTimeout(r, 10_000));
        await broker?.setAvailable(true);
      })();
    const res = await fetch(`${urls["registration-service"]}/api/v1/registrations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ event_id: eventId }),
    });
    expect(res.status).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  });
  expect(outage).toBeDefined();
  await outage;
  expect(ids).toHaveLength(COUNT);
  // Read from the beginning once the broker is back (a reader connected through the outage
  // would be testing kafkajs' own reconnects, not the services').
  reader = await readTopics(
    ["registration-confirmed"],
    testKafka("proof", broker?.brokers.split(",") ?? []),
  );

  const topic = reader;
  const delivered = () =>
    new Set(
      topic.messages.map(
        (m) =>
          (JSON.parse(m.value?.toString() ?? "{}") as { data?: { registration_id?: string } }).data
            ?.registration_id,
      ),
    );
  await topic.waitForCount(COUNT, 45_000).catch(() => undefined);
  const seen = delivered();
  expect(ids.filter((id) => !seen.has(id))).toEqual([]);
});
