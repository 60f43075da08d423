// Runs examples/event-consumer for real (`node src/main.js`, as `npm start` does) against the
// stack's broker: each event id handled once, unreadable and invalid messages in its own
// dead-letter topic, another version of a handled type skipped, a clean stop on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registrationConfirmedV1 } from "@turnout/contracts";
import { repoRoot } from "@turnout/provisioning";
import {
  readTopics,
  testKafka,
  testStack,
  uniqueSuffix,
  uniqueTopic,
  waitFor,
  type TopicReader,
} from "@turnout/test-kit";

const exampleDir = join(repoRoot(), "examples/event-consumer");
let consumer: ChildProcess | undefined;
let dlqReader: TopicReader | undefined;
let schemaServer: Server | undefined;
afterEach(async () => {
  consumer?.kill("SIGKILL");
  await dlqReader?.stop();
  const server = schemaServer;
  if (server) await new Promise((resolve) => server.close(resolve));
});

/** docs/schemas over HTTP, as a gateway's /api/schemas/ serves them: the example fetches them. */
async function serveSchemas(): Promise<string> {
  const server = createServer((request, response) => {
    const name = /^\/api\/schemas\/([a-z0-9.-]+\.json)$/.exec(request.url ?? "")?.[1];
    const file = name && join(repoRoot(), "docs/schemas", name);
    if (!file || !existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "application/json" }).end(readFileSync(file));
  });
  schemaServer = server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/schemas/`;
}

/** A registration-confirmed envelope as Turnout writes it, with a fresh id. */
function confirmed(type: string = registrationConfirmedV1.type) {
  const example = registrationConfirmedV1.example;
  return { ...example, id: randomUUID(), type, data: { ...example.data, added_later: true } };
}

const record = (value: unknown, type: string) => ({
  // One key: one partition, so the example settles the messages in the order sent.
  key: "partner-test",
  value: typeof value === "string" ? value : JSON.stringify(value),
  headers: { "content-type": "application/cloudevents+json", "ce-type": type },
});

it("handles each event once, dead-letters what it cannot read, skips v9, stops on SIGTERM", async () => {
  const topic = uniqueTopic("partner-example");
  const groupId = `partner-test-${uniqueSuffix()}`;
  const storeFile = join(mkdtempSync(join(tmpdir(), "event-consumer-")), "handled.jsonl");
  dlqReader = await readTopics([`${topic}.${groupId}.dlq`], testKafka("example-dlq"));

  const first = confirmed();
  const schemaInvalid = { ...confirmed(), data: { ...first.data, user_id: "nobody" } };
  const nextVersion = confirmed("turnout.registration.confirmed.v9");
  const last = confirmed();
  const producer = testKafka("example-producer").producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      record(first, first.type),
      record(first, first.type), // redelivered: the same event id
      record("{not json", first.type),
      record(schemaInvalid, first.type),
      record(nextVersion, nextVersion.type),
      record(last, last.type),
    ],
  });
  await producer.disconnect();

  let output = "";
  consumer = spawn(process.execPath, ["src/main.js"], {
    cwd: exampleDir,
    env: {
      PATH: process.env.PATH,
      KAFKA_BROKERS: testStack().kafka.brokers.join(","),
      GROUP_ID: groupId,
      TOPICS: topic,
      STORE_FILE: storeFile,
      SCHEMAS: await serveSchemas(),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  consumer.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => consumer!.on("exit", resolve));

  const handled = () =>
    existsSync(storeFile)
      ? readFileSync(storeFile, "utf8")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { id: string; type: string; offset: string })
      : [];
  // The log line comes after the store's, and after every earlier message's lines.
  const logLines = () => output.split("\n").slice(0, -1);
  await waitFor(() => logLines().some((line) => line.includes(`"id":"${last.id}"`)), {
    timeoutMs: 20_000,
    message: "the last event handled",
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}; the example's output:\n${output}`);
  });

  expect(handled().map((entry) => [entry.id, entry.offset])).toEqual([
    [first.id, "0"],
    [last.id, "5"],
  ]);
  const logged = logLines().map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(logged).toContainEqual(
    expect.objectContaining({ msg: "duplicate skipped", id: first.id, offset: "1" }),
  );
  expect(logged).toContainEqual(
    expect.objectContaining({ msg: "skipped", type: nextVersion.type, offset: "4" }),
  );

  await dlqReader.waitForCount(2);
  const dead = dlqReader.messages.map((m) => ({
    key: m.key?.toString(),
    value: m.value?.toString(),
    offset: m.headers?.["x-dlq-original-offset"]?.toString(),
    group: m.headers?.["x-dlq-consumer-group"]?.toString(),
    topic: m.headers?.["x-dlq-original-topic"]?.toString(),
    error: m.headers?.["x-dlq-error"]?.toString(),
  }));
  expect(dead).toEqual([
    expect.objectContaining({
      key: "partner-test",
      value: "{not json",
      offset: "2",
      group: groupId,
      topic,
    }),
    expect.objectContaining({
      value: JSON.stringify(schemaInvalid),
      offset: "3",
      error: expect.stringContaining("/data/user_id") as string,
    }),
  ]);

  consumer.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(output).toContain('"msg":"stopping"');
});
