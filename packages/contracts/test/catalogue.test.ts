import { DiagnosticSeverity, Parser } from "@asyncapi/parser";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { buildCatalogue, defineEvent, eventRegistry, type AsyncApiDocument } from "../src";
import { CATALOGUE_FILES, renderCatalogue } from "../src/catalogue/write-catalogue";

// A future internal topic: its token must reach the mailer but never a public document.
const passwordResetRequestedV1 = defineEvent({
  type: "turnout.password-reset.requested.v1",
  topic: "password-reset-requested",
  version: 1,
  title: "Password reset requested (v1)",
  description: "A user asked for a password reset; carries the single-use token to the mailer.",
  producer: "auth-service",
  consumers: ["notification-service"],
  subjectField: "user_id",
  internal: true,
  data: z.looseObject({ user_id: z.uuid(), email: z.email(), token: z.string().min(32) }),
  example: {
    specversion: "1.0",
    id: "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a",
    source: "/turnout/auth-service",
    type: "turnout.password-reset.requested.v1",
    time: "2025-09-03T10:00:00.000Z",
    subject: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
    datacontenttype: "application/json",
    data: {
      user_id: "0b9d6f4e-3c1a-4e8b-9f2d-7a5c1e3b8d10",
      email: "ada@example.com",
      token: "example-token-0123456789abcdef0123456789",
    },
  },
});

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

  it("documents every registered topic and its dead-letter topic", () => {
    const topics = [...new Set(eventRegistry.map((definition) => definition.topic))];
    const expected = topics.flatMap((topic) => [topic, `${topic}.dlq`]).sort();
    expect(addresses(buildCatalogue(eventRegistry, "public"))).toEqual(expected);
  });

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
    const definitions = [...eventRegistry, passwordResetRequestedV1];
    const publicDocument = buildCatalogue(definitions, "public");
    const internalDocument = buildCatalogue(definitions, "internal");

    const publicText = JSON.stringify(publicDocument);
    expect(publicText.includes("password-reset")).toBe(false);
    expect(publicText.includes("example-token")).toBe(false);
    expect(addresses(internalDocument)).toEqual([
      "password-reset-requested",
      "password-reset-requested.dlq",
    ]);
    expect(internalDocument["x-internal"]).toBe(true);
    expect(internalDocument.info).toMatchObject({ "x-internal": true });
    expect(await errorsOf(internalDocument)).toEqual([]);
  });

  it("refuses a topic whose definitions disagree on being internal", () => {
    const leakyV2 = { ...passwordResetRequestedV1, internal: false, version: 2 };
    const definitions = [...eventRegistry, passwordResetRequestedV1, leakyV2];
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
