// An example consumer of Turnout's event topics: reads TOPICS as GROUP_ID, checks each message
// against Turnout's JSON Schemas, handles each event id once, dead-letters what it cannot read,
// and commits an offset only once its message is settled. See ../README.md.
import { fileURLToPath } from "node:url";
import kafkajs from "kafkajs";
import { classify, loadValidators } from "./envelopes.js";
import { openHandledStore } from "./handled-store.js";
import { handlers } from "./handlers.js";

const { Kafka, logLevel, Partitioners } = kafkajs;

const log = (level, msg, fields = {}) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`,
  );

function setting(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === "") {
    log("error", `${name} is required`);
    process.exit(2);
  }
  return value;
}

const list = (text) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
const config = {
  brokers: list(setting("KAFKA_BROKERS")),
  groupId: setting("GROUP_ID"),
  topics: list(setting("TOPICS")),
  // A folder or a Turnout gateway's https://<host>/api/schemas/.
  schemas: setting("SCHEMAS", fileURLToPath(new URL("../../../docs/schemas/", import.meta.url))),
  storeFile: setting("STORE_FILE", "handled-events.jsonl"),
  fromBeginning: setting("FROM_BEGINNING", "true") === "true",
  maxAttempts: Number(setting("MAX_ATTEMPTS", "3")),
};
// Never one of Turnout's own groups (a service's name): sharing a group splits the messages.
if (!/^partner-[a-z0-9][a-z0-9-]*$/.test(config.groupId)) {
  log("error", "GROUP_ID must be partner-<your-team>, e.g. partner-crm");
  process.exit(2);
}
if (!Number.isInteger(config.maxAttempts) || config.maxAttempts < 1) {
  log("error", "MAX_ATTEMPTS must be a whole number of at least 1");
  process.exit(2);
}

/** Our own dead-letter topic: Turnout's `<topic>.dlq` is for Turnout's services. */
const dlqTopic = (topic) => `${topic}.${config.groupId}.dlq`;

const validators = await loadValidators(config.schemas, Object.keys(handlers));
const store = openHandledStore(config.storeFile);
const kafka = new Kafka({
  clientId: config.groupId,
  brokers: config.brokers,
  logLevel: logLevel.WARN,
});
const consumer = kafka.consumer({ groupId: config.groupId });
// The DLQ keeps the original key; the default (murmur2) partitioner places it as Java clients do.
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });

/** Turnout's dead-letter headers (docs/contracts.md), so the same tools read ours. */
async function deadLetter(topic, partition, message, error, attempts) {
  await producer.send({
    topic: dlqTopic(topic),
    messages: [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          "x-dlq-error": error.slice(0, 1000),
          "x-dlq-attempts": String(attempts),
          "x-dlq-original-topic": topic,
          "x-dlq-original-partition": String(partition),
          "x-dlq-original-offset": message.offset,
          "x-dlq-consumer-group": config.groupId,
        },
      },
    ],
  });
  log("warn", "dead-lettered", { topic, partition, offset: message.offset, error });
}

async function handle(topic, partition, message) {
  const at = { topic, partition, offset: message.offset };
  const verdict = classify(message, validators);
  if (verdict.action === "skip") {
    return log(verdict.warn ? "warn" : "debug", "skipped", {
      ...at,
      type: verdict.type,
      reason: verdict.reason,
    });
  }
  if (verdict.action === "dead") return deadLetter(topic, partition, message, verdict.error, 1);
  const { event } = verdict;
  if (store.has(event.id)) return log("info", "duplicate skipped", { ...at, id: event.id });
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await handlers[event.type](event);
      store.record({ id: event.id, type: event.type, subject: event.subject, ...at, result });
      return log("info", "handled", { ...at, id: event.id, type: event.type });
    } catch (error) {
      if (attempt >= config.maxAttempts) {
        return deadLetter(topic, partition, message, String(error?.message ?? error), attempt);
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  }
}

await producer.connect();
await consumer.connect();
await consumer.subscribe({ topics: config.topics, fromBeginning: config.fromBeginning });
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    await handle(topic, partition, message);
    // Only now: a crash before this line redelivers the message, and the store skips it.
    await consumer.commitOffsets([
      { topic, partition, offset: String(BigInt(message.offset) + 1n) },
    ]);
  },
});
log("info", "consuming", { group: config.groupId, topics: config.topics });

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  log("info", "stopping", { signal });
  // Waits for the message in hand, then leaves the group so its partitions move on at once.
  await consumer.disconnect();
  await producer.disconnect();
  store.close();
  process.exit(0);
}
process.once("SIGTERM", stop).once("SIGINT", stop);
consumer.on(consumer.events.CRASH, ({ payload }) => {
  if (payload.restart) return;
  log("error", "consumer stopped", { error: payload.error?.message });
  process.exit(1);
});
