import { randomUUID } from "node:crypto";
import type { Writable } from "node:stream";
import type { ConsumerConfig, Kafka } from "kafkajs";
import { watchRun } from "./consumer-run";
import { isInternalEvent } from "./mask-secrets";
import { createMessagePrinter } from "./message-printer";
import { viewMessage, type InternalPredicate } from "./message-view";
import { OPS_CONSUMER_CONFIG } from "./ops-kafka";

export interface TailTopicOptions {
  kafka: Kafka;
  topic: string;
  /** Where messages are printed. */
  out: Writable;
  fromBeginning?: boolean;
  /** Stop after this many messages. */
  limit?: number;
  /** One JSON object per line instead of the readable form. */
  json?: boolean;
  /** Stops the tail (Ctrl-C). */
  signal?: AbortSignal;
  consumerConfig?: Partial<ConsumerConfig>;
  isInternal?: InternalPredicate;
}

export interface TailResult {
  printed: number;
  stoppedBy: "limit" | "interrupted";
  /** The throw-away consumer group used. */
  groupId: string;
}

/**
 * Prints a topic's messages as they arrive. A consumer group of its own, never committed, so
 * tailing cannot move the offsets of a real group nor leave any behind.
 */
export async function tailTopic(options: TailTopicOptions): Promise<TailResult> {
  const { topic, limit } = options;
  const groupId = `turnout-tail.${topic}.${randomUUID().slice(0, 8)}`;
  const consumer = options.kafka.consumer({
    groupId,
    ...OPS_CONSUMER_CONFIG,
    ...options.consumerConfig,
  });
  const printer = createMessagePrinter(options.out, options.json ?? false);
  const isInternal = options.isInternal ?? isInternalEvent;
  const run = watchRun<"limit">(consumer, options.signal);
  let printed = 0;

  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: options.fromBeginning ?? false });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        if (run.done) return Promise.resolve();
        printer.print(viewMessage(topic, partition, message, isInternal));
        printed += 1;
        if (limit !== undefined && printed >= limit) run.finish("limit");
        return Promise.resolve();
      },
    });
    const stoppedBy = await run.ended;
    return { printed, stoppedBy, groupId };
  } finally {
    await consumer.disconnect();
  }
}
