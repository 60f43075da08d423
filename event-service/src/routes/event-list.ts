import { z } from "zod";
import type { ServiceApi } from "@turnout/kit";
import type { AppDeps } from "../app";
import { EVENT_STATUSES } from "../domain/event";
import { listEvents } from "../domain/event-listing";
import { categoryInput, eventReply, eventSchema, timestampInput, uuidInput } from "./event-schema";

const listQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().optional().describe("`next_cursor` of the previous page."),
    q: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe(
        "Full-text search over title, category, location and description (English stemming; " +
          'web-search syntax: `"exact phrase"`, `or`, `-excluded`). Empty means no search.',
      ),
    from: timestampInput.optional().describe("Events starting at or after this instant."),
    to: timestampInput.optional().describe("Events starting before this instant."),
    category: categoryInput.optional(),
    organizer_id: uuidInput.optional(),
    status: z.enum(EVENT_STATUSES).default("published"),
  })
  .refine((query) => !query.from || !query.to || query.to > query.from, {
    message: "must be after from",
    path: ["to"],
  });

const eventPage = z
  .object({
    items: z.array(eventSchema),
    next_cursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor` for the next page; null at the end."),
  })
  .meta({ id: "EventPage" });

export function eventListRoutes(api: ServiceApi, deps: AppDeps): void {
  api.route(
    {
      method: "get",
      path: "/",
      summary: "Events in start order, filtered and paginated",
      description:
        "Ordered by `starts_at`, then `id`; keyset pagination, so paging while events are " +
        "added never repeats or skips one that existed when paging began.",
      auth: "none",
      request: { query: listQuery },
      responses: { 200: { description: "One page of events.", schema: eventPage } },
      problems: {
        400: "`validation_failed`, or `invalid_cursor` for a cursor this API did not issue.",
      },
    },
    async ({ query }, _req, res) => {
      const page = await listEvents(
        { db: deps.db },
        {
          status: query.status,
          ...(query.q ? { q: query.q } : {}),
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
          ...(query.category ? { category: query.category } : {}),
          ...(query.organizer_id ? { organizerId: query.organizer_id } : {}),
        },
        { limit: query.limit, cursor: query.cursor },
      );
      res.json({ items: page.items.map(eventReply), next_cursor: page.nextCursor });
    },
  );
}
