import type { Producer } from "kafkajs";
import {
  registrationConfirmedEvent,
  serviceDatabase,
  startServices,
  testKafka,
  waitFor,
  type RunningServices,
} from "@turnout/test-kit";

jest.setTimeout(180_000);

const COUNT = 300;
const running: RunningServices[] = [];
let producer: Producer | undefined;
const db = serviceDatabase("notification-service");

afterAll(async () => {
  for (const s of running) await s.stop();
  await producer?.disconnect();
  await db.pool.end();
});

test("the notification consumer SIGKILLed mid-batch: every notification stored once", async () => {
  const first = await startServices(["notification-service"]);
  running.push(first);
  const userId = crypto.randomUUID();
  const events = Array.from({ length: COUNT }, () =>
    registrationConfirmedEvent({ user_id: userId }),
  );
  producer = testKafka("proof-consumer-kill").producer();
  await producer.connect();
  await producer.send({
    topic: "registration-confirmed",
    messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
  });

  const stored = async () => {
    const { rows } = await db.pool.query<{ total: string; distinct_events: string }>(
      `SELECT count(*) AS total, count(DISTINCT source_event_id) AS distinct_events
       FROM notifications WHERE user_id = $1`,
      [userId],
    );
    return { total: Number(rows[0]?.total), distinct: Number(rows[0]?.distinct_events) };
  };
  // Killed once the batch is under way, before it is done.
  await waitFor(async () => (await stored()).total > 0, {
    timeoutMs: 30_000,
    intervalMs: 10,
    message: "the first notifications",
  });
  await first.processes["notification-service"]?.kill();
  const atKill = await stored();
  expect(atKill.total).toBeLessThan(COUNT);

  running.push(await startServices(["notification-service"]));
  await waitFor(async () => (await stored()).distinct === COUNT, {
    // The group is shared with other test files' notification processes, which join and leave
    // it while this runs; each rebalance pauses the group.
    timeoutMs: 90_000,
    message: `${COUNT} notifications`,
  });
  // Redelivered messages after the crash were not stored twice.
  expect(await stored()).toEqual({ total: COUNT, distinct: COUNT });
});
