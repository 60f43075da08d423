import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Kafka, Partitioners, logLevel } from "kafkajs";
import type { KafkaMessage } from "kafkajs";
import { deadLetterTopic, readTopicList } from "@turnout/provisioning";
import { ensureBrokerBinary, startBroker } from "../src";
import type { DevBroker } from "../src";

const extraTopic = { name: "dev-stack-broker-test", partitions: 2 };

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function connectError(address: string): Promise<string | undefined> {
  const [host = "", port = ""] = address.split(":");
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      resolve(error.code);
    });
  });
}

describe("readTopicList", () => {
  it("reads the project's topic list", () => {
    const topics = readTopicList();
    expect(topics.length).toBeGreaterThan(0);
    expect(topics).toContainEqual({ name: "user-registered", partitions: 3 });
  });

  it("names the file when the list is invalid", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "topics-")), "topics.json");
    writeFileSync(file, JSON.stringify({ topics: [{ name: "bad name", partitions: 0 }] }));
    expect(() => readTopicList(file)).toThrow(file);
  });
});

describe("dev Kafka broker", () => {
  const listed = readTopicList();
  let broker: DevBroker;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startBroker({ brokerCount: 2, extraTopics: [extraTopic] });
    kafka = new Kafka({
      clientId: "dev-stack-test",
      brokers: broker.brokers.split(","),
      logLevel: logLevel.NOTHING,
    });
  });

  afterAll(async () => {
    await broker.stop();
  });

  it("serves every listed topic and its dead-letter topic with the listed partitions", async () => {
    expect(broker.brokers).toMatch(/^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    const expected = [...listed, extraTopic].flatMap((t) => [
      t,
      { name: deadLetterTopic(t.name), partitions: t.partitions },
    ]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const names = await admin.listTopics();
      expect(names).toEqual(expect.arrayContaining(expected.map((t) => t.name)));
      const { topics } = await admin.fetchTopicMetadata({ topics: expected.map((t) => t.name) });
      const counts = topics.map((t) => ({ name: t.name, partitions: t.partitions.length }));
      expect(counts).toEqual(expect.arrayContaining(expected));
      expect(counts).toHaveLength(expected.length);
    } finally {
      await admin.disconnect();
    }
  });

  it("delivers keyed messages with headers, in order, to a consumer group", async () => {
    const topic = listed[0]!.name;
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const consumer = kafka.consumer({
      groupId: `dev-stack-test-${String(Date.now())}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
    });
    const received: { partition: number; message: KafkaMessage }[] = [];
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: ["first", "second"].map((value) => ({
          key: "aggregate-1",
          value,
          headers: { "ce-type": "turnout.test.v1", "x-request-id": `req-${value}` },
        })),
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: ({ partition, message }) => {
              received.push({ partition, message });
              if (received.length === 2) resolve();
              return Promise.resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
    expect(received.map((r) => r.message.value?.toString())).toEqual(["first", "second"]);
    expect(received.map((r) => r.message.key?.toString())).toEqual(["aggregate-1", "aggregate-1"]);
    expect(received[0]!.partition).toBe(received[1]!.partition);
    expect(received[0]!.message.headers?.["ce-type"]?.toString()).toBe("turnout.test.v1");
    expect(received[1]!.message.headers?.["x-request-id"]?.toString()).toBe("req-second");
  }, 20_000);

  it("stop() ends the process and closes its ports", async () => {
    const other = await startBroker({ topics: [extraTopic] });
    await other.stop();
    await expect(other.exited).resolves.toEqual({ code: 0, signal: null });
    expect(isRunning(other.pid)).toBe(false);
    await expect(connectError(other.brokers)).resolves.toBe("ECONNREFUSED");
    await expect(other.stop()).resolves.toBeUndefined();
  });
});

describe("mock broker process", () => {
  it("exits by itself when its stdin closes, so it never outlives its parent", async () => {
    const child = spawn(await ensureBrokerBinary(), ["t:1"], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    expect(line.toString()).toMatch(/^127\.0\.0\.1:\d+\n$/);
    const exit = once(child, "exit");
    child.stdin.end();
    await expect(exit).resolves.toEqual([0, null]);
  });
});
