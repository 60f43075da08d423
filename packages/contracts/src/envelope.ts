import { z } from "zod";
import { timestampSchema, traceparentSchema, uuidSchema } from "./primitives";

export const CLOUDEVENTS_SPECVERSION = "1.0";
export const EVENT_DATA_CONTENT_TYPE = "application/json";
/** The Kafka `content-type` header of every message: a structured-mode CloudEvent. */
export const CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json";

/** `turnout.<aggregate>.<verb>.v<N>`; the version is part of the type, never a field. */
export const EVENT_TYPE_PATTERN = /^turnout\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/;

// Any non-empty URI-reference without whitespace; Turnout producers use `/turnout/<service>`.
const sourceSchema = z
  .string()
  .regex(/^\S+$/)
  .meta({
    description: "CloudEvents `source`: a URI-reference naming the producer, `/turnout/<service>`.",
    examples: ["/turnout/auth-service"],
  });

/**
 * The attributes every Turnout envelope carries, whatever its type. Loose, because CloudEvents
 * lets producers add extension attributes and a consumer must not fail on one it does not know.
 */
function envelopeShape<TType extends z.ZodType, TData extends z.ZodType>(type: TType, data: TData) {
  return {
    specversion: z.literal(CLOUDEVENTS_SPECVERSION).describe("CloudEvents specification version."),
    id: uuidSchema.describe(
      "Event id, unique per event. Consumers record it to apply each event once.",
    ),
    source: sourceSchema,
    type,
    time: timestampSchema.describe("When the change happened (RFC 3339, UTC)."),
    subject: z
      .string()
      .min(1)
      .describe("Id of the aggregate the event is about; also the Kafka message key."),
    datacontenttype: z
      .literal(EVENT_DATA_CONTENT_TYPE)
      .describe("Media type of `data`: always JSON."),
    data,
    traceparent: traceparentSchema.optional(),
  };
}

/** The CloudEvents 1.0 envelope of one event type, with `data` checked by `data`. */
export function cloudEventSchema<TType extends string, TData extends z.ZodType>(
  type: TType,
  data: TData,
) {
  return z
    .looseObject(
      envelopeShape(
        z.literal(type).describe("Versioned event type; selects the `data` schema."),
        data,
      ),
    )
    .meta({ description: `CloudEvents 1.0 envelope of \`${type}\`.` });
}

/** Any Turnout envelope, `data` unchecked: enough to read the type and pick a definition. */
export const anyCloudEventSchema = z.looseObject(
  envelopeShape(
    z.string().regex(EVENT_TYPE_PATTERN).describe("Versioned event type."),
    z.unknown(),
  ),
);

export type AnyCloudEvent = z.output<typeof anyCloudEventSchema>;
