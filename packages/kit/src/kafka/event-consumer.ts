import type { ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage, Producer } from "kafkajs";
import type { PoolClient } from "pg";
import type { Logger } from "winston";
import { z } from "zod";
import { runWithContext } from "../context";
import type { Database } from "../data/database";
import { queryRows, statement } from "../data/statement";
import { sendToDeadLetterTopic } from "./dead-letter";
import type { EventHandler } from "./event-handler";
import { createProducer } from "./kafka-client";
import { contextFromHeaders } from "./trace-headers";

export interface EventConsumerOptions<R> {
  kafka: Kafka;
  /** One group per service for work topics; a per-instance group for broadcast topics. */
  groupId: string;
  topics: string[];
  handlers: EventHandler<R>[];
  /** The service's data layer: processed event ids are recorded in its schema. */
  database: Database<R>;
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

/** A message ready to apply: its id and type, and the handler's prepared work. */
interface Prepared<R> {
  message: KafkaMessage;
  id: string;
  type: string;
  work: (tx: R) => Promise<void>;
}

/** Which event of a batch failed, and why. */
class ItemFailed extends Error {
  constructor(
    readonly item: { id: string },
    override readonly cause: unknown,
  ) {
    super(`event ${item.id} failed: ${String(cause)}`);
  }
}

/** Records event ids as processed; returns the ids that were not recorded before. */
const recordProcessed = statement<{ event_id: string }>(
  "kit_processed_events_record",
  `INSERT INTO processed_events (consumer_group, event_id, topic, event_type)
   SELECT $1, e.id, $2, e.type FROM unnest($3::text[], $4::text[]) AS e(id, type)
   ON CONFLICT DO NOTHING RETURNING event_id`,
);

/**
 * Applies each event once: the event id goes into `processed_events` in the same unit of work
 * as the handler's writes, so a redelivery (rebalance, crash before the offset commit) is a
 * no-op. A fetched batch is applied in one unit of work; if it fails, its events are applied one
 * by one, each retried a few times and then dead-lettered, and the partition moves on.
 */
export function createEventConsumer<R>(options: EventConsumerOptions<R>): EventConsumer {
  const { logger, groupId } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.retryBackoffMs ?? 200;
  const handlers = new Map(options.handlers.map((handler) => [handler.type, handler]));
  const consumer = options.kafka.consumer({ groupId, ...options.consumerConfig });
  const dlqProducer: Producer = createProducer(options.kafka);

  const deadLetter =
    (topic: string, partition: number, message: KafkaMessage) =>
    async (error: unknown, attempts: number) => {
      await sendToDeadLetterTopic(dlqProducer, {
        topic,
        partition,
        message,
        groupId,
        error,
        attempts,
      });
      logger.error("event dead-lettered", {
        topic,
        partition,
        offset: message.offset,
        attempts,
        error: String(error),
      });
    };

  /** Parses a message; null when this service does not handle its type. Throws when invalid. */
  function prepare(message: KafkaMessage): Prepared<R> | null {
    const raw: unknown = JSON.parse(message.value?.toString("utf8") ?? "null");
    const head = envelopeHead.parse(raw);
    const handler = handlers.get(head.type);
    if (!handler) return null;
    return { message, id: head.id, type: head.type, work: handler.prepare(raw) };
  }

  /** One unit of work: records the ids, applies the fresh ones in order; the ids it applied. */
  function applyAll(topic: string, items: Prepared<R>[]): Promise<Set<string>> {
    return options.database.transaction(async (tx, connection: PoolClient) => {
      const fresh = new Set(
        (
          await queryRows(connection, recordProcessed, [
            groupId,
            topic,
            items.map((item) => item.id),
            items.map((item) => item.type),
          ])
        ).map((row) => row.event_id),
      );
      const applied = new Set<string>();
      for (const item of items) {
        // The same id twice in one batch is applied once.
        if (!fresh.has(item.id) || applied.has(item.id)) continue;
        try {
          await runWithContext(contextFromHeaders(item.message.headers), () => item.work(tx));
        } catch (error) {
          throw new ItemFailed(item, error);
        }
        applied.add(item.id);
      }
      return applied;
    });
  }

  function report(topic: string, items: Prepared<R>[], applied: Set<string>): void {
    for (const item of items) {
      const fields = { topic, type: item.type, event_id: item.id };
      if (applied.has(item.id)) logger.debug("event applied", fields);
      else logger.info("event already applied; skipped", fields);
    }
  }

  /** One event alone, with retries and then the dead-letter topic. */
  async function applyOne(
    payload: EachBatchPayload,
    item: Prepared<R>,
    fail: (error: unknown, attempts: number) => Promise<void>,
    failedBefore?: unknown,
  ): Promise<void> {
    const { topic } = payload.batch;
    let lastError: unknown = failedBefore;
    // A failure inside the batch was this event's first attempt.
    const first = failedBefore === undefined ? 1 : 2;
    if (first === 2 && maxAttempts >= 2) await pause(payload, 1);
    for (let attempt = first; attempt <= maxAttempts; attempt++) {
      try {
        report(topic, [item], await applyAll(topic, [item]));
        return;
      } catch (failure) {
        const error = failure instanceof ItemFailed ? failure.cause : failure;
        lastError = error;
        logger.warn("event handler failed", {
          topic,
          event_id: item.id,
          attempt,
          error: String(error),
        });
        if (attempt < maxAttempts) await pause(payload, attempt);
      }
    }
    await fail(lastError, maxAttempts);
  }

  async function pause(payload: EachBatchPayload, attempt: number): Promise<void> {
    await payload.heartbeat();
    await new Promise((resolve) => setTimeout(resolve, backoff * 2 ** (attempt - 1)));
  }

  async function applyBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = payload.batch;
    const items: Prepared<R>[] = [];
    for (const message of messages) {
      let item: Prepared<R> | null;
      try {
        item = prepare(message);
      } catch (error) {
        await deadLetter(topic, partition, message)(error, 0);
        continue;
      }
      if (item) items.push(item);
      else logger.debug("event type not handled here", { topic });
    }
    if (items.length > 0) {
      try {
        report(topic, items, await applyAll(topic, items));
      } catch (error) {
        const failed = error instanceof ItemFailed ? error : undefined;
        logger.warn("event handler failed; applying the batch's events one by one", {
          topic,
          event_id: failed?.item.id,
          events: items.length,
          attempt: 1,
          error: String(failed?.cause ?? error),
        });
        for (const item of items) {
          const before = item === failed?.item ? failed.cause : undefined;
          await applyOne(payload, item, deadLetter(topic, partition, item.message), before);
          payload.resolveOffset(item.message.offset);
        }
      }
    }
    const last = messages.at(-1);
    if (last) payload.resolveOffset(last.offset);
    await payload.heartbeat();
  }

  return {
    async start() {
      await dlqProducer.connect();
      await consumer.connect();
      await consumer.subscribe({
        topics: options.topics,
        fromBeginning: options.fromBeginning ?? true,
      });
      await consumer.run({ eachBatchAutoResolve: false, eachBatch: applyBatch });
    },
    async stop() {
      await consumer.disconnect();
      await dlqProducer.disconnect();
    },
  };
}
