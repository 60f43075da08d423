import { randomUUID } from "node:crypto";
import { conflict, notFound, principalOf, type ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import {
  assertEventAccess,
  assertEventTypes,
  assertUrl,
  ownerKindOf,
} from "../webhooks/endpoint-rules";
import { generateWebhookSecret } from "../webhooks/outbound";
import {
  createdEndpointSchema,
  createEndpointBody,
  endpointParams,
  endpointReply,
  endpointSchema,
  pageOf,
  updateEndpointBody,
} from "./webhook-schema";

const OWNERS = { roles: ["organizer", "admin"] } as const;
const NOT_FOUND = "`not_found`: no such endpoint of yours.";

const endpointOf = async (deps: AppDeps, ownerId: string, id: string) => {
  const endpoint = await deps.data.repos.webhookEndpoints.find(ownerId, id);
  if (!endpoint) throw notFound("not_found", "No such webhook endpoint.");
  return endpoint;
};

/** `/api/v1/webhooks/endpoints`: an owner's endpoints (docs/integrations.md#webhooks). */
export function webhookEndpointRoutes(api: ServiceApi, deps: AppDeps): void {
  const { webhookEndpoints } = deps.data.repos;
  const { webhooks } = deps;
  const checkUrl = (url: string) => assertUrl(webhooks.checkUrl, url);

  api.route(
    {
      method: "post",
      path: "/endpoints",
      summary: "Register a webhook endpoint",
      auth: OWNERS,
      scope: "webhooks:write",
      request: { body: createEndpointBody },
      responses: {
        201: {
          description: "The endpoint and its secret (shown once).",
          schema: createdEndpointSchema,
        },
      },
      problems: {
        403: "`forbidden`: the event is another organizer's.",
        409: "`too_many_endpoints`: the owner has WEBHOOK_MAX_ENDPOINTS_PER_OWNER already.",
        422: "`url_not_allowed`, `event_type_not_allowed`.",
      },
    },
    async ({ body }, _req, res) => {
      const principal = principalOf(res);
      const kind = ownerKindOf(principal);
      assertEventTypes(kind, body.event_types);
      await assertEventAccess(deps.data.repos, principal, body.event_id);
      await checkUrl(body.url);
      const id = randomUUID();
      const secret = generateWebhookSecret();
      const endpoint = await webhookEndpoints.create({
        id,
        ownerId: principal.subject,
        ownerKind: kind,
        eventId: body.event_id ?? null,
        url: body.url,
        eventTypes: body.event_types,
        description: body.description ?? null,
        secretCiphertext: webhooks.secrets.seal(secret, id),
        maxPerOwner: webhooks.settings.maxEndpointsPerOwner,
      });
      if (!endpoint) {
        throw conflict(
          "too_many_endpoints",
          `At most ${webhooks.settings.maxEndpointsPerOwner} endpoints per owner.`,
        );
      }
      res.status(201).json({ ...endpointReply(endpoint), secret });
    },
  );

  api.route(
    {
      method: "get",
      path: "/endpoints",
      summary: "My webhook endpoints, newest first",
      auth: OWNERS,
      scope: "webhooks:read",
      responses: {
        200: {
          description: "Every endpoint of the caller (at most the per-owner limit: one page).",
          schema: pageOf(endpointSchema, "WebhookEndpointPage"),
        },
      },
    },
    async (_input, _req, res) => {
      const items = await webhookEndpoints.list(
        principalOf(res).subject,
        webhooks.settings.maxEndpointsPerOwner,
      );
      res.json({ items: items.map(endpointReply), next_cursor: null });
    },
  );

  api.route(
    {
      method: "get",
      path: "/endpoints/:id",
      summary: "One of my webhook endpoints",
      auth: OWNERS,
      scope: "webhooks:read",
      request: { params: endpointParams },
      responses: { 200: { description: "The endpoint.", schema: endpointSchema } },
      problems: { 404: NOT_FOUND },
    },
    async ({ params }, _req, res) => {
      res.json(endpointReply(await endpointOf(deps, principalOf(res).subject, params.id)));
    },
  );

  api.route(
    {
      method: "patch",
      path: "/endpoints/:id",
      summary: "Change a webhook endpoint, or turn it on or off",
      auth: OWNERS,
      scope: "webhooks:write",
      request: { params: endpointParams, body: updateEndpointBody },
      responses: { 200: { description: "The endpoint after the change.", schema: endpointSchema } },
      problems: { 404: NOT_FOUND, 422: "`url_not_allowed`, `event_type_not_allowed`." },
    },
    async ({ params, body }, _req, res) => {
      const principal = principalOf(res);
      const current = await endpointOf(deps, principal.subject, params.id);
      if (body.event_types) assertEventTypes(current.ownerKind, body.event_types);
      if (body.url !== undefined) await checkUrl(body.url);
      const updated = await deps.data.transaction(async (tx) => {
        const endpoint = await tx.webhookEndpoints.update(principal.subject, params.id, {
          url: body.url,
          eventTypes: body.event_types,
          description: body.description,
          enabled: body.enabled,
        });
        // Paused: what was waiting is given up (a replay sends it again).
        if (endpoint?.status === "disabled") await tx.webhookDispatch.failPending(params.id);
        return endpoint;
      });
      if (!updated) throw notFound("not_found", "No such webhook endpoint.");
      res.json(endpointReply(updated));
    },
  );

  api.route(
    {
      method: "delete",
      path: "/endpoints/:id",
      summary: "Delete a webhook endpoint and its deliveries",
      auth: OWNERS,
      scope: "webhooks:write",
      request: { params: endpointParams },
      responses: { 204: { description: "Deleted; pending deliveries are dropped." } },
      problems: { 404: NOT_FOUND },
    },
    async ({ params }, _req, res) => {
      if (!(await webhookEndpoints.remove(principalOf(res).subject, params.id))) {
        throw notFound("not_found", "No such webhook endpoint.");
      }
      res.status(204).end();
    },
  );
}
