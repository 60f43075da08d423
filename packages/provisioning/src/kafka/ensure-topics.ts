import { Kafka, logLevel } from "kafkajs";
import { withDeadLetterTopics, type TopicSpec } from "./topics";

/**
 * Creates the topics (and their `.dlq`) that a real Kafka cluster lacks. The development broker
 * cannot do this through the admin API; it creates them at start instead.
 */
export async function ensureTopics(brokers: string[], topics: readonly TopicSpec[]): Promise<void> {
  const admin = new Kafka({
    clientId: "turnout-topics",
    brokers,
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = withDeadLetterTopics(topics).filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
