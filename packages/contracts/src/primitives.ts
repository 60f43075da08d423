import { z } from "zod";

/** Field schemas shared by several events, so every event spells a time or an id the same way. */

export const ROLES = ["attendee", "organizer", "admin"] as const;
export type Role = (typeof ROLES)[number];

// No `examples` on the shared primitives: every field would inherit the same sample value,
// and each message carries a complete, coherent example instead.
export const uuidSchema = z.uuid().describe("A UUID (RFC 9562).");

// Offsets are accepted because RFC 3339 allows them and a consumer loses nothing by reading
// them; producers write UTC (`Z`) as the HTTP API does.
export const timestampSchema = z.iso
  .datetime({ offset: true })
  .describe("An RFC 3339 date-time; producers write UTC (`Z`).");

export const roleSchema = z.enum(ROLES).meta({
  description:
    "A platform role. A value added here is a breaking change for consumers that check it, " +
    "so it ships as a new event type version.",
});

// The shape of an IANA zone name (`Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`,
// `Etc/GMT+5`), not membership of the zone database: a consumer whose tz data is older than the
// producer's must not dead-letter an event over a zone it does not know yet.
export const ianaTimeZoneSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/)
  .meta({ description: "An IANA time zone name.", examples: ["Europe/Berlin"] });

// W3C Trace Context `traceparent`; the optional tail admits fields a later version may append.
export const traceparentSchema = z
  .string()
  .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(?:-[0-9a-f-]+)?$/)
  .meta({
    description:
      "W3C Trace Context `traceparent` of the request that caused the event " +
      "(CloudEvents distributed-tracing extension).",
    examples: ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
  });
