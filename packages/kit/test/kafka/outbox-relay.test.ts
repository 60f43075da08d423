import { randomUUID } from "node:crypto";
import winston from "winston";
import {
  createScratchSchema,
  readTopics,
  testKafka,
  testStack,
  uniqueTopic,
  waitFor,
  type ScratchSchema,
} from "@turnout/test-kit";
import { startBroker } from "@turnout/dev-stack";
import { runWithContext } from "../../src/context";
import { createKafka, createProducer } from "../../src/kafka/kafka-client";
import { enqueueEvent } from "../../src/kafka/outbox";
import {
  createOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
} from "../../src/kafka/outbox-relay";
import { inTransaction } from "../../src/data/database";

const logger = winston.createLogger({ silent: true });
let db: ScratchSchema;
const relays: OutboxRelay[] = [];

beforeEach(async () => {
  db = await createScratchSchema("relay");
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  await db.drop();
});

function startRelay(
  brokers = testStack().kafka.brokers,
  timing: Partial<Pick<OutboxRelayOptions, "maxBackoffMs" | "sendTimeoutMs">> = {
    maxBackoffMs: 500,
  },
): Promise<OutboxRelay> {
  const kafka = createKafka({ brokers, clientId: "relay-test", logger });
  const relay = createOutboxRelay({
    pool: db.pool,
    producer: createProducer(kafka),
    logger,
    batchSize: 25,
    pollIntervalMs: 200,
    ...timing,
  });
  relays.push(relay);
  return relay.start().then(() => relay);
}

const event = (subject: string, n: number) => ({
  specversion: "1.0",
  id: randomUUID(),
  source: "/test",
  type: "turnout.test.happened.v1",
  subject,
  time: new Date().toISOString(),
  datacontenttype: "application/json",
  data: { n },
});

const outboxEmptied = () =>
  waitFor(async () => {
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${db.schema}".outbox`,
    );
    return rows[0]!.n === 0;
  });

test("two relays sharing the outbox publish every row once, each key in order", async () => {
  const topic = uniqueTopic("order");
  const reader = await readTopics([topic]);
  const keys = ["a", "b", "c", "d", "e"];
  await Promise.all([startRelay(), startRelay()]);

  for (let n = 0; n < 200; n += 10) {
    await inTransaction(db.pool, async (tx) => {
      for (let i = n; i < n + 10; i++) await enqueueEvent(tx, topic, event(keys[i % 5]!, i));
    });
  }

  await reader.waitForCount(200);
  await reader.stop();
  const seen = reader.messages.map(
    (m) => JSON.parse(m.value!.toString()) as ReturnType<typeof event>,
  );
  expect(new Set(seen.map((e) => e.id)).size).toBe(200);
  for (const key of keys) {
    const ns = seen.filter((e) => e.subject === key).map((e) => e.data.n);
    expect(ns).toEqual([...ns].sort((x, y) => x - y));
  }
  const left = await db.pool.query(`SELECT count(*)::int AS n FROM "${db.schema}".outbox`);
  expect(left.rows[0]).toEqual({ n: 0 });
});

test("the message carries the request id and traceparent of the request that wrote it", async () => {
  const topic = uniqueTopic("trace");
  const reader = await readTopics([topic]);
  await startRelay();
  const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  await runWithContext({ requestId: "req-trace-1", traceparent }, () =>
    inTransaction(db.pool, (tx) => enqueueEvent(tx, topic, event("k", 1))),
  );

  await reader.waitForCount(1);
  await reader.stop();
  const headers = reader.messages[0]!.headers!;
  expect(headers["x-request-id"]?.toString()).toBe("req-trace-1");
  expect(headers.traceparent?.toString()).toBe(traceparent);
  expect(headers["ce-type"]?.toString()).toBe("turnout.test.happened.v1");
  expect(reader.messages[0]!.key?.toString()).toBe("k");
});

test("a rolled-back transaction publishes nothing", async () => {
  const topic = uniqueTopic("rollback");
  await startRelay();
  await expect(
    inTransaction(db.pool, async (tx) => {
      await enqueueEvent(tx, topic, event("k", 1));
      throw new Error("state change failed");
    }),
  ).rejects.toThrow("state change failed");
  const offsets = await waitFor(async () => {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      return await admin.fetchTopicOffsets(topic);
    } finally {
      await admin.disconnect();
    }
  });
  expect(offsets.every((p) => p.high === "0")).toBe(true);
});

test("rows written while the broker was down are all delivered, in key order, once it is back", async () => {
  const topic = uniqueTopic("outage");
  const broker = await startBroker({ extraTopics: [{ name: topic, partitions: 3 }] });
  try {
    const brokers = broker.brokers.split(",");
    await startRelay(brokers);
    await broker.setAvailable(false);

    for (let n = 0; n < 60; n++) {
      await inTransaction(db.pool, (tx) => enqueueEvent(tx, topic, event(`k${n % 4}`, n)));
    }
    // The relay keeps trying and failing while the broker is away; nothing may be lost.
    await waitFor(
      async () => {
        const { rows } = await db.pool.query<{ failed: number; total: number }>(
          `SELECT count(*) FILTER (WHERE attempts > 0)::int AS failed, count(*)::int AS total FROM "${db.schema}".outbox`,
        );
        return rows[0]!.failed > 0 && rows[0]!.total === 60;
      },
      { timeoutMs: 20_000, message: "failed publish attempts with every row kept" },
    );

    await broker.setAvailable(true);
    const reader = await readTopics([topic], testKafka("outage-reader", brokers));
    await reader.waitForCount(60, 40_000);
    await reader.stop();
    const seen = reader.messages.map(
      (m) => JSON.parse(m.value!.toString()) as ReturnType<typeof event>,
    );
    expect(new Set(seen.map((e) => e.data.n)).size).toBe(60);
    for (const key of ["k0", "k1", "k2", "k3"]) {
      const ns = seen.filter((e) => e.subject === key).map((e) => e.data.n);
      expect(ns).toEqual([...ns].sort((x, y) => x - y));
    }
    await outboxEmptied();
  } finally {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await broker.stop();
  }
}, 90_000);

test("after a long outage, rows wait at most the default backoff cap (5 s) once the broker is back", async () => {
  const topic = uniqueTopic("capped");
  const broker = await startBroker({ extraTopics: [{ name: topic, partitions: 1 }] });
  try {
    const brokers = broker.brokers.split(",");
    // The default backoff cap; a short send timeout only makes the failure quick to observe.
    await startRelay(brokers, { sendTimeoutMs: 2000 });
    await broker.setAvailable(false);
    await inTransaction(db.pool, (tx) => enqueueEvent(tx, topic, event("k", 1)));
    // A row that has already failed through a long outage: uncapped, its next delay would be
    // 250 ms × 2^10, over four minutes.
    await db.pool.query(`UPDATE "${db.schema}".outbox SET attempts = 20`);
    const waitMs = await waitFor(
      async () => {
        const { rows } = await db.pool.query<{ attempts: number; wait_ms: number }>(
          `SELECT attempts, (extract(epoch FROM available_at - now()) * 1000)::float8 AS wait_ms
           FROM "${db.schema}".outbox`,
        );
        return rows[0] && rows[0].attempts > 20 ? rows[0].wait_ms : undefined;
      },
      { timeoutMs: 20_000, message: "a failed publish attempt while the broker is down" },
    );
    expect(waitMs).toBeLessThanOrEqual(5000);

    await broker.setAvailable(true);
    const reader = await readTopics([topic], testKafka("capped-reader", brokers));
    // Reader join (≈ 3 s) + at most 5 s of backoff + a poll, with room for a loaded machine.
    await reader.waitForCount(1, 15_000);
    await reader.stop();
    await outboxEmptied();
  } finally {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await broker.stop();
  }
}, 60_000);
