import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { repoRoot } from "../repo-root";

export interface TopicSpec {
  name: string;
  partitions: number;
}

// Kafka's own rule for topic names; checked here so a typo fails with the file's name in the
// message instead of as an obscure broker error.
const topicName = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{1,249}$/, "a Kafka topic name: 1-249 of [a-zA-Z0-9._-]");

export const topicSpecSchema = z.object({
  name: topicName,
  partitions: z.number().int().min(1).max(10000),
});

const topicListSchema = z.object({ topics: z.array(topicSpecSchema) });

/** `infra/kafka/topics.json`: the project's one list of topics and their partition counts. */
export const defaultTopicListPath = (): string => join(repoRoot(), "infra", "kafka", "topics.json");

/** Reads the project's one topic list (`infra/kafka/topics.json` unless a path is given). */
export function readTopicList(filePath: string = defaultTopicListPath()): TopicSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(filePath, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the topic list ${filePath}: ${String(error)}`, { cause: error });
  }
  const parsed = topicListSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid topic list ${filePath}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data.topics.map(({ name, partitions }) => ({ name, partitions }));
}

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/**
 * Every topic plus its dead-letter topic, each name once. A name given twice with different
 * partition counts is a configuration error, not something to pick a winner for.
 */
export function withDeadLetterTopics(topics: readonly TopicSpec[]): TopicSpec[] {
  const byName = new Map<string, number>();
  const add = (name: string, partitions: number): void => {
    const seen = byName.get(name);
    if (seen !== undefined && seen !== partitions) {
      throw new Error(`topic ${name} is listed with ${seen} and ${partitions} partitions`);
    }
    byName.set(name, partitions);
  };
  for (const topic of topics) {
    const parsed = topicSpecSchema.safeParse(topic);
    if (!parsed.success) {
      throw new Error(`invalid topic ${JSON.stringify(topic)}: ${z.prettifyError(parsed.error)}`);
    }
    const { name, partitions } = parsed.data;
    add(name, partitions);
    add(deadLetterTopic(name), partitions);
  }
  return [...byName].map(([name, partitions]) => ({ name, partitions }));
}
