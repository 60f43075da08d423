import { z } from "zod";
import { CLOUDEVENTS_CONTENT_TYPE } from "./envelope";
import { traceparentSchema } from "./primitives";

/** Kafka header names every Turnout message carries (values are UTF-8 strings). */
export const KAFKA_HEADERS = {
  contentType: "content-type",
  ceType: "ce-type",
  requestId: "x-request-id",
  traceparent: "traceparent",
} as const;

/** Headers a consumer adds when it moves a message to `<topic>.dlq`. */
export const DLQ_HEADERS = {
  error: "x-dlq-error",
  attempts: "x-dlq-attempts",
  originalTopic: "x-dlq-original-topic",
  originalPartition: "x-dlq-original-partition",
  originalOffset: "x-dlq-original-offset",
  consumerGroup: "x-dlq-consumer-group",
} as const;

export const kafkaHeadersSchema = z
  .looseObject({
    [KAFKA_HEADERS.contentType]: z
      .literal(CLOUDEVENTS_CONTENT_TYPE)
      .describe("Structured-mode CloudEvent: the value is the whole envelope as JSON."),
    [KAFKA_HEADERS.ceType]: z
      .string()
      .describe("The envelope's `type`, so a consumer can route or skip without parsing."),
    [KAFKA_HEADERS.requestId]: z
      .string()
      .optional()
      .describe("Request id of the HTTP request that caused the event; consumers log it."),
    [KAFKA_HEADERS.traceparent]: traceparentSchema.optional(),
  })
  .meta({ title: "KafkaHeaders", description: "Headers of every Turnout event message." });

const numeric = z.string().regex(/^[0-9]+$/);

// The original headers are copied as they were, and the message may be dead precisely because
// they were missing or wrong, so none of them is required here.
export const deadLetterHeadersSchema = kafkaHeadersSchema
  .partial()
  .extend({
    [DLQ_HEADERS.error]: z.string().describe("The last error, as the consumer reported it."),
    [DLQ_HEADERS.attempts]: numeric.describe("How many times the consumer tried (decimal)."),
    [DLQ_HEADERS.originalTopic]: z.string().describe("Topic of the original message."),
    [DLQ_HEADERS.originalPartition]: numeric.describe("Partition of the original message."),
    [DLQ_HEADERS.originalOffset]: numeric.describe("Offset of the original message."),
    [DLQ_HEADERS.consumerGroup]: z.string().describe("Consumer group that gave up on it."),
  })
  .meta({
    title: "DeadLetterHeaders",
    description: "The original message's headers, plus why and where it failed.",
  });

export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/** The Kafka record of an envelope: keyed by its subject, with the standard headers. */
export function toKafkaRecord(
  event: { readonly type: string; readonly subject: string; readonly traceparent?: string },
  options: { readonly requestId?: string } = {},
): KafkaRecord {
  const headers: Record<string, string> = {
    [KAFKA_HEADERS.contentType]: CLOUDEVENTS_CONTENT_TYPE,
    [KAFKA_HEADERS.ceType]: event.type,
  };
  if (options.requestId !== undefined) headers[KAFKA_HEADERS.requestId] = options.requestId;
  if (event.traceparent !== undefined) headers[KAFKA_HEADERS.traceparent] = event.traceparent;
  return { key: event.subject, value: JSON.stringify(event), headers };
}
