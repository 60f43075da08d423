import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import type { Helper } from "../data/check-in-helpers";
import {
  listHelpers,
  MAX_HELPERS_PER_EVENT,
  nameHelper,
  revokeHelper,
  scanEvents,
} from "../domain/check-in-helpers";
import { callerOf } from "./registrations";

// Check-in helpers (docs/tickets.md, "Check-in helpers").

const helperSchema = z
  .object({
    user_id: z.uuid(),
    display_name: z.string().nullable(),
    email: z.string().nullable().describe("Null when the account was deleted."),
    granted_at: z.iso.datetime(),
  })
  .meta({ id: "CheckInHelper", description: "Someone who may scan tickets for one event." });

const scanEventSchema = z
  .object({
    event_id: z.uuid(),
    title: z.string(),
    starts_at: z.iso.datetime(),
    ends_at: z.iso.datetime(),
    timezone: z.string(),
    location: z.string(),
    role: z.enum(["organizer", "helper"]),
  })
  .meta({ id: "CheckInEvent" });

const eventParams = z.object({ event_id: z.uuid() });
const helperParams = z.object({ event_id: z.uuid(), user_id: z.uuid() });
const nameBody = z.object({
  email: z.string().trim().min(3).max(254).describe("The account's email address."),
});

const helperReply = (helper: Helper) => ({
  user_id: helper.userId,
  display_name: helper.displayName,
  email: helper.email,
  granted_at: helper.grantedAt.toISOString(),
});

const managerOnly = {
  403: "`forbidden`: only the event's organizer or an admin.",
  404: "`event_not_found`.",
} as const;

export function checkInHelperRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: "/check-in-events",
      summary: "The events I may scan tickets for, as organizer or helper",
      description:
        "Published events that ended less than a day ago or later, soonest first, at most 100: " +
        "the caller's own (with the `organizer` role) and those they are a helper of.",
      auth: "bearer",
      scope: "checkin:write",
      responses: {
        200: { description: "The events.", schema: z.array(scanEventSchema) },
      },
    },
    async (_input, _req, res) => {
      const events = await scanEvents(deps, callerOf(res));
      res.json(
        events.map((e) => ({
          event_id: e.eventId,
          title: e.title,
          starts_at: e.startsAt.toISOString(),
          ends_at: e.endsAt.toISOString(),
          timezone: e.timezone,
          location: e.location,
          role: e.role,
        })),
      );
    },
  );

  api.route(
    {
      method: "get",
      path: "/events/:event_id/check-in-helpers",
      summary: "An event's check-in helpers (its organizer or an admin)",
      auth: "bearer",
      scope: "checkin:write",
      request: { params: eventParams },
      responses: { 200: { description: "The helpers.", schema: z.array(helperSchema) } },
      problems: managerOnly,
    },
    async ({ params }, _req, res) => {
      const helpers = await listHelpers(deps, callerOf(res), params.event_id);
      res.json(helpers.map(helperReply));
    },
  );

  api.route(
    {
      method: "post",
      path: "/events/:event_id/check-in-helpers",
      summary: "Name a check-in helper by email (the event's organizer or an admin)",
      description:
        "The helper may scan tickets for this event and see its check-in state and live view, " +
        `nothing else. Idempotent (200 when already named). At most ${MAX_HELPERS_PER_EVENT} ` +
        "per event.",
      auth: "bearer",
      scope: "checkin:write",
      request: { params: eventParams, body: nameBody },
      responses: {
        201: { description: "Named.", schema: helperSchema },
        200: { description: "Already a helper.", schema: helperSchema },
      },
      problems: {
        ...managerOnly,
        409: `\`too_many_helpers\`: the event already has ${MAX_HELPERS_PER_EVENT}.`,
        422: "`unknown_account`: no account has this email.",
      },
    },
    async ({ params, body }, _req, res) => {
      const { helper, created } = await nameHelper(
        deps,
        callerOf(res),
        params.event_id,
        body.email,
      );
      res.status(created ? 201 : 200).json(helperReply(helper));
    },
  );

  api.route(
    {
      method: "delete",
      path: "/events/:event_id/check-in-helpers/:user_id",
      summary: "Revoke a check-in helper (the event's organizer or an admin)",
      description:
        "Takes effect on the helper's next request; an open live stream ends at its next " +
        "heartbeat.",
      auth: "bearer",
      scope: "checkin:write",
      request: { params: helperParams },
      responses: { 204: { description: "Revoked (also when they were not a helper)." } },
      problems: managerOnly,
    },
    async ({ params }, _req, res) => {
      await revokeHelper(deps, callerOf(res), params.event_id, params.user_id);
      res.status(204).end();
    },
  );
}
