import { randomUUID } from "node:crypto";
import request from "supertest";
import {
  createScratchSchema,
  quickConsumer,
  testStack,
  uniqueGroupId,
  uniqueTopic,
  waitFor,
} from "@turnout/test-kit";
import type { ScratchSchema } from "@turnout/test-kit";
import { createEventConsumer, type EventConsumer } from "../../src/kafka/event-consumer";
import { onEvent } from "../../src/kafka/event-handler";
import { createKafka, createProducer } from "../../src/kafka/kafka-client";
import { enqueueEvent } from "../../src/kafka/outbox";
import { createOutboxRelay, type OutboxRelay } from "../../src/kafka/outbox-relay";
import { createDatabase, inTransaction } from "../../src/data/database";
import { buildApp, captureLogger } from "../helpers";

let db: ScratchSchema;
let relay: OutboxRelay;
let consumer: EventConsumer;

afterEach(async () => {
  await consumer.stop();
  await relay.stop();
  await db.drop();
});

test("the consumer's log line carries the request id of the HTTP request that caused the event", async () => {
  db = await createScratchSchema("trace");
  const topic = uniqueTopic("trace");
  const brokers = testStack().kafka.brokers;
  const producerSide = captureLogger("producer-service");
  const consumerSide = captureLogger("consumer-service");

  // Producer service: an HTTP route that changes state and enqueues the event in one transaction.
  const { app } = buildApp(
    (express) => {
      express.post("/things", async (_req, res) => {
        const id = randomUUID();
        await inTransaction(db.pool, (tx) =>
          enqueueEvent(tx, topic, {
            specversion: "1.0",
            id: randomUUID(),
            source: "/producer-service",
            type: "turnout.thing.created.v1",
            subject: id,
            time: new Date().toISOString(),
            datacontenttype: "application/json",
            data: { thing_id: id },
          }),
        );
        res.status(201).json({ id });
      });
    },
    {},
    producerSide,
  );
  const kafka = createKafka({ brokers, clientId: "trace-test", logger: producerSide.logger });
  relay = createOutboxRelay({
    pool: db.pool,
    producer: createProducer(kafka),
    logger: producerSide.logger,
  });
  await relay.start();

  // Consumer service: logs while handling, with nothing but the message to go on.
  consumer = createEventConsumer({
    kafka: createKafka({ brokers, clientId: "trace-consumer", logger: consumerSide.logger }),
    groupId: uniqueGroupId("trace"),
    topics: [topic],
    database: createDatabase(db.pool, (tx) => tx),
    logger: consumerSide.logger,
    consumerConfig: quickConsumer,
    handlers: [
      onEvent(
        "turnout.thing.created.v1",
        (raw) => raw,
        () => {
          consumerSide.logger.info("thing handled");
          return Promise.resolve();
        },
      ),
    ],
  });
  await consumer.start();

  const requestId = `req-${randomUUID()}`;
  const reply = await request(app).post("/things").set("X-Request-Id", requestId).send({});
  expect(reply.status).toBe(201);

  const line = await waitFor(() => consumerSide.lines.find((l) => l.message === "thing handled"), {
    timeoutMs: 20_000,
    message: "the consumer's log line",
  });
  expect(line.request_id).toBe(requestId);
  expect(line.service).toBe("consumer-service");
});
