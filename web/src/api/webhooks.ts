import * as z from "zod/mini";
import { apiJson, apiSend, queryString } from "./client";
import { type Page, pageOf } from "./page";

/** Webhook endpoints and their delivery logs (docs/integrations.md "Webhooks"). */
const base = "/api/v1/webhooks/endpoints";
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  event_types: z.array(z.string()),
  event_id: z.catch(z.nullable(z.string()), null),
  description: z.catch(z.nullable(z.string()), null),
  status: z.catch(z.string(), "active"),
  disabled_reason: z.catch(z.nullable(z.string()), null),
  failing_since: z.catch(z.nullable(z.string()), null),
  created_at: z.string(),
});
export type WebhookEndpoint = z.infer<typeof endpointSchema>;

const createdSchema = z.extend(endpointSchema, { secret: z.string() });

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const deliverySchema = z.object({
  id: z.string(),
  /** The CloudEvent's id: the `webhook-id` a receiver deduplicates on. */
  event_id: z.string(),
  event_type: z.string(),
  status: z.string(),
  response_status: z.catch(z.nullable(z.number()), null),
  attempts: z.catch(z.number(), 0),
  latency_ms: z.catch(z.nullable(z.number()), null),
  last_attempt_at: z.catch(z.nullable(z.string()), null),
  next_attempt_at: z.catch(z.nullable(z.string()), null),
  created_at: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const attemptSchema = z.object({
  at: z.string(),
  response_status: z.catch(z.nullable(z.number()), null),
  latency_ms: z.catch(z.nullable(z.number()), null),
  error: z.catch(z.nullable(z.string()), null),
  response_excerpt: z.catch(z.nullable(z.string()), null),
});
export type Attempt = z.infer<typeof attemptSchema>;

export const deliveryDetailSchema = z.extend(deliverySchema, {
  /** The exact body that was sent and signed. */
  payload: z.catch(z.nullable(z.string()), null),
  attempt_log: z.catch(z.array(attemptSchema), []),
});
export type DeliveryDetail = z.infer<typeof deliveryDetailSchema>;

const endpointPage = pageOf(endpointSchema);
const deliveryPage = pageOf(deliverySchema);
const queuedSchema = z.object({ delivery_id: z.string() });

export interface EndpointInput {
  url: string;
  event_types: string[];
  event_id?: string;
  description?: string;
}

export type EndpointChanges = Partial<Omit<EndpointInput, "event_id" | "description">> & {
  /** null clears it. */
  description?: string | null;
  enabled?: boolean;
};

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const listEndpoints = (
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<Page<WebhookEndpoint>> =>
  apiJson(`${base}${queryString({ cursor })}`, (b) => endpointPage.parse(b), {
    auth: true,
    ...withSignal(signal),
  });

export const getEndpoint = (id: string, signal?: AbortSignal) =>
  apiJson(one(id), (b) => endpointSchema.parse(b), { auth: true, ...withSignal(signal) });

export const createEndpoint = (input: EndpointInput) =>
  apiJson(base, (b) => createdSchema.parse(b), { method: "POST", json: input, auth: true });

export const updateEndpoint = (id: string, changes: EndpointChanges) =>
  apiJson(one(id), (b) => endpointSchema.parse(b), { method: "PATCH", json: changes, auth: true });

export const deleteEndpoint = (id: string) => apiSend(one(id), { method: "DELETE", auth: true });

export const rotateSecret = (id: string, graceSeconds: number) =>
  apiJson(
    `${one(id)}/secret/rotate`,
    (b) => z.object({ secret: z.string(), previous_secret_expires_at: z.string() }).parse(b),
    { method: "POST", json: { grace_seconds: graceSeconds }, auth: true },
  );

export const sendTest = (id: string) =>
  apiJson(`${one(id)}/test`, (b) => queuedSchema.parse(b), {
    method: "POST",
    json: {},
    auth: true,
  });

export const listDeliveries = (
  id: string,
  filters: { status?: string; cursor?: string | undefined },
  signal?: AbortSignal,
): Promise<Page<Delivery>> =>
  apiJson(
    `${one(id)}/deliveries${queryString({ ...filters, limit: 25 })}`,
    (b) => deliveryPage.parse(b),
    { auth: true, ...withSignal(signal) },
  );

export const getDelivery = (id: string, deliveryId: string, signal?: AbortSignal) =>
  apiJson(
    `${one(id)}/deliveries/${encodeURIComponent(deliveryId)}`,
    (b) => deliveryDetailSchema.parse(b),
    { auth: true, ...withSignal(signal) },
  );

export const resendDelivery = (id: string, deliveryId: string) =>
  apiJson(
    `${one(id)}/deliveries/${encodeURIComponent(deliveryId)}/resend`,
    (b) => queuedSchema.parse(b),
    { method: "POST", json: {}, auth: true },
  );

export const replaySince = (id: string, since: string) =>
  apiJson(`${one(id)}/replay`, (b) => z.object({ queued: z.number() }).parse(b), {
    method: "POST",
    json: { since },
    auth: true,
  });
