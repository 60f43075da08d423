import { randomUUID } from "node:crypto";
import winston from "winston";
import { z } from "zod";
import {
  createScratchSchema,
  quickConsumer,
  readTopics,
  testKafka,
  testStack,
  uniqueGroupId,
  uniqueTopic,
  waitFor,
  type ScratchSchema,
} from "@turnout/test-kit";
import { createEventConsumer, type EventConsumer } from "../../src/kafka/event-consumer";
import { onEvent } from "../../src/kafka/event-handler";
import { createKafka } from "../../src/kafka/kafka-client";
import { createDatabase } from "../../src/data/database";
import type { Db } from "../../src/data/statement";

const logger = winston.createLogger({ silent: true });
let db: ScratchSchema;
const consumers: EventConsumer[] = [];

beforeEach(async () => {
  db = await createScratchSchema("consumer");
  await db.pool.query(`CREATE TABLE "${db.schema}".greetings (event_id uuid, name text)`);
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  await db.drop();
});

const greeted = z.object({
  id: z.uuid(),
  type: z.literal("turnout.test.greeted.v1"),
  data: z.object({ name: z.string() }),
});
const envelope = (name: unknown, id: string = randomUUID()) => ({
  specversion: "1.0",
  id,
  source: "/test",
  type: "turnout.test.greeted.v1",
  subject: "s",
  time: new Date().toISOString(),
  datacontenttype: "application/json",
  data: { name },
});

async function startConsumer(topic: string, handle: (name: string) => void = () => undefined) {
  const consumer = createEventConsumer({
    kafka: createKafka({ brokers: testStack().kafka.brokers, clientId: "consumer-test", logger }),
    groupId: uniqueGroupId("greeter"),
    topics: [topic],
    database: createDatabase(db.pool, (tx) => tx),
    logger,
    maxAttempts: 3,
    retryBackoffMs: 20,
    consumerConfig: quickConsumer,
    handlers: [
      onEvent(
        "turnout.test.greeted.v1",
        (raw) => greeted.parse(raw),
        async (event, tx: Db) => {
          handle(event.data.name);
          await tx.query(`INSERT INTO greetings (event_id, name) VALUES ($1, $2)`, [
            event.id,
            event.data.name,
          ]);
        },
      ),
    ],
  });
  consumers.push(consumer);
  await consumer.start();
}

async function produce(topic: string, values: (string | object)[]) {
  const producer = testKafka().producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: values.map((v) => ({
      key: "s",
      value: typeof v === "string" ? v : JSON.stringify(v),
    })),
  });
  await producer.disconnect();
}

const greetings = async () =>
  (
    await db.pool.query<{ name: string }>(`SELECT name FROM "${db.schema}".greetings ORDER BY name`)
  ).rows.map((r) => r.name);

test("a redelivered event is applied once", async () => {
  const topic = uniqueTopic("redelivery");
  const once = envelope("ada");
  await produce(topic, [once, once, envelope("bob"), once]);
  await startConsumer(topic);

  await waitFor(async () => (await greetings()).length === 2, { message: "two greetings" });
  await waitFor(async () => {
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM "${db.schema}".processed_events`,
    );
    return (rows[0] as { n: number }).n === 2;
  });
  expect(await greetings()).toEqual(["ada", "bob"]);
});

test("a poison message lands in .dlq and the next message is still handled", async () => {
  const topic = uniqueTopic("poison");
  const dlq = await readTopics([`${topic}.dlq`]);
  await produce(topic, ["{not json", envelope(42), envelope("after")]);
  await startConsumer(topic);

  await waitFor(async () => (await greetings()).includes("after"), {
    message: "the message after the poison",
  });
  await dlq.waitForCount(2);
  await dlq.stop();
  expect(dlq.messages.map((m) => m.value?.toString())).toContain("{not json");
  for (const message of dlq.messages) {
    expect(message.headers?.["x-dlq-error"]?.toString()).toBeTruthy();
    expect(message.headers?.["x-dlq-original-topic"]?.toString()).toBe(topic);
    expect(message.headers?.["x-dlq-attempts"]?.toString()).toBe("0");
  }
  expect(await greetings()).toEqual(["after"]);
});

test("an event whose handler keeps failing is dead-lettered after the last attempt, and nothing of it is kept", async () => {
  const topic = uniqueTopic("failing");
  const dlq = await readTopics([`${topic}.dlq`]);
  let calls = 0;
  await produce(topic, [envelope("boom"), envelope("fine")]);
  await startConsumer(topic, (name) => {
    if (name === "boom") {
      calls++;
      throw new Error("handler exploded");
    }
  });

  await waitFor(async () => (await greetings()).includes("fine"), { message: "the next event" });
  await dlq.waitForCount(1);
  await dlq.stop();
  expect(calls).toBe(3);
  expect(dlq.messages[0]!.headers?.["x-dlq-error"]?.toString()).toBe("handler exploded");
  expect(dlq.messages[0]!.headers?.["x-dlq-attempts"]?.toString()).toBe("3");
  expect(await greetings()).toEqual(["fine"]);
});
