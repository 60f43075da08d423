import { quickConsumer, testKafka, uniqueGroupId, uniqueTopic } from "@turnout/test-kit";

/**
 * The development broker holds an empty fetch for the whole wait and never answers early, so the
 * services' consumers wait only 30 ms there, and an idle consumer would fetch ~33 times a second
 * for nothing. The kafkajs patch (patches/kafkajs+2.2.4.patch) adds `maxIdleWaitTimeInMs`: after
 * 20 empty fetches in a row the consumer waits that long per fetch until messages come again.
 */
async function fetchesWhileIdle(options: { maxIdleWaitTimeInMs?: number }): Promise<number> {
  const topic = uniqueTopic("idle-consumer");
  const admin = testKafka("idle-consumer-admin").admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] }).catch(() => undefined);
  await admin.disconnect();
  const consumer = testKafka("idle-consumer").consumer({
    ...quickConsumer,
    groupId: uniqueGroupId("idle-consumer"),
    maxWaitTimeInMs: 30,
    ...options,
  });
  let fetches = 0;
  consumer.on(consumer.events.FETCH, () => fetches++);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: () => Promise.resolve() });
    // Joined and past the first 20 empty fetches; then count for 2 s.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const before = fetches;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return fetches - before;
  } finally {
    await consumer.disconnect();
  }
}

test("an idle consumer slows its fetches to maxIdleWaitTimeInMs", async () => {
  // Without the option: a fetch every ~30 ms (about 60 in 2 s).
  expect(await fetchesWhileIdle({})).toBeGreaterThan(30);
  // With it: one every 500 ms.
  expect(await fetchesWhileIdle({ maxIdleWaitTimeInMs: 500 })).toBeLessThan(10);
}, 60_000);
