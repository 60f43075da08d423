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

/**
 * The listing's only caching header, set here rather than in the gateway: the route knows its
 * page is public and the same for every caller, and only its 200 gets it (the gateway's
 * location also takes `POST /api/v1/events`, and a problem must not be cacheable). nginx reads
 * it as the entry's validity; clients and other caches see the same 1 s.
 */
export const LISTING_CACHE_CONTROL = "public, max-age=1";

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
        "added never repeats or skips one that existed when paging began.\n\n" +
        "**Cached for up to 1 s.** The reply does not depend on the caller, so the gateway " +
        "serves each page (per exact query string) from a micro-cache: a page, and the " +
        "`seats_taken`/`seats_available` in it, may be up to 1 s old, and that includes this " +
        "API's own writes (a new, changed or cancelled event, a seat taken or released), since " +
        "the cache cannot be purged. `X-Cache-Status` says whether the gateway's copy was used " +
        "(`HIT`) or fetched (`MISS`). `If-None-Match` with the `ETag` is answered 304 when the " +
        "page is unchanged. A client that honours `max-age=1` may keep its own copy one more " +
        "second. For live seats, read `GET /{id}` or `GET /{id}/availability`, which are never " +
        "cached.",
      auth: "none",
      request: { query: listQuery },
      responses: {
        200: {
          description: "One page of events.",
          schema: eventPage,
          headers: z.object({
            "Cache-Control": z
              .literal(LISTING_CACHE_CONTROL)
              .describe("Any cache may keep the page for 1 s."),
            ETag: z.string().describe("Weak validator of the page, for `If-None-Match`."),
          }),
        },
        304: {
          description:
            "Not modified: `If-None-Match` named the page's current `ETag` (answered by the " +
            "gateway's cache, or by the service).",
        },
      },
      problems: {
        400: "`validation_failed`, or `invalid_cursor` for a cursor this API did not issue.",
      },
    },
    async ({ query }, _req, res) => {
      const page = await listEvents(
        { data: deps.data },
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
      // Set only here, on a page: a problem (a bad cursor above) must never look cacheable.
      res.set("Cache-Control", LISTING_CACHE_CONTROL);
      res.json({ items: page.items.map(eventReply), next_cursor: page.nextCursor });
    },
  );
}
