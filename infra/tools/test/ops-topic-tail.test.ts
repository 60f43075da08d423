import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { DLQ_HEADERS, KAFKA_HEADERS } from "@turnout/contracts";
import type { Kafka } from "kafkajs";
import { quickConsumer, testKafka, uniqueTopic } from "@turnout/test-kit";
import { MASK } from "../src/ops/mask-secrets";
import type { MessageView } from "../src/ops/message-view";
import { tailTopic } from "../src/ops/tail-topic";
import { parseTopicTailArgs } from "../src/ops/topic-tail";

let kafka: Kafka;
beforeAll(() => {
  kafka = testKafka("topic-tail-test");
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

const envelope = (type: string, data: Record<string, unknown>) => ({
  specversion: "1.0",
  id: randomUUID(),
  source: "/turnout/test",
  type,
  time: new Date().toISOString(),
  subject: "agg-1",
  datacontenttype: "application/json",
  data,
});

async function produce(
  topic: string,
  messages: { value: string; headers?: Record<string, string> }[],
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  // One key: one partition, so the order below is the order printed.
  await producer.send({ topic, messages: messages.map((m) => ({ key: "agg-1", ...m })) });
  await producer.disconnect();
}

const headersOf = (type: string, requestId: string) => ({
  [KAFKA_HEADERS.contentType]: "application/cloudevents+json",
  [KAFKA_HEADERS.ceType]: type,
  [KAFKA_HEADERS.requestId]: requestId,
});

test("prints time, partition/offset, key, ce-type, request id, x-dlq-* headers and data", async () => {
  const topic = uniqueTopic("tail");
  const first = envelope("turnout.test.greeted.v1", { name: "ada", nested: { n: 1 } });
  await produce(topic, [
    { value: JSON.stringify(first), headers: headersOf(first.type, "req-1") },
    {
      value: JSON.stringify(envelope("turnout.test.greeted.v1", { name: "bob" })),
      headers: {
        ...headersOf("turnout.test.greeted.v1", "req-2"),
        [DLQ_HEADERS.error]: "handler exploded",
        [DLQ_HEADERS.attempts]: "5",
        [DLQ_HEADERS.consumerGroup]: "turnout-user-service",
      },
    },
    { value: "{not json" },
  ]);
  const out = capture();

  const result = await tailTopic({
    kafka,
    topic,
    out: out.stream,
    fromBeginning: true,
    limit: 3,
    consumerConfig: quickConsumer,
  });

  expect(result).toMatchObject({ printed: 3, stoppedBy: "limit" });
  const blocks = out.text().trimEnd().split("\n\n");
  expect(blocks).toHaveLength(3);
  const [ada, bob, broken] = blocks as [string, string, string];
  expect(ada).toMatch(
    new RegExp(
      `^\\d{4}-\\d\\d-\\d\\dT\\S+Z  ${topic.replace(/\./g, "\\.")}  partition \\d  offset 0  key agg-1\n`,
    ),
  );
  expect(ada).toContain("ce-type       turnout.test.greeted.v1");
  expect(ada).toContain("x-request-id  req-1");
  expect(ada).toContain(`event id      ${first.id}`);
  expect(ada).toContain(
    '  data:\n    {\n      "name": "ada",\n      "nested": {\n        "n": 1\n      }\n    }',
  );
  expect(ada).not.toContain("x-dlq");
  expect(bob).toContain("offset 1");
  expect(bob).toContain("x-dlq-error           handler exploded");
  expect(bob).toContain("x-dlq-attempts        5");
  expect(bob).toContain("x-dlq-consumer-group  turnout-user-service");
  expect(broken).toContain("offset 2");
  expect(broken).toContain("value (not a CloudEvents envelope):\n    {not json");
});

test("--json prints one JSON object per line", async () => {
  const topic = uniqueTopic("tail-json");
  const event = envelope("turnout.test.greeted.v1", { name: "cy" });
  await produce(topic, [
    { value: JSON.stringify(event), headers: headersOf(event.type, "req-j") },
    { value: JSON.stringify(envelope("turnout.test.greeted.v1", { name: "di" })) },
  ]);
  const out = capture();

  await tailTopic({
    kafka,
    topic,
    out: out.stream,
    fromBeginning: true,
    limit: 2,
    json: true,
    consumerConfig: quickConsumer,
  });

  const lines = out.text().trimEnd().split("\n");
  expect(lines).toHaveLength(2);
  const views = lines.map((line) => JSON.parse(line) as MessageView);
  expect(views[0]).toMatchObject({
    topic,
    offset: "0",
    key: "agg-1",
    ceType: event.type,
    requestId: "req-j",
    eventId: event.id,
    dlq: {},
    data: { name: "cy" },
    masked: false,
  });
  expect(Date.parse(views[0]!.time)).not.toBeNaN();
  expect(views[1]).toMatchObject({ offset: "1", data: { name: "di" } });
  expect(views[1]).not.toHaveProperty("requestId");
});

test("internal events have token-like fields masked; JWTs are masked everywhere", async () => {
  const topic = uniqueTopic("tail-internal");
  const jwt = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl";
  await produce(topic, [
    {
      value: JSON.stringify(
        envelope("turnout.test.verification-requested.v1", {
          user_id: "u-1",
          email: "ada@example.test",
          verification_token: "s3cr3t-token-value",
          link: "https://turnout.example/verify?token=s3cr3t-token-value&lang=en",
          nested: { reset_code: "123456" },
        }),
      ),
    },
    { value: JSON.stringify(envelope("turnout.test.greeted.v1", { note: `bearer ${jwt}` })) },
  ]);
  const out = capture();

  await tailTopic({
    kafka,
    topic,
    out: out.stream,
    fromBeginning: true,
    limit: 2,
    json: true,
    consumerConfig: quickConsumer,
    // The contracts declare no internal event yet; this stands in for `internal: true`.
    isInternal: (_topic, type) => type === "turnout.test.verification-requested.v1",
  });

  const text = out.text();
  expect(text).not.toContain("s3cr3t");
  expect(text).not.toContain("123456");
  expect(text).not.toContain(jwt);
  const [internal, plain] = text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as MessageView);
  expect(internal).toMatchObject({
    masked: true,
    data: {
      user_id: "u-1",
      email: "ada@example.test",
      verification_token: MASK,
      link: `https://turnout.example/verify?token=${MASK}&lang=en`,
      nested: { reset_code: MASK },
    },
  });
  expect(plain).toMatchObject({ masked: false, data: { note: `bearer ${MASK}` } });
});

test("the tail's own group commits nothing", async () => {
  const topic = uniqueTopic("tail-offsets");
  await produce(topic, [{ value: JSON.stringify(envelope("turnout.test.greeted.v1", {})) }]);
  const { groupId } = await tailTopic({
    kafka,
    topic,
    out: capture().stream,
    fromBeginning: true,
    limit: 1,
    consumerConfig: quickConsumer,
  });

  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets!.partitions.every((p) => p.offset === "-1")).toBe(true);
  } finally {
    await admin.disconnect();
  }
});

test("Ctrl-C (the abort signal) stops a tail that is waiting", async () => {
  const topic = uniqueTopic("tail-abort");
  await produce(topic, [{ value: JSON.stringify(envelope("turnout.test.greeted.v1", {})) }]);
  const controller = new AbortController();
  setTimeout(() => {
    controller.abort();
  }, 500);
  const result = await tailTopic({
    kafka,
    topic,
    out: capture().stream,
    signal: controller.signal,
    consumerConfig: quickConsumer,
  });
  expect(result.stoppedBy).toBe("interrupted");
});

test("command line", () => {
  expect(parseTopicTailArgs(["orders", "--from-beginning", "--limit", "5", "--json"])).toEqual({
    topic: "orders",
    fromBeginning: true,
    limit: 5,
    json: true,
    help: false,
  });
  expect(() => parseTopicTailArgs([])).toThrow(/exactly one topic/);
  expect(() => parseTopicTailArgs(["t", "--limit", "0"])).toThrow(/positive integer/);
});
