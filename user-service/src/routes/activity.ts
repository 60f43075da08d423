import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { RouteDeps } from ".";
import { decodeActivityCursor, listActivity } from "../domain/activity";
import { ACTIVITY_TYPES, type ActivityEntry } from "../domain/activity-rules";
import { cursorSchema, limitSchema, pageSchema } from "./pagination";
import { actorOf } from "./profile-schema";

const activityItem = z
  .object({
    id: z.uuid(),
    type: z.enum(ACTIVITY_TYPES),
    event_id: z.uuid(),
    registration_id: z.uuid(),
    at: z.iso.datetime().describe("When it happened (confirmed, cancelled, checked in)."),
    event_title: z.string().describe("The event's title at the time."),
    event_starts_at: z.iso.datetime(),
  })
  .meta({ id: "ActivityItem" });

const activityReply = (entry: ActivityEntry): z.input<typeof activityItem> => ({
  id: entry.id,
  type: entry.type,
  event_id: entry.eventId,
  registration_id: entry.registrationId,
  at: entry.at.toISOString(),
  event_title: entry.eventTitle,
  event_starts_at: entry.eventStartsAt.toISOString(),
});

export function activityRoutes(api: ServiceApi, deps: RouteDeps): void {
  api.route(
    {
      method: "get",
      path: "/me/activity",
      summary: "The caller's registration history, newest first",
      auth: "bearer",
      scope: "profile:read",
      request: {
        query: z.object({ limit: limitSchema, cursor: cursorSchema(decodeActivityCursor) }),
      },
      responses: {
        200: { description: "One page.", schema: pageSchema(activityItem, "ActivityPage") },
      },
    },
    async ({ query }, _req, res) => {
      const page = await listActivity(deps.profiles.data, actorOf(res).id, {
        limit: query.limit,
        after: query.cursor,
      });
      res.json({ items: page.items.map(activityReply), next_cursor: page.nextCursor });
    },
  );
}
