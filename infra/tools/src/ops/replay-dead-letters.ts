import { randomUUID } from "node:crypto";
import type { Writable } from "node:stream";
import { dlqTopic, KAFKA_HEADERS } from "@turnout/contracts";
import {
  Partitioners,
  type ConsumerConfig,
  type IHeaders,
  type Kafka,
  type KafkaMessage,
} from "kafkajs";
import { watchRun } from "./consumer-run";
import { assertTopicsExist, planRanges, remainingIn, type PartitionRange } from "./dlq-ranges";
import { headerText } from "./message-view";
import { maskSecretsInText } from "./mask-secrets";
import { OPS_CONSUMER_CONFIG } from "./ops-kafka";

export const REPLAYED_FROM_HEADER = "x-replayed-from";
const DLQ_HEADER_PREFIX = "x-dlq-";

/** The group whose committed offsets say how far replays of `<topic>.dlq` have got. */
export const replayGroupId = (topic: string): string => `turnout-dlq-replay.${topic}`;

export interface ReplayOptions {
  kafka: Kafka;
  /** The original topic; its dead letters are read from `<topic>.dlq`. */
  topic: string;
  /** Where the per-message lines and the summary go. */
  out: Writable;
  /** Print what would be replayed; produce and commit nothing. */
  dryRun?: boolean;
  /** Replay at most this many messages. */
  limit?: number;
  signal?: AbortSignal;
  consumerConfig?: Partial<ConsumerConfig>;
  /** Give up when no message arrives for this long before the end is reached. */
  idleTimeoutMs?: number;
}

export interface ReplaySummary {
  topic: string;
  dlq: string;
  dryRun: boolean;
  /** Messages republished (in a dry run: that would have been). */
  replayed: number;
  /** Messages still waiting in the dead-letter topic, up to its end as seen at start. */
  remaining: number;
  stoppedBy: "drained" | "limit" | "interrupted" | "idle";
}

/** The original headers, minus why it was dead-lettered, plus where the replay took it from. */
export function replayHeaders(headers: IHeaders | undefined, from: string): IHeaders {
  const kept: IHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (value === undefined || lower.startsWith(DLQ_HEADER_PREFIX)) continue;
    if (lower === REPLAYED_FROM_HEADER) continue;
    kept[name] = value;
  }
  kept[REPLAYED_FROM_HEADER] = from;
  return kept;
}

function describeMessage(dlq: string, partition: number, message: KafkaMessage): string {
  const parts = [
    `${dlq} ${partition}:${message.offset}`,
    `key ${message.key?.toString() ?? "(none)"}`,
  ];
  const type = headerText(message.headers, KAFKA_HEADERS.ceType);
  if (type !== undefined) parts.push(`ce-type ${type}`);
  const error = headerText(message.headers, `${DLQ_HEADER_PREFIX}error`);
  if (error !== undefined) parts.push(`error: ${maskSecretsInText(error).slice(0, 200)}`);
  return parts.join("  ");
}

/**
 * Moves the messages of `<topic>.dlq` back to `<topic>`: same key and value, original headers.
 * Each dead letter's offset is committed only once the broker has acknowledged its copy, so an
 * interrupted replay resumes where it stopped and loses nothing (it may at worst publish one
 * message twice, which idempotent consumers ignore).
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplaySummary> {
  const { kafka, topic, out, limit } = options;
  const dryRun = options.dryRun ?? false;
  const dlq = dlqTopic(topic);
  const replayGroup = replayGroupId(topic);

  const admin = kafka.admin();
  await admin.connect();
  let ranges: Map<number, PartitionRange>;
  try {
    await assertTopicsExist(admin, [topic, dlq]);
    ranges = await planRanges(admin, dlq, replayGroup);
  } finally {
    await admin.disconnect();
  }

  const summary = (replayed: number, stoppedBy: ReplaySummary["stoppedBy"]): ReplaySummary => ({
    topic,
    dlq,
    dryRun,
    replayed,
    remaining: remainingIn(ranges),
    stoppedBy,
  });
  if (remainingIn(ranges) === 0) return summary(0, "drained");

  // A dry run must not join the replay group: it would take partitions from a replay that is
  // running, and nothing it does may count as progress. It reads with a group of its own and
  // skips what the replay group has already done.
  const consumer = kafka.consumer({
    groupId: dryRun ? `turnout-dlq-dry-run.${topic}.${randomUUID().slice(0, 8)}` : replayGroup,
    ...OPS_CONSUMER_CONFIG,
    ...options.consumerConfig,
  });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
  });
  const run = watchRun<"drained" | "limit" | "idle">(consumer, options.signal);
  const drained = () => [...ranges.values()].every(({ next, end }) => next >= end);
  let replayed = 0;

  const idleMs = options.idleTimeoutMs ?? 30_000;
  let lastProgress = Date.now();
  const idleTimer = setInterval(
    () => {
      if (Date.now() - lastProgress > idleMs) run.finish("idle");
    },
    Math.min(1000, idleMs),
  );
  idleTimer.unref();

  const replayOne = async (partition: number, message: KafkaMessage): Promise<void> => {
    const range = ranges.get(partition);
    const offset = BigInt(message.offset);
    // Before `next`: already replayed (dry run reading from the start); at or past `end`:
    // arrived after the replay started.
    if (!range || offset < range.next || offset >= range.end) return;
    const from = `${dlq}@${partition}:${message.offset}`;
    if (dryRun) {
      out.write(`would replay  ${describeMessage(dlq, partition, message)}\n`);
    } else {
      try {
        await producer.send({
          topic,
          acks: -1,
          messages: [
            {
              key: message.key,
              value: message.value,
              headers: replayHeaders(message.headers, from),
            },
          ],
        });
        await consumer.commitOffsets([{ topic: dlq, partition, offset: (offset + 1n).toString() }]);
      } catch (error) {
        throw new Error(
          `replay stopped at ${from}: ${error instanceof Error ? error.message : String(error)}` +
            ` (${replayed} replayed before it; run again to resume from there)`,
          { cause: error },
        );
      }
      out.write(`replayed  ${describeMessage(dlq, partition, message)}\n`);
    }
    range.next = offset + 1n;
    replayed += 1;
  };

  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [dlq], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (run.done) return;
        lastProgress = Date.now();
        try {
          await replayOne(partition, message);
        } catch (error) {
          run.fail(error);
          return;
        }
        if (drained()) run.finish("drained");
        else if (limit !== undefined && replayed >= limit) run.finish("limit");
      },
    });
    const stoppedBy = await run.ended;
    return summary(replayed, stoppedBy);
  } finally {
    clearInterval(idleTimer);
    await consumer.disconnect();
    await producer.disconnect();
  }
}

export function describeSummary(summary: ReplaySummary): string {
  const { dlq, topic, replayed, remaining } = summary;
  if (replayed === 0 && summary.stoppedBy === "drained") {
    return `nothing to replay: ${dlq} holds no message after the last replay (group ${replayGroupId(topic)}).\n`;
  }
  const did = summary.dryRun
    ? `dry run: ${replayed} message(s) would be replayed from ${dlq} to ${topic}; nothing was produced or committed`
    : `replayed ${replayed} message(s) from ${dlq} to ${topic}`;
  const why = {
    drained: `${dlq} is drained`,
    limit: `stopped at --limit; ${remaining} left, run again to continue`,
    interrupted: `interrupted; ${remaining} left, run again to continue`,
    idle:
      `no message arrived for a while before the end of ${dlq}; ${remaining} left ` +
      `(removed by retention, or another replay holds partitions?)`,
  }[summary.stoppedBy];
  return `${did}; ${why}.\n`;
}
