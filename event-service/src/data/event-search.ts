import type { EventListFilters, ListPosition } from "../domain/event-listing";
import type { EventRecord } from "../domain/event";
import { Prisma } from "../generated/prisma/client";
import type { Database } from "./database";
import { EVENT_COLUMNS, toEventRecord, type EventRow } from "./event-rows";

/**
 * `starts_at` at full precision (microseconds) and in UTC, for the cursor: a JavaScript Date
 * keeps milliseconds only, and a truncated position could repeat a row on the next page.
 */
const POSITION = Prisma.raw(
  `to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "positionStartsAt"`,
);

/**
 * One page of events in (starts_at, id) order, after `after`. Status, organizer and category
 * filters are served by the b-tree indexes that end in (starts_at, id), which also serve the
 * keyset condition and the order, so a page reads about `limit` index entries.
 *
 * `q` goes through the GIN index on the generated `search` tsvector (websearch syntax, English
 * stemming) in a MATERIALIZED CTE: the matches are found first, then ordered and cut. Without
 * the fence the planner, which cannot estimate a rare word, may walk the start-order index and
 * test every row against the query to fill the page, which reads the whole table when the word
 * is rare. Exported so the plan test explains exactly the SQL the service runs.
 */
export function eventListQuery(
  filters: EventListFilters,
  after: ListPosition | undefined,
  limit: number,
): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`status = ${filters.status}`];
  if (filters.q !== undefined)
    where.push(Prisma.sql`search @@ websearch_to_tsquery('english', ${filters.q})`);
  if (filters.from !== undefined)
    where.push(Prisma.sql`starts_at >= ${filters.from.toISOString()}::timestamptz`);
  if (filters.to !== undefined)
    where.push(Prisma.sql`starts_at < ${filters.to.toISOString()}::timestamptz`);
  if (filters.category !== undefined) where.push(Prisma.sql`category = ${filters.category}`);
  if (filters.organizerId !== undefined)
    where.push(Prisma.sql`organizer_id = ${filters.organizerId}::uuid`);
  if (after !== undefined)
    where.push(Prisma.sql`(starts_at, id) > (${after.startsAt}::timestamptz, ${after.id}::uuid)`);
  const rows = Prisma.sql`
    SELECT ${EVENT_COLUMNS}, ${POSITION} FROM events WHERE ${Prisma.join(where, " AND ")}`;
  if (filters.q === undefined) return Prisma.sql`${rows} ORDER BY starts_at, id LIMIT ${limit}`;
  return Prisma.sql`
    WITH matches AS MATERIALIZED (${rows})
    SELECT * FROM matches ORDER BY "startsAt", id LIMIT ${limit}`;
}

export interface ListedEvent {
  event: EventRecord;
  position: ListPosition;
}

export async function listEventPage(
  db: Database,
  filters: EventListFilters,
  after: ListPosition | undefined,
  limit: number,
): Promise<ListedEvent[]> {
  const rows = await db.$queryRaw<(EventRow & { positionStartsAt: string })[]>(
    eventListQuery(filters, after, limit),
  );
  return rows.map(({ positionStartsAt, ...row }) => ({
    event: toEventRecord(row),
    position: { startsAt: positionStartsAt, id: row.id },
  }));
}
