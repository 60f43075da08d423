import type { ConsumerConfig, EachMessagePayload, Kafka, Producer } from "kafkajs";
import type { Logger } from "winston";
import { z } from "zod";
import { runWithContext } from "../context";
import { sendToDeadLetterTopic } from "./dead-letter";
import type { EventHandler } from "./event-handler";
import { createProducer } from "./kafka-client";
import { quoteIdent, type WithTransaction } from "./sql";
import { contextFromHeaders } from "./trace-headers";

export interface EventConsumerOptions {
  kafka: Kafka;
  /** One group per service for work topics; a per-instance group for broadcast topics. */
  groupId: string;
  topics: string[];
  handlers: EventHandler[];
  /** The service's schema, where processed event ids are recorded. */
  schema: string;
  withTransaction: WithTransaction;
  logger: Logger;
  /** Attempts before a failing event goes to `<topic>.dlq`. */
  maxAttempts?: number;
  retryBackoffMs?: number;
  fromBeginning?: boolean;
  consumerConfig?: Partial<ConsumerConfig>;
}

export interface EventConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const envelopeHead = z.object({ id: z.string().min(1).max(200), type: z.string().min(1).max(200) });

/**
 * Applies each event once: the event id goes into `processed_events` in the same transaction as
 * the handler's writes, so a redelivery (rebalance, crash before the offset commit) is a no-op.
 * A failing event is retried a few times, then dead-lettered, and the partition moves on.
 */
export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const { logger, groupId } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.retryBackoffMs ?? 200;
  const handlers = new Map(options.handlers.map((handler) => [handler.type, handler]));
  const consumer = options.kafka.consumer({ groupId, ...options.consumerConfig });
  const dlqProducer: Producer = createProducer(options.kafka);
  const processed = `${quoteIdent(options.schema)}.processed_events`;

  async function apply(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    const deadLetter = (error: unknown, attempts: number) =>
      sendToDeadLetterTopic(dlqProducer, {
        topic,
        partition,
        message,
        groupId,
        error,
        attempts,
      }).then(() =>
        logger.error("event dead-lettered", {
          topic,
          partition,
          offset: message.offset,
          attempts,
          error: String(error),
        }),
      );

    let head: z.infer<typeof envelopeHead>;
    let work: ReturnType<EventHandler["prepare"]>;
    try {
      const raw: unknown = JSON.parse(message.value?.toString("utf8") ?? "null");
      head = envelopeHead.parse(raw);
      const handler = handlers.get(head.type);
      if (!handler) {
        logger.debug("event type not handled here", { topic, type: head.type });
        return;
      }
      work = handler.prepare(raw);
    } catch (error) {
      await deadLetter(error, 0);
      return;
    }

    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const applied = await options.withTransaction(async (tx) => {
          const fresh = await tx.$executeRawUnsafe(
            `INSERT INTO ${processed} (consumer_group, event_id, topic, event_type)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
            groupId,
            head.id,
            topic,
            head.type,
          );
          if (fresh === 0) return false;
          await work(tx);
          return true;
        });
        logger.info(applied ? "event applied" : "event already applied; skipped", {
          topic,
          type: head.type,
          event_id: head.id,
        });
        return;
      } catch (error) {
        lastError = error;
        logger.warn("event handler failed", {
          topic,
          event_id: head.id,
          attempt,
          error: String(error),
        });
        if (attempt < maxAttempts) {
          await payload.heartbeat();
          await new Promise((resolve) => setTimeout(resolve, backoff * 2 ** (attempt - 1)));
        }
      }
    }
    await deadLetter(lastError, maxAttempts);
  }

  return {
    async start() {
      await dlqProducer.connect();
      await consumer.connect();
      await consumer.subscribe({
        topics: options.topics,
        fromBeginning: options.fromBeginning ?? true,
      });
      await consumer.run({
        eachMessage: (payload) =>
          runWithContext(contextFromHeaders(payload.message.headers), () => apply(payload)),
      });
    },
    async stop() {
      await consumer.disconnect();
      await dlqProducer.disconnect();
    },
  };
}
