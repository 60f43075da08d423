import { DiagnosticSeverity, Parser } from "@asyncapi/parser";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  buildCatalogue,
  eventRegistry,
  passwordResetRequestedV1,
  type AsyncApiDocument,
} from "../src";
import { renderSchemaFiles } from "../src/catalogue/event-schemas";
import { CATALOGUE_FILES, renderCatalogue, SCHEMA_DIR } from "../src/catalogue/write-catalogue";

const parser = new Parser();

/**
 * Error-severity diagnostics of the AsyncAPI parser and its Spectral ruleset. The severity enum
 * reaches us through two copies of @stoplight/types, which typescript-eslint
 * refuses to compare with `===`.
 */
async function errorsOf(document: AsyncApiDocument | string): Promise<string[]> {
  const text = typeof document === "string" ? document : JSON.stringify(document);
  const diagnostics = await parser.validate(text);
  return diagnostics
    .filter((diagnostic) => Object.is(diagnostic.severity, DiagnosticSeverity.Error))
    .map((diagnostic) => `${diagnostic.path.join("/")}: ${diagnostic.message}`);
}

const addresses = (document: AsyncApiDocument) =>
  Object.values(document.channels as Record<string, { address: string }>)
    .map((channel) => channel.address)
    .sort();

describe("AsyncAPI catalogue", () => {
  it.each(["public", "internal"] as const)("the committed %s catalogue is current", (audience) => {
    const committed = readFileSync(CATALOGUE_FILES[audience], "utf8");
    const stale = `${CATALOGUE_FILES[audience]} is out of date: run \`npm run catalogue\``;
    expect(committed === renderCatalogue(audience) ? "current" : stale).toBe("current");
  });

  it("the committed JSON Schemas (docs/schemas) are current, one per type", () => {
    const expected = renderSchemaFiles(eventRegistry);
    const committed = readdirSync(SCHEMA_DIR).filter((name) => name.endsWith(".json"));
    expect(committed.sort()).toEqual([...expected.keys()].sort());
    const stale = [...expected]
      .filter(([name, text]) => readFileSync(path.join(SCHEMA_DIR, name), "utf8") !== text)
      .map(([name]) => `docs/schemas/${name} is out of date: run \`npm run catalogue\``);
    expect(stale).toEqual([]);
  });

  it.each(["public", "internal"] as const)(
    "the %s catalogue is valid AsyncAPI 3.0",
    async (audience) => {
      const text = renderCatalogue(audience);
      expect((JSON.parse(text) as AsyncApiDocument).asyncapi).toBe("3.0.0");
      expect(await errorsOf(text)).toEqual([]);
    },
  );

  it("the validation does catch a broken document", async () => {
    const document = buildCatalogue(eventRegistry, "public");
    const operations = document.operations as Record<string, Record<string, unknown>>;
    delete operations.sendUserRegistered?.action;
    expect(await errorsOf(document)).not.toEqual([]);
  });

  it.each(["public", "internal"] as const)(
    "the %s catalogue documents each of its topics and its dead-letter topic",
    (audience) => {
      const topics = [
        ...new Set(
          eventRegistry
            .filter((definition) => Boolean(definition.internal) === (audience === "internal"))
            .map((definition) => definition.topic),
        ),
      ];
      const expected = topics.flatMap((topic) => [topic, `${topic}.dlq`]).sort();
      expect(addresses(buildCatalogue(eventRegistry, audience))).toEqual(expected);
    },
  );

  it("describes ordering, delivery, dead letters and versioning", () => {
    const info = buildCatalogue(eventRegistry, "public").info as { description: string };
    for (const phrase of ["keyed by its aggregate id", "transactional outbox", "idempotent"]) {
      expect(info.description).toContain(phrase);
    }
    for (const phrase of ["<topic>.dlq", "x-dlq-original-offset", "new type version"]) {
      expect(info.description).toContain(phrase);
    }
  });

  it("keeps internal topics out of the public catalogue and in the internal one", async () => {
    const publicDocument = buildCatalogue(eventRegistry, "public");
    const internalDocument = buildCatalogue(eventRegistry, "internal");

    const publicText = JSON.stringify(publicDocument);
    expect(publicText.includes("password-reset-requested")).toBe(false);
    expect(publicText.includes("email-verification-requested")).toBe(false);
    expect(publicText.includes("example-reset-token")).toBe(false);
    expect(publicText.includes("example-verification-token")).toBe(false);
    expect(publicText.includes("seat-transfer-offered")).toBe(false);
    expect(publicText.includes("attendees-messaged")).toBe(false);
    expect(addresses(internalDocument)).toEqual([
      "attendees-messaged",
      "attendees-messaged.dlq",
      "email-verification-requested",
      "email-verification-requested.dlq",
      "password-reset-requested",
      "password-reset-requested.dlq",
      "seat-transfer-offered",
      "seat-transfer-offered.dlq",
    ]);
    // The committed files agree.
    expect(readFileSync(CATALOGUE_FILES.public, "utf8")).not.toContain("password-reset-requested");
    expect(readFileSync(CATALOGUE_FILES.internal, "utf8")).toContain("password-reset-requested");
    expect(internalDocument["x-internal"]).toBe(true);
    expect(internalDocument.info).toMatchObject({ "x-internal": true });
    expect(await errorsOf(internalDocument)).toEqual([]);
  });

  it("refuses a topic whose definitions disagree on being internal", () => {
    const leakyV2 = { ...passwordResetRequestedV1, internal: false, version: 2 };
    const definitions = [...eventRegistry, leakyV2];
    expect(() => buildCatalogue(definitions, "public")).toThrow(/password-reset-requested/);
  });

  it("gives each message the CloudEvents content type, its headers, key and payload", () => {
    const document = buildCatalogue(eventRegistry, "public");
    const messages = (document.components as { messages: Record<string, Record<string, unknown>> })
      .messages;
    const message = messages.userRegisteredV1!;
    expect(message.contentType).toBe("application/cloudevents+json");
    expect(message.name).toBe("turnout.user.registered.v1");
    expect(Object.keys((message.headers as { properties: object }).properties)).toEqual([
      "content-type",
      "ce-type",
      "x-request-id",
      "traceparent",
    ]);
    expect(message.payload).toMatchObject({
      properties: { type: { const: "turnout.user.registered.v1" } },
      required: expect.arrayContaining(["specversion", "id", "type", "subject", "data"]),
    });
    expect(message.bindings).toMatchObject({ kafka: { key: { format: "uuid" } } });
  });
});
