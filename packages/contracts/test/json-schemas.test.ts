import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { eventRegistry, type AnyEventDefinition } from "../src";
import {
  renderSchemaFiles,
  schemaFileName,
  schemaIndex,
  type SchemaIndexEntry,
} from "../src/catalogue/event-schemas";

type Json = Record<string, unknown>;

// What a consumer in another language does: load the generated files into a maintained
// validator, in strict mode so a keyword it does not know is an error rather than ignored.
const files = renderSchemaFiles(eventRegistry);
const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
for (const [name, text] of files) {
  if (name !== "index.json") ajv.addSchema(JSON.parse(text) as Json, name);
}

const definitions: [string, AnyEventDefinition][] = eventRegistry.map((d) => [d.type, d]);
const validate = (definition: AnyEventDefinition, message: unknown) => {
  const check = ajv.getSchema(schemaFileName(definition.type));
  if (!check) throw new Error(`no schema for ${definition.type}`);
  return check(message) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};
const clone = (value: unknown) => JSON.parse(JSON.stringify(value)) as Json;

describe("JSON Schema per event type", () => {
  it.each(definitions)("%s: its example validates", (_type, definition) => {
    expect(validate(definition, definition.example)).toEqual([]);
    // And as a producer writes it: parsed, defaults filled in.
    expect(validate(definition, clone(definition.envelope.parse(definition.example)))).toEqual([]);
  });

  it.each(definitions)(
    "%s: a missing field, a wrong type or another version is refused",
    (_type, definition) => {
      const example = clone(definition.example);
      const data = Object.fromEntries(
        Object.entries(example.data as Json).filter(([key]) => key !== definition.subjectField),
      );
      expect(validate(definition, { ...example, data })).not.toEqual([]);

      const badId = { ...clone(definition.example), id: "not-a-uuid" };
      expect(validate(definition, badId)).not.toEqual([]);

      const nextVersion = {
        ...clone(definition.example),
        type: definition.type.replace(/v\d+$/, "v9"),
      };
      expect(validate(definition, nextVersion)).not.toEqual([]);
    },
  );

  it("accepts fields and attributes it does not know (the additive rule)", () => {
    for (const definition of eventRegistry) {
      const message = clone(definition.example);
      message.partitionkey = "an extension attribute";
      (message.data as Json).added_later = { any: ["shape"] };
      expect(validate(definition, message)).toEqual([]);
    }
  });

  it("describes the whole envelope with $id, title and description", () => {
    const ids = new Set<string>();
    for (const definition of eventRegistry) {
      const schema = JSON.parse(files.get(schemaFileName(definition.type))!) as Json;
      expect(schema).toMatchObject({
        $schema: "https://json-schema.org/draft/2020-12/schema",
        title: expect.stringContaining(definition.type),
        description: expect.stringContaining(`data.${definition.subjectField}`),
        required: expect.arrayContaining(["specversion", "id", "type", "subject", "data"]),
      });
      ids.add(schema.$id as string);
    }
    expect(ids.size).toBe(eventRegistry.length);
  });

  it("indexes every type once with its topic, file and audience", () => {
    const { types } = JSON.parse(files.get("index.json")!) as { types: SchemaIndexEntry[] };
    expect(types.map((entry) => entry.type).sort()).toEqual(
      eventRegistry.map((definition) => definition.type).sort(),
    );
    for (const definition of eventRegistry) {
      expect(types.find((entry) => entry.type === definition.type)).toMatchObject({
        topic: definition.topic,
        schema: schemaFileName(definition.type),
        audience: definition.internal ? "internal" : "public",
      });
    }
    // The published index (the docs site's) leaves the internal types out.
    const published = schemaIndex(eventRegistry, ["public"]).types.map((entry) => entry.topic);
    expect(published).not.toContain("password-reset-requested");
    expect(published).toContain("registration-confirmed");
  });
});
