import type { AnyEventDefinition } from "../event-definition";
import { CATALOGUE_VERSION, type CatalogueAudience } from "./build-catalogue";
import { type JsonSchema, toConsumerJsonSchema } from "./json-schema";

/** The file of one type's schema in docs/schemas/ (and under /api/schemas/ when public). */
export const schemaFileName = (type: string): string => `${type}.json`;
export const SCHEMA_INDEX_FILE = "index.json";
const schemaId = (type: string): string => `urn:turnout:events:${type}`;

const audienceOf = (definition: AnyEventDefinition): CatalogueAudience =>
  definition.internal ? "internal" : "public";

// Code-unit order, as in the catalogue: the committed files must not depend on the locale.
const byType = (a: AnyEventDefinition, b: AnyEventDefinition): number =>
  a.type < b.type ? -1 : a.type > b.type ? 1 : 0;

/**
 * The JSON Schema (draft 2020-12) of one type's whole CloudEvents envelope, the Kafka message
 * value, for consumers that do not read zod. What JSON Schema cannot say is in the description.
 */
export function eventJsonSchema(definition: AnyEventDefinition): JsonSchema {
  const { $schema, description: _envelope, ...schema } = toConsumerJsonSchema(definition.envelope);
  const description = [
    definition.description,
    `The whole CloudEvents 1.0 envelope of \`${definition.type}\`, the value of a message on ` +
      `Kafka topic \`${definition.topic}\` (produced by ${definition.producer}).`,
    `Also checked by Turnout but not expressible here: \`subject\` equals ` +
      `\`data.${definition.subjectField}\`, which is also the message key.`,
    "Fields and envelope attributes not listed here may appear (changes within a version are " +
      "additive): accept and ignore them. A field with a `default` may be absent: read it as " +
      "that default.",
    ...(definition.internal
      ? ["INTERNAL: carries a single-use secret or a person's address; never published or logged."]
      : []),
  ].join("\n\n");
  return {
    $schema,
    $id: schemaId(definition.type),
    title: `${definition.type}: ${definition.title}`,
    description,
    ...schema,
    examples: [definition.example],
  };
}

export interface SchemaIndexEntry {
  type: string;
  topic: string;
  schema: string;
  audience: CatalogueAudience;
  title: string;
  producer: string;
  subject_field: string;
}

/** index.json: every type, its topic, its schema file and whether it is public or internal. */
export function schemaIndex(
  definitions: readonly AnyEventDefinition[],
  audiences: readonly CatalogueAudience[] = ["public", "internal"],
) {
  const types: SchemaIndexEntry[] = [...definitions]
    .sort(byType)
    .filter((definition) => audiences.includes(audienceOf(definition)))
    .map((definition) => ({
      type: definition.type,
      topic: definition.topic,
      schema: schemaFileName(definition.type),
      audience: audienceOf(definition),
      title: definition.title,
      producer: definition.producer,
      subject_field: definition.subjectField,
    }));
  return {
    title: "Turnout event JSON Schemas",
    description:
      "One JSON Schema (draft 2020-12) per event type: the whole CloudEvents envelope, the " +
      "Kafka message value. Generated from @turnout/contracts (`npm run catalogue`); do not " +
      "edit by hand. docs/consuming-events.md explains how to consume the topics.",
    version: CATALOGUE_VERSION,
    types,
  };
}

/** Every file of docs/schemas/ by name, with its exact text (2-space JSON, final newline). */
export function renderSchemaFiles(definitions: readonly AnyEventDefinition[]): Map<string, string> {
  const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files = new Map<string, string>();
  for (const definition of [...definitions].sort(byType)) {
    files.set(schemaFileName(definition.type), text(eventJsonSchema(definition)));
  }
  files.set(SCHEMA_INDEX_FILE, text(schemaIndex(definitions)));
  return files;
}
