import { queryRows, statement, type Db, type Statement } from "@turnout/kit";
import type { EventRecord } from "../domain/event";
import type { EventListFilters, ListPosition } from "../domain/event-listing";
import { EVENT_COLUMNS, toEventRecord, type EventRow } from "./event-rows";

/**
 * `starts_at` at full precision (microseconds) and in UTC, for the cursor: a JavaScript Date
 * keeps milliseconds only, and a truncated position could repeat a row on the next page.
 */
const POSITION = `to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "positionStartsAt"`;

type ListedRow = EventRow & { positionStartsAt: string };

/** The optional conditions of a page, in a fixed order; each binds the values it returns. */
const CONDITIONS: readonly {
  key: string;
  values: (filters: EventListFilters, after: ListPosition | undefined) => unknown[] | undefined;
  sql: (params: string[]) => string;
}[] = [
  {
    key: "q",
    values: (f) => (f.q === undefined ? undefined : [f.q]),
    sql: ([q]) => `search @@ websearch_to_tsquery('english', ${q})`,
  },
  {
    key: "from",
    values: (f) => (f.from === undefined ? undefined : [f.from.toISOString()]),
    sql: ([from]) => `starts_at >= ${from}::timestamptz`,
  },
  {
    key: "to",
    values: (f) => (f.to === undefined ? undefined : [f.to.toISOString()]),
    sql: ([to]) => `starts_at < ${to}::timestamptz`,
  },
  {
    key: "category",
    values: (f) => (f.category === undefined ? undefined : [f.category]),
    sql: ([category]) => `category = ${category}`,
  },
  {
    key: "organizer",
    values: (f) => (f.organizerId === undefined ? undefined : [f.organizerId]),
    sql: ([organizer]) => `organizer_id = ${organizer}::uuid`,
  },
  {
    key: "after",
    values: (_f, after) => (after === undefined ? undefined : [after.startsAt, after.id]),
    sql: ([startsAt, id]) => `(starts_at, id) > (${startsAt}::timestamptz, ${id}::uuid)`,
  },
];

/**
 * One page of events in (starts_at, id) order, after `after`. Status, organizer and category
 * filters are served by the b-tree indexes that end in (starts_at, id), which also serve the
 * keyset condition and the order, so a page reads about `limit` index entries.
 *
 * `q` goes through the GIN index on the generated `search` tsvector (websearch syntax, English
 * stemming) in a MATERIALIZED CTE: the matches are found first, then ordered and cut. Without
 * the fence the planner, which cannot estimate a rare word, may walk the start-order index and
 * test every row against the query to fill the page, which reads the whole table when the word
 * is rare.
 *
 * Each combination of filters in use (at most 64) is its own named statement, with a text that
 * depends on the combination only: it is prepared once per connection and gets a plan of its
 * own, where one text with optional conditions would get one plan for all of them. Exported so
 * the plan test explains exactly the SQL the service runs.
 */
export function eventListQuery(
  filters: EventListFilters,
  after: ListPosition | undefined,
  limit: number,
): { statement: Statement<ListedRow>; values: unknown[] } {
  const values: unknown[] = [filters.status];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const used: string[] = [];
  const where = ["status = $1"];
  for (const condition of CONDITIONS) {
    const bound = condition.values(filters, after);
    if (bound === undefined) continue;
    used.push(condition.key);
    where.push(condition.sql(bound.map(bind)));
  }
  const rows = `SELECT ${EVENT_COLUMNS}, ${POSITION} FROM events WHERE ${where.join(" AND ")}`;
  const text =
    filters.q === undefined
      ? `${rows} ORDER BY starts_at, id LIMIT ${bind(limit)}`
      : `WITH matches AS MATERIALIZED (${rows})
         SELECT * FROM matches ORDER BY "startsAt", id LIMIT ${bind(limit)}`;
  const name = `event_event_search_page_${used.join("_") || "all"}`;
  return { statement: statement<ListedRow>(name, text), values };
}

export interface ListedEvent {
  event: EventRecord;
  position: ListPosition;
}

export function eventSearchRepository(db: Db) {
  return {
    async page(
      filters: EventListFilters,
      after: ListPosition | undefined,
      limit: number,
    ): Promise<ListedEvent[]> {
      const query = eventListQuery(filters, after, limit);
      const rows = await queryRows(db, query.statement, query.values);
      return rows.map(({ positionStartsAt, ...row }) => ({
        event: toEventRecord(row),
        position: { startsAt: positionStartsAt, id: row.id },
      }));
    },
  };
}
