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
