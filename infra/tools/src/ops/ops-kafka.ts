import { Kafka, logLevel, type ConsumerConfig, type LogEntry } from "kafkajs";

/**
 * Consumer timings for an interactive command: a short fetch wait so messages show up
 * promptly (the development broker does not answer a waiting fetch early), and a short session
 * so a command killed without leaving the group does not hold its partitions for long.
 */
export const OPS_CONSUMER_CONFIG: Partial<ConsumerConfig> = {
  sessionTimeout: 10_000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 1_000,
  maxWaitTimeInMs: 250,
  // An ops command must never create a topic because of a typo.
  allowAutoTopicCreation: false,
};

/** kafkajs with its own log lines on stderr (stdout carries the command's output). */
export function createOpsKafka(
  brokers: string[],
  clientId: string,
  level: logLevel = logLevel.ERROR,
): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 5_000,
    requestTimeout: 15_000,
    retry: { retries: 3 },
    logLevel: level,
    logCreator:
      () =>
      ({ namespace, log }: LogEntry) => {
        process.stderr.write(`kafka ${namespace}: ${log.message}\n`);
      },
  });
}
