// compose's kafka-init job: every topic of infra/kafka/topics.json and its dead-letter topic,
// with the listed partition count, on the real Kafka (the development broker creates its own).
import { deadLetterTopic, readTopicList, type TopicSpec } from "@turnout/provisioning";
import { Kafka, logLevel } from "kafkajs";
import { EnvReader } from "./job-env";
import { retryUntil, runJob } from "./run-job";

/** Each listed topic followed by its `<topic>.dlq`, with the same partition count. */
export function topicPlan(topics: readonly TopicSpec[] = readTopicList()): TopicSpec[] {
  const plan = new Map<string, number>();
  for (const { name, partitions } of topics) {
    for (const topic of [name, deadLetterTopic(name)]) {
      const seen = plan.get(topic);
      if (seen !== undefined && seen !== partitions) {
        throw new Error(`topic ${topic} is wanted with ${seen} and ${partitions} partitions`);
      }
      plan.set(topic, partitions);
    }
  }
  return [...plan].map(([name, partitions]) => ({ name, partitions }));
}

/**
 * Creates the missing topics and checks the existing ones. A partition count that differs is
 * reported, not changed: adding partitions moves keys to other partitions and so breaks the
 * per-aggregate order consumers rely on; that is an operator's decision
 * (`kafka-topics.sh --alter`), not a start-up side effect.
 */
export async function createTopics(
  brokers: string[],
  plan: readonly TopicSpec[],
  log: (line: string) => void,
): Promise<void> {
  const admin = new Kafka({
    clientId: "turnout-kafka-init",
    brokers,
    logLevel: logLevel.WARN,
  }).admin();
  // The broker can be healthy a moment before its controller accepts admin requests.
  await retryUntil(() => admin.connect(), {
    deadlineMs: 60_000,
    delayMs: 2_000,
    what: "connecting to Kafka",
  });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = plan.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      log(`creating ${missing.map((t) => `${t.name} (${t.partitions})`).join(", ")}`);
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions })),
      });
    }
    const { topics } = await admin.fetchTopicMetadata({ topics: plan.map((t) => t.name) });
    const wrong = plan.flatMap((t) => {
      const found = topics.find((m) => m.name === t.name)?.partitions.length ?? 0;
      return found === t.partitions
        ? []
        : [`${t.name} has ${found} partitions, wanted ${t.partitions}`];
    });
    if (wrong.length > 0) throw new Error(wrong.join("; "));
    log(`${plan.length} topics present`);
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  runJob("kafka-init", async (log) => {
    const reader = new EnvReader(process.env);
    const brokers = reader.get("KAFKA_BROKERS");
    reader.done();
    await createTopics(
      brokers.split(",").map((b) => b.trim()),
      topicPlan(),
      log,
    );
  });
}
