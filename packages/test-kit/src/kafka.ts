import { Kafka, logLevel, type ConsumerConfig, type KafkaMessage } from "kafkajs";
import { testStack } from "./stack";
import { uniqueGroupId } from "./unique";
import { waitFor } from "./wait-for";

/**
 * Consumer settings for the development broker (see the README): its first group join takes
 * about 3 s, a rebalance takes sessionTimeout − 1 s, and a waiting fetch is not answered early.
 */
export const quickConsumer: Partial<ConsumerConfig> = {
  sessionTimeout: 6000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 100,
  rebalanceTimeout: 6000,
};

export function testKafka(clientId = "test", brokers = testStack().kafka.brokers): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

export interface TopicReader {
  messages: (KafkaMessage & { topic: string; partition: number })[];
  /** Resolves once `count` messages have arrived. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Reads topics from the beginning into memory, for asserting what was published. */
export async function readTopics(
  topics: string[],
  kafka = testKafka("reader"),
): Promise<TopicReader> {
  const messages: TopicReader["messages"] = [];
  const consumer = kafka.consumer({ groupId: uniqueGroupId("reader"), ...quickConsumer });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      messages.push({ ...message, topic, partition });
      return Promise.resolve();
    },
  });
  return {
    messages,
    waitForCount: async (count, timeoutMs = 20_000) => {
      await waitFor(() => messages.length >= count, {
        timeoutMs,
        message: `${count} messages on ${topics.join(", ")}`,
      });
    },
    stop: () => consumer.disconnect(),
  };
}
