import { z } from "zod";
import { CLOUDEVENTS_CONTENT_TYPE } from "../envelope";
import type { AnyEventDefinition } from "../event-definition";
import {
  deadLetterHeadersSchema,
  KAFKA_HEADERS,
  kafkaHeadersSchema,
  toKafkaRecord,
} from "../kafka-headers";
import { dlqTopic } from "../topics";
import * as text from "./catalogue-text";
import { type JsonSchema, toAsyncApiSchema } from "./json-schema";

export type CatalogueAudience = "public" | "internal";
export type AsyncApiDocument = Record<string, unknown>;

/** Bumped by hand: minor when a type or field is added. Breaking changes are new types. */
export const CATALOGUE_VERSION = "1.0.0";
const KAFKA_BINDING_VERSION = "0.5.0";
const DEAD_LETTER_MESSAGE = "deadLetter";

const camel = (words: readonly string[]): string =>
  words.map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1))).join("");
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
const channelId = (topic: string): string => camel(topic.split(/[.-]/));
/** `turnout.user.registered.v1` → `userRegisteredV1`. */
const messageId = (type: string): string => camel(type.split(".").slice(1).join("-").split("-"));
const ref = (pointer: string) => ({ $ref: pointer });

// Code-unit order, not localeCompare: the committed file must not depend on the machine's locale.
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Definitions grouped by topic, both sorted, so the document's key order never drifts. */
function byTopic(definitions: readonly AnyEventDefinition[]) {
  const sorted = [...definitions].sort((a, b) => a.version - b.version || compare(a.type, b.type));
  const groups = new Map<string, AnyEventDefinition[]>();
  for (const definition of sorted) {
    groups.set(definition.topic, [...(groups.get(definition.topic) ?? []), definition]);
  }
  return [...groups.entries()].sort(([a], [b]) => compare(a, b));
}

function checkTopic(topic: string, definitions: readonly AnyEventDefinition[]) {
  const [first] = definitions;
  for (const definition of definitions) {
    // One producer keeps per-aggregate order meaningful; one audience keeps secrets out of
    // the public catalogue even if a topic's definitions disagree.
    if (
      definition.producer !== first?.producer ||
      Boolean(definition.internal) !== Boolean(first.internal)
    ) {
      throw new Error(`definitions on topic ${topic} disagree on producer or internal`);
    }
  }
}

function keySchema(payload: JsonSchema, subjectField: string): JsonSchema {
  const data = (payload.properties as Record<string, JsonSchema>).data;
  const field = (data?.properties as Record<string, JsonSchema> | undefined)?.[subjectField];
  return {
    ...field,
    description: `The aggregate id: the envelope's subject, data.${subjectField}.`,
  };
}

function message(definition: AnyEventDefinition) {
  const payload = toAsyncApiSchema(definition.envelope);
  const headers = kafkaHeadersSchema.extend({
    [KAFKA_HEADERS.ceType]: z.literal(definition.type).describe("The envelope's `type`."),
  });
  const example = toKafkaRecord(definition.example, { requestId: "req-3f9c2a7e" });
  return {
    name: definition.type,
    title: definition.title,
    description:
      `${definition.description}\n\nProduced by ${definition.producer}. ` +
      `Consumed by ${definition.consumers.join(", ") || "no service yet"}.` +
      (definition.internal
        ? " Internal: carries a single-use secret or a person's address; never log the payload."
        : ""),
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: toAsyncApiSchema(headers.meta({ title: `${messageId(definition.type)}Headers` })),
    payload,
    correlationId: {
      description: "Request id of the HTTP request that caused the event.",
      location: `$message.header#/${KAFKA_HEADERS.requestId}`,
    },
    tags: [{ name: definition.producer }],
    bindings: {
      kafka: {
        key: keySchema(payload, definition.subjectField),
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    examples: [{ name: "example", headers: example.headers, payload: definition.example }],
    ...(definition.internal ? { "x-internal": true } : {}),
  };
}

function topicEntries(topic: string, definitions: readonly AnyEventDefinition[]) {
  const id = channelId(topic);
  const dlqId = `${id}Dlq`;
  const producer = definitions[0]?.producer ?? "";
  const consumers = [...new Set(definitions.flatMap((d) => d.consumers))].sort();
  const ids = definitions.map((definition) => messageId(definition.type));
  const binding = (address: string) => ({
    kafka: { topic: address, bindingVersion: KAFKA_BINDING_VERSION },
  });
  const channels = {
    [id]: {
      address: topic,
      title: topic,
      description:
        `Produced by ${producer}; consumed by ${consumers.join(", ") || "no service yet"}. ` +
        "Keyed by the aggregate id (the envelope's subject).",
      messages: Object.fromEntries(ids.map((m) => [m, ref(`#/components/messages/${m}`)])),
      bindings: binding(topic),
    },
    [dlqId]: {
      address: dlqTopic(topic),
      title: dlqTopic(topic),
      description: `Dead letters of ${topic}.`,
      messages: { [DEAD_LETTER_MESSAGE]: ref(`#/components/messages/${DEAD_LETTER_MESSAGE}`) },
      bindings: binding(dlqTopic(topic)),
    },
  };
  const operations = {
    [`send${pascal(id)}`]: {
      action: "send",
      channel: ref(`#/channels/${id}`),
      summary: `${producer} publishes to ${topic} through its transactional outbox.`,
      tags: [{ name: producer }],
      messages: ids.map((m) => ref(`#/channels/${id}/messages/${m}`)),
    },
    [`send${pascal(dlqId)}`]: {
      action: "send",
      channel: ref(`#/channels/${dlqId}`),
      summary: `A consumer of ${topic} parks a message it keeps failing on.`,
      messages: [ref(`#/channels/${dlqId}/messages/${DEAD_LETTER_MESSAGE}`)],
    },
  };
  const messages = Object.fromEntries(definitions.map((d) => [messageId(d.type), message(d)]));
  return { channels, operations, messages };
}

/** The AsyncAPI 3.0 document of the public or the internal event definitions. */
export function buildCatalogue(
  definitions: readonly AnyEventDefinition[],
  audience: CatalogueAudience,
): AsyncApiDocument {
  // Checked before the audience filter, which would otherwise split a mixed topic in two.
  for (const [topic, group] of byTopic(definitions)) checkTopic(topic, group);
  const selected = definitions.filter((d) => Boolean(d.internal) === (audience === "internal"));
  const entries = byTopic(selected).map(([topic, group]) => topicEntries(topic, group));
  const merge = (key: "channels" | "operations" | "messages") =>
    Object.assign({}, ...entries.map((entry) => entry[key])) as Record<string, unknown>;
  const internal = audience === "internal";
  return {
    asyncapi: "3.0.0",
    id: internal ? "urn:turnout:events:internal" : "urn:turnout:events",
    info: {
      title: internal ? text.INTERNAL_TITLE : text.PUBLIC_TITLE,
      version: CATALOGUE_VERSION,
      description: internal ? text.INTERNAL_DESCRIPTION : text.PUBLIC_DESCRIPTION,
      ...(internal ? { "x-internal": true } : {}),
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    channels: merge("channels"),
    operations: merge("operations"),
    components: {
      messages: {
        ...merge("messages"),
        [DEAD_LETTER_MESSAGE]: {
          name: "dead-letter",
          title: "Dead letter",
          summary: text.DEAD_LETTER_DESCRIPTION,
          headers: ref("#/components/schemas/DeadLetterHeaders"),
          payload: {
            description: "The original message value, byte for byte; usually a CloudEvent.",
          },
        },
      },
      schemas: {
        KafkaHeaders: toAsyncApiSchema(kafkaHeadersSchema),
        DeadLetterHeaders: toAsyncApiSchema(deadLetterHeadersSchema),
      },
    },
    ...(internal ? { "x-internal": true } : {}),
  };
}
