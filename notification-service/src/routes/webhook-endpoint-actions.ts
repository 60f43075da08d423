import { z } from "zod";
import { notFound, principalOf, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { assertActive, testEvent } from "../webhooks/endpoint-rules";
import { generateWebhookSecret } from "../webhooks/outbound";
import { endpointParams, queuedSchema } from "./webhook-schema";

const OWNERS = { roles: ["organizer", "admin"] } as const;
const NOT_FOUND = "`not_found`: no such endpoint of yours.";
const MAX_GRACE_SECONDS = 7 * 86_400;

const rotateBody = z
  .strictObject({
    grace_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_SECONDS)
      .default(86_400)
      .describe("How long the old secret keeps signing beside the new one (default one day)."),
  })
  .optional();

/** `/api/v1/webhooks/endpoints/{id}/...`: rotating an endpoint's secret, test-sends. */
export function webhookEndpointActionRoutes(api: ServiceApi, deps: AppDeps): void {
  const { webhookEndpoints, webhookDeliveries } = deps.data.repos;
  const { webhooks } = deps;
  const endpointOf = async (ownerId: string, id: string) => {
    const endpoint = await webhookEndpoints.find(ownerId, id);
    if (!endpoint) throw notFound("not_found", "No such webhook endpoint.");
    return endpoint;
  };

  api.route(
    {
      method: "post",
      path: "/endpoints/:id/secret/rotate",
      summary: "Rotate an endpoint's secret, with a grace period",
      auth: OWNERS,
      scope: "webhooks:write",
      request: { params: endpointParams, body: rotateBody },
      responses: {
        200: {
          description:
            "The new secret (shown once); the old one signs beside it until the time given.",
          schema: z
            .object({ secret: z.string(), previous_secret_expires_at: z.iso.datetime() })
            .meta({ id: "WebhookSecretRotated" }),
        },
      },
      problems: { 404: NOT_FOUND },
    },
    async ({ params, body }, _req, res) => {
      const ownerId = principalOf(res).subject;
      await endpointOf(ownerId, params.id);
      const secret = generateWebhookSecret();
      const expires = await webhookEndpoints.rotate(
        ownerId,
        params.id,
        webhooks.secrets.seal(secret, params.id),
        body?.grace_seconds ?? 86_400,
      );
      if (!expires) throw notFound("not_found", "No such webhook endpoint.");
      res.json({ secret, previous_secret_expires_at: expires.toISOString() });
    },
  );

  api.route(
    {
      method: "post",
      path: "/endpoints/:id/test",
      summary: "Queue a test delivery",
      auth: OWNERS,
      scope: "webhooks:write",
      request: { params: endpointParams },
      responses: {
        202: {
          description: `A \`turnout.webhook.test.v1\` delivery is queued.`,
          schema: queuedSchema,
        },
      },
      problems: { 404: NOT_FOUND, 409: "`endpoint_disabled`: turn it on first." },
    },
    async ({ params }, _req, res) => {
      const endpoint = await endpointOf(principalOf(res).subject, params.id);
      assertActive(endpoint.status);
      const event = testEvent(endpoint.id);
      const deliveryId = await webhookDeliveries.queue({
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: event.type,
        aggregateKey: event.aggregateKey,
        origin: "test",
        payload: event.payload,
      });
      res.status(202).json({ delivery_id: deliveryId });
    },
  );
}
