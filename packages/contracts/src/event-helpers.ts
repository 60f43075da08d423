import { randomUUID } from "node:crypto";
import { z } from "zod";
import { anyCloudEventSchema, CLOUDEVENTS_SPECVERSION, EVENT_DATA_CONTENT_TYPE } from "./envelope";
import type { AnyEventDefinition, EventDataInputOf, EventOf } from "./event-definition";
import { findEventDefinition, type KnownEvent, type RegisteredEventDefinition } from "./registry";

export interface CreateEventInput<D extends AnyEventDefinition> {
  /** `/turnout/<service>` of the producer. */
  readonly source: string;
  readonly data: EventDataInputOf<D>;
  /** Defaults to the aggregate id in `data`; when given it must equal it. */
  readonly subject?: string;
  /** Defaults to a random UUID. */
  readonly id?: string;
  /** Defaults to now. */
  readonly time?: string | Date;
  /** The W3C `traceparent` of the request that caused the event, when there is one. */
  readonly traceparent?: string;
}

/** Builds and validates an envelope; throws a `ZodError` when it breaks the contract. */
export function createEvent<D extends AnyEventDefinition>(
  definition: D,
  input: CreateEventInput<D>,
): EventOf<D> {
  const data: Record<string, unknown> = input.data;
  const time = input.time ?? new Date();
  return parseEvent(definition, {
    specversion: CLOUDEVENTS_SPECVERSION,
    id: input.id ?? randomUUID(),
    source: input.source,
    type: definition.type,
    time: typeof time === "string" ? time : time.toISOString(),
    subject: input.subject ?? data[definition.subjectField],
    datacontenttype: EVENT_DATA_CONTENT_TYPE,
    data,
    ...(input.traceparent === undefined ? {} : { traceparent: input.traceparent }),
  });
}

/**
 * Validates an untrusted value (a decoded Kafka message) as an envelope of `definition`.
 * Unknown attributes and unknown `data` fields are kept, so adding a field never breaks an
 * old consumer; a different type or version is rejected. Throws a `ZodError`.
 */
export function parseEvent<D extends AnyEventDefinition>(
  definition: D,
  value: unknown,
): EventOf<D> {
  return definition.envelope.parse(value) as EventOf<D>;
}

/**
 * Validates an envelope of any registered type, choosing the definition by its `type`. Throws a
 * `ZodError` for a malformed envelope or a type (or version) this build does not know.
 */
export function parseKnownEvent(value: unknown): KnownEvent {
  const { type } = anyCloudEventSchema.pick({ type: true }).parse(value);
  const definition = findEventDefinition(type);
  if (definition === undefined) {
    throw new z.ZodError([
      { code: "custom", path: ["type"], message: `unknown event type ${type}`, input: type },
    ]);
  }
  return parseEvent<RegisteredEventDefinition>(definition, value);
}
