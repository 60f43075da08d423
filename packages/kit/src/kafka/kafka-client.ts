import {
  Kafka,
  Partitioners,
  logLevel,
  type KafkaConfig,
  type LogEntry,
  type Producer,
} from "kafkajs";
import type { Logger } from "winston";

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Overrides for tests and tuning (timeouts, retry). */
  config?: Partial<KafkaConfig>;
}

const LEVELS: Record<number, string> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

/** A kafkajs client whose own log lines go through the service's winston logger. */
export function createKafka({ brokers, clientId, logger, config }: KafkaOptions): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...extra } = log;
        logger.log(LEVELS[level] ?? "info", `kafka ${namespace}: ${message}`, { kafka: extra });
      },
    ...config,
  });
}

/**
 * Producer defaults for ordered delivery: one request in flight keeps per-partition order
 * through retries; acks from all in-sync replicas before a row leaves the outbox.
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
  });
}
