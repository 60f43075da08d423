import { z } from "zod";
import type { DeliveryView, AttemptView } from "../data/webhook-deliveries";
import type { WebhookEndpoint } from "../data/webhook-endpoints";
import { allowedEventTypes, WEBHOOK_TEST_TYPE } from "../webhooks/event-types";

const ALL_TYPES = allowedEventTypes("admin");

const eventTypesSchema = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(ALL_TYPES.length + 1)
  .refine((types) => new Set(types).size === types.length, "must not repeat a type")
  .describe(
    `The types to receive, or \`["*"]\` for every type the endpoint may receive: ` +
      `${ALL_TYPES.map((t) => `\`${t}\``).join(", ")} (\`user.*\` for admins only).`,
  );

const urlSchema = z
  .string()
  .min(1)
  .max(2048)
  .describe("Where deliveries are POSTed: `https://` (no credentials), a public address.");

const descriptionSchema = z.string().trim().max(500).nullable();

export const createEndpointBody = z
  .strictObject({
    url: urlSchema,
    event_types: eventTypesSchema,
    event_id: z.uuid().optional().describe("Only this event's messages (an organizer's own)."),
    description: descriptionSchema.optional(),
  })
  .meta({ id: "WebhookEndpointCreate" });

export const updateEndpointBody = z
  .strictObject({
    url: urlSchema.optional(),
    event_types: eventTypesSchema.optional(),
    description: descriptionSchema.optional(),
    enabled: z
      .boolean()
      .optional()
      .describe("`true` re-enables a disabled endpoint (replay to catch up); `false` pauses it."),
  })
  .meta({ id: "WebhookEndpointUpdate" });

export const endpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    event_types: z.array(z.string()),
    event_id: z.uuid().nullable(),
    description: z.string().nullable(),
    status: z.enum(["active", "disabled"]),
    disabled_reason: z
      .string()
      .nullable()
      .describe("`failing` (disabled by Turnout) or `by_owner`; null while active."),
    failing_since: z.iso
      .datetime()
      .nullable()
      .describe("The first failed attempt since the last success."),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "WebhookEndpoint" });

export const createdEndpointSchema = endpointSchema
  .extend({
    secret: z.string().describe("`whsec_...`: shown only here; verify deliveries with it."),
  })
  .meta({ id: "WebhookEndpointCreated" });

export const endpointReply = (e: WebhookEndpoint): z.infer<typeof endpointSchema> => ({
  id: e.id,
  url: e.url,
  event_types: e.eventTypes,
  event_id: e.eventId,
  description: e.description,
  status: e.status,
  disabled_reason: e.disabledReason,
  failing_since: e.failingSince?.toISOString() ?? null,
  created_at: e.createdAt.toISOString(),
  updated_at: e.updatedAt.toISOString(),
});

export const endpointParams = z.object({ id: z.uuid() });
export const deliveryParams = z.object({ id: z.uuid(), delivery_id: z.uuid() });

export const deliverySchema = z
  .object({
    id: z.uuid(),
    event_id: z.string().describe("The CloudEvent id: the `webhook-id` header."),
    event_type: z.string().describe(`A catalogue type, or \`${WEBHOOK_TEST_TYPE}\`.`),
    origin: z.enum(["stream", "test", "resend", "replay"]),
    status: z.enum(["pending", "succeeded", "failed"]),
    response_status: z.number().int().nullable(),
    attempts: z.number().int(),
    latency_ms: z.number().int().nullable(),
    last_attempt_at: z.iso.datetime().nullable(),
    next_attempt_at: z.iso.datetime().nullable().describe("Null once settled."),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "WebhookDelivery" });

export const deliveryReply = (d: DeliveryView): z.infer<typeof deliverySchema> => ({
  id: d.id,
  event_id: d.eventId,
  event_type: d.eventType,
  origin: d.origin,
  status: d.status,
  response_status: d.responseStatus,
  attempts: d.attempts,
  latency_ms: d.latencyMs,
  last_attempt_at: d.lastAttemptAt?.toISOString() ?? null,
  next_attempt_at: d.nextAttemptAt?.toISOString() ?? null,
  created_at: d.createdAt.toISOString(),
});

export const deliveryDetailSchema = deliverySchema
  .extend({
    payload: z.string().describe("The exact body that was sent and signed."),
    attempt_log: z.array(
      z.object({
        at: z.iso.datetime(),
        response_status: z.number().int().nullable(),
        latency_ms: z.number().int(),
        error: z
          .string()
          .nullable()
          .describe(
            "`timeout`, `address_not_allowed`, `connection_failed`, `redirect`, `http_status`, ...",
          ),
        response_excerpt: z.string().nullable().describe("The answer's first 1 KiB."),
      }),
    ),
  })
  .meta({ id: "WebhookDeliveryDetail" });

export const attemptReply = (a: AttemptView) => ({
  at: a.at.toISOString(),
  response_status: a.responseStatus,
  latency_ms: a.latencyMs,
  error: a.error,
  response_excerpt: a.responseExcerpt,
});

export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      next_cursor: z
        .string()
        .nullable()
        .describe("Pass as `cursor` for the next page; null at the end."),
    })
    .meta({ id });

export const queuedSchema = z
  .object({ delivery_id: z.uuid() })
  .meta({ id: "WebhookDeliveryQueued" });
