import { z } from "zod";
import { badRequest, notFound, principalOf, unprocessable, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { assertActive } from "../webhooks/endpoint-rules";
import {
  attemptReply,
  deliveryDetailSchema,
  deliveryParams,
  deliveryReply,
  deliverySchema,
  endpointParams,
  pageOf,
  queuedSchema,
} from "./webhook-schema";

const OWNERS = { roles: ["organizer", "admin"] } as const;
/** At most this many events per replay call (docs/integrations.md). */
export const MAX_REPLAY = 10_000;

const logQuery = z.object({
  status: z.enum(["pending", "succeeded", "failed"]).optional(),
  event_type: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional().describe("`next_cursor` of the previous page."),
});

const replayBody = z
  .strictObject({
    since: z.iso.datetime({ offset: true }).describe("Start of the range (inclusive)."),
    until: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("End of the range (exclusive); now by default."),
  })
  .meta({ id: "WebhookReplay" });

/** `/api/v1/webhooks/endpoints/{id}/...`: an endpoint's delivery log, resend and replay. */
export function webhookDeliveryRoutes(api: ServiceApi, deps: AppDeps): void {
  const { webhookEndpoints, webhookDeliveries } = deps.data.repos;
  const retentionMs = deps.webhooks.settings.retentionDays * 86_400_000;

  const endpointOf = async (ownerId: string, id: string) => {
    const endpoint = await webhookEndpoints.find(ownerId, id);
    if (!endpoint) throw notFound("not_found", "No such webhook endpoint.");
    return endpoint;
  };

  api.route(
    {
      method: "get",
      path: "/endpoints/:id/deliveries",
      summary: "An endpoint's deliveries, newest first",
      auth: OWNERS,
      scope: "webhooks:read",
      request: { params: endpointParams, query: logQuery },
      responses: {
        200: {
          description: "One page of the log.",
          schema: pageOf(deliverySchema, "WebhookDeliveryPage"),
        },
      },
      problems: { 404: "`not_found`: no such endpoint of yours." },
    },
    async ({ params, query }, _req, res) => {
      await endpointOf(principalOf(res).subject, params.id);
      const beforeSeq = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && beforeSeq === undefined) {
        throw badRequest("invalid_cursor", "The cursor is not one this API issued.");
      }
      // One more than asked tells whether another page exists.
      const rows = await webhookDeliveries.list(params.id, {
        limit: query.limit + 1,
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.event_type === undefined ? {} : { eventType: query.event_type }),
        ...(beforeSeq === undefined ? {} : { beforeSeq }),
      });
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      res.json({
        items: items.map(deliveryReply),
        next_cursor: rows.length > query.limit && last ? encodeCursor(last.seq) : null,
      });
    },
  );

  api.route(
    {
      method: "get",
      path: "/endpoints/:id/deliveries/:delivery_id",
      summary: "One delivery with its payload and attempts",
      auth: OWNERS,
      scope: "webhooks:read",
      request: { params: deliveryParams },
      responses: { 200: { description: "The delivery.", schema: deliveryDetailSchema } },
      problems: { 404: "`not_found`: no such endpoint or delivery of yours." },
    },
    async ({ params }, _req, res) => {
      await endpointOf(principalOf(res).subject, params.id);
      const delivery = await webhookDeliveries.find(params.id, params.delivery_id);
      if (!delivery) throw notFound("not_found", "No such delivery.");
      res.json({
        ...deliveryReply(delivery),
        payload: delivery.payload,
        attempt_log: delivery.attemptLog.map(attemptReply),
      });
    },
  );

  api.route(
    {
      method: "post",
      path: "/endpoints/:id/deliveries/:delivery_id/resend",
      summary: "Send one delivery again",
      auth: OWNERS,
      scope: "webhooks:write",
      request: { params: deliveryParams },
      responses: {
        202: {
          description: "A new delivery of the same event (same `webhook-id`).",
          schema: queuedSchema,
        },
      },
      problems: {
        404: "`not_found`: no such endpoint or delivery of yours.",
        409: "`endpoint_disabled`: turn it on first.",
      },
    },
    async ({ params }, _req, res) => {
      const endpoint = await endpointOf(principalOf(res).subject, params.id);
      const delivery = await webhookDeliveries.find(params.id, params.delivery_id);
      if (!delivery) throw notFound("not_found", "No such delivery.");
      assertActive(endpoint.status);
      const deliveryId = await webhookDeliveries.queue({
        endpointId: params.id,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        aggregateKey: delivery.aggregateKey,
        origin: "resend",
        payload: delivery.payload,
      });
      res.status(202).json({ delivery_id: deliveryId });
    },
  );

  api.route(
    {
      method: "post",
      path: "/endpoints/:id/replay",
      summary: "Send every event of a time range again",
      description:
        "Each event first delivered to the endpoint in `[since, until)` once more, in the " +
        "original order, as new deliveries (same `webhook-id`s).",
      auth: OWNERS,
      scope: "webhooks:write",
      request: { params: endpointParams, body: replayBody },
      responses: {
        202: {
          description: "How many deliveries were queued.",
          schema: z.object({ queued: z.number().int() }).meta({ id: "WebhookReplayQueued" }),
        },
      },
      problems: {
        404: "`not_found`: no such endpoint of yours.",
        409: "`endpoint_disabled`: turn it on first.",
        422:
          `\`replay_too_large\`: more than ${MAX_REPLAY} events; \`replay_out_of_range\`: ` +
          "`since` is older than the retention, or not before `until`.",
      },
    },
    async ({ params, body }, _req, res) => {
      const endpoint = await endpointOf(principalOf(res).subject, params.id);
      assertActive(endpoint.status);
      const since = new Date(body.since);
      const until = body.until === undefined ? new Date() : new Date(body.until);
      if (since.getTime() < Date.now() - retentionMs || since >= until) {
        throw unprocessable(
          "replay_out_of_range",
          `since must be within the last ${deps.webhooks.settings.retentionDays} days and before until.`,
        );
      }
      if ((await webhookDeliveries.countReplay(params.id, since, until)) > MAX_REPLAY) {
        throw unprocessable(
          "replay_too_large",
          `At most ${MAX_REPLAY} events per replay; choose a shorter range.`,
        );
      }
      res.status(202).json({ queued: await webhookDeliveries.replay(params.id, since, until) });
    },
  );
}
