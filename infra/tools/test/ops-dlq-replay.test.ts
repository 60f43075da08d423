import { Writable } from "node:stream";
import { DLQ_HEADERS, KAFKA_HEADERS } from "@turnout/contracts";
import type { Kafka } from "kafkajs";
import {
  quickConsumer,
  readTopics,
  testKafka,
  uniqueTopic,
  type TopicReader,
} from "@turnout/test-kit";
import { parseDlqReplayArgs } from "../src/ops/dlq-replay";
import {
  describeSummary,
  REPLAYED_FROM_HEADER,
  replayDeadLetters,
  replayGroupId,
  type ReplayOptions,
} from "../src/ops/replay-dead-letters";

let kafka: Kafka;
const readers: TopicReader[] = [];
beforeAll(() => {
  kafka = testKafka("dlq-replay-test");
});
afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.stop()));
});

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

const deadLetter = (topic: string, key: string, offset: number) => ({
  key,
  value: JSON.stringify({ id: `event-${key}`, type: "turnout.test.greeted.v1", data: { key } }),
  headers: {
    [KAFKA_HEADERS.contentType]: "application/cloudevents+json",
    [KAFKA_HEADERS.ceType]: "turnout.test.greeted.v1",
    [KAFKA_HEADERS.requestId]: `req-${key}`,
    [DLQ_HEADERS.error]: "handler exploded",
    [DLQ_HEADERS.attempts]: "5",
    [DLQ_HEADERS.originalTopic]: topic,
    [DLQ_HEADERS.originalPartition]: "0",
    [DLQ_HEADERS.originalOffset]: String(offset),
    [DLQ_HEADERS.consumerGroup]: "turnout-test",
  },
});

/** A topic with dead letters waiting, and a reader on the topic (which also creates it). */
async function withDeadLetters(keys: string[]) {
  const topic = uniqueTopic("replay");
  const reader = await readTopics([topic], kafka);
  readers.push(reader);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: `${topic}.dlq`,
    messages: keys.map((key, index) => deadLetter(topic, key, index)),
  });
  await producer.disconnect();
  return { topic, reader };
}

const replay = (topic: string, options: Partial<ReplayOptions> = {}) => {
  const out = capture();
  return replayDeadLetters({
    kafka,
    topic,
    out: out.stream,
    consumerConfig: quickConsumer,
    ...options,
  }).then((summary) => ({ summary, output: out.text() }));
};

async function committedOffsets(topic: string): Promise<Record<number, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({
      groupId: replayGroupId(topic),
      topics: [`${topic}.dlq`],
    });
    return Object.fromEntries(offsets!.partitions.map((p) => [p.partition, p.offset]));
  } finally {
    await admin.disconnect();
  }
}

async function highWatermarks(topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
}

const headerTexts = (headers: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));

test("replays key, value and original headers without x-dlq-*; a second replay finds nothing", async () => {
  const { topic, reader } = await withDeadLetters(["k1", "k2"]);

  const { summary, output } = await replay(topic);

  expect(summary).toMatchObject({ replayed: 2, remaining: 0, stoppedBy: "drained", dryRun: false });
  expect(output).toContain(`replayed  ${topic}.dlq`);
  expect(describeSummary(summary)).toContain(`replayed 2 message(s) from ${topic}.dlq to ${topic}`);
  await reader.waitForCount(2);
  const byKey = new Map(reader.messages.map((m) => [m.key?.toString(), m]));
  for (const key of ["k1", "k2"]) {
    const message = byKey.get(key)!;
    expect(message.value?.toString()).toBe(deadLetter(topic, key, 0).value);
    const headers = headerTexts(message.headers);
    expect(Object.keys(headers).filter((name) => name.startsWith("x-dlq-"))).toEqual([]);
    expect(headers).toMatchObject({
      [KAFKA_HEADERS.contentType]: "application/cloudevents+json",
      [KAFKA_HEADERS.ceType]: "turnout.test.greeted.v1",
      [KAFKA_HEADERS.requestId]: `req-${key}`,
    });
    expect(headers[REPLAYED_FROM_HEADER]).toMatch(new RegExp(`^${topic}\\.dlq@\\d+:\\d+$`));
  }
  // Committed up to the end of every partition that held a dead letter.
  const committed = await committedOffsets(topic);
  for (const { partition, high } of await highWatermarks(`${topic}.dlq`)) {
    expect(committed[partition]).toBe(high === "0" ? "-1" : high);
  }

  const again = await replay(topic);
  expect(again.summary).toMatchObject({ replayed: 0, remaining: 0, stoppedBy: "drained" });
  expect(describeSummary(again.summary)).toContain("nothing to replay");
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(reader.messages).toHaveLength(2);
});

test("a dry run prints what would be replayed and produces and commits nothing", async () => {
  const { topic, reader } = await withDeadLetters(["d1", "d2"]);

  const dry = await replay(topic, { dryRun: true });

  expect(dry.summary).toMatchObject({ replayed: 2, dryRun: true, stoppedBy: "drained" });
  expect(dry.output.match(/^would replay {2}/gm)).toHaveLength(2);
  expect(dry.output).toContain("key d1");
  expect(dry.output).toContain("error: handler exploded");
  expect(describeSummary(dry.summary)).toContain("nothing was produced or committed");
  expect(Object.values(await committedOffsets(topic)).every((o) => o === "-1")).toBe(true);

  // Everything is still there for the real replay.
  const real = await replay(topic);
  expect(real.summary.replayed).toBe(2);
  await reader.waitForCount(2);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(reader.messages).toHaveLength(2);
});

test("--limit stops early and the next replay resumes where it stopped", async () => {
  // One key: one dlq partition, so the order is known.
  const { topic, reader } = await withDeadLetters(["same", "same", "same"]);

  const first = await replay(topic, { limit: 1 });
  expect(first.summary).toMatchObject({ replayed: 1, remaining: 2, stoppedBy: "limit" });
  await reader.waitForCount(1);

  const rest = await replay(topic);
  expect(rest.summary).toMatchObject({ replayed: 2, remaining: 0, stoppedBy: "drained" });
  await reader.waitForCount(3);
  const origins = reader.messages.map((m) => headerTexts(m.headers)[REPLAYED_FROM_HEADER]);
  expect(origins.map((origin) => origin?.split(":")[1])).toEqual(["0", "1", "2"]);
});

test("a produce that fails stops the replay and commits nothing for that message", async () => {
  const { topic, reader } = await withDeadLetters(["f1", "f2"]);
  // The same client, except that the broker refuses every produce.
  const refusing: Kafka = Object.create(kafka) as Kafka;
  refusing.producer = (config) => {
    const producer = kafka.producer(config);
    producer.send = () => Promise.reject(new Error("broker said no"));
    return producer;
  };

  await expect(replay(topic, { kafka: refusing })).rejects.toThrow(
    new RegExp(`replay stopped at ${topic}\\.dlq@\\d+:0: broker said no`),
  );
  expect(Object.values(await committedOffsets(topic)).every((o) => o === "-1")).toBe(true);

  const retried = await replay(topic);
  expect(retried.summary).toMatchObject({ replayed: 2, stoppedBy: "drained" });
  await reader.waitForCount(2);
});

test("an unknown topic is refused before anything is read", async () => {
  await expect(replay(uniqueTopic("never-created"))).rejects.toThrow(/no such topic/);
});

test("command line", () => {
  expect(parseDlqReplayArgs(["user-registered", "--dry-run", "--limit", "10"])).toEqual({
    topic: "user-registered",
    dryRun: true,
    limit: 10,
    help: false,
  });
  expect(() => parseDlqReplayArgs(["user-registered.dlq"])).toThrow(/original topic/);
  expect(() => parseDlqReplayArgs([])).toThrow(/exactly one topic/);
});
