import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as an AsyncAPI Schema Object. AsyncAPI's default schema format is a superset of
 * JSON Schema draft-07, so that is the target; `$schema` is dropped because the document, not
 * each payload, declares the dialect. Output mode, because producers write parsed values:
 * a field with a default is always on the wire.
 */
export function toAsyncApiSchema(schema: z.ZodType): JsonSchema {
  const json: JsonSchema = z.toJSONSchema(schema, { target: "draft-07", io: "output" });
  delete json.$schema;
  return json;
}

/**
 * A zod schema as a stand-alone JSON Schema draft 2020-12, for consumers in other languages.
 * Input mode: what a consumer may receive, so a field with a default (absent from messages
 * written before it existed) is optional.
 */
export function toConsumerJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" });
}
