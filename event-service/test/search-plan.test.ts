import { migrate, migrationDirs } from "@turnout/provisioning";
import { createScratchSchema, type ScratchSchema } from "@turnout/test-kit";
import { SERVICE } from "../src/config";
import { eventListQuery } from "../src/data/event-search";
import type { EventListFilters, ListPosition } from "../src/domain/event-listing";

// The service's own migrations in a schema of this test's own, filled with 100k events: the
// planner's choices depend on table size and statistics, so only a large table shows that the
// listing's queries are served by the indexes. `SHOW_PLANS=1` prints the plans (README).
let scratch: ScratchSchema;
const ROWS = 100_000;
const ORGANIZER = "00000000-0000-4000-8000-000000000007";

beforeAll(async () => {
  scratch = await createScratchSchema("events_plan");
  await migrate({
    roleUrl: scratch.databaseUrl,
    schema: scratch.schema,
    dirs: migrationDirs(SERVICE),
  });
  await scratch.pool.query(`
    SET search_path TO "${scratch.schema}";
    INSERT INTO events (id, organizer_id, title, description, starts_at, ends_at, timezone,
                        location, capacity, category, status, cancelled_at)
    SELECT gen_random_uuid(),
           ('00000000-0000-4000-8000-' || lpad((i % 500)::text, 12, '0'))::uuid,
           (ARRAY['Jazz night', 'Yoga class', 'Running club', 'Cooking course', 'Chess meetup',
                  'Poetry slam', 'Salsa party', 'Pottery workshop', 'Coding dojo', 'Hiking trip'])
             [1 + i % 10] || ' ' || i || CASE WHEN i % 10000 = 0 THEN ' quokka' ELSE '' END,
           'A ' || (ARRAY['friendly', 'lively', 'quiet', 'weekly'])[1 + i % 4] || ' gathering'
             || CASE WHEN i % 100 = 0 THEN ' by lantern light' ELSE '' END,
           now() + make_interval(mins => i),
           now() + make_interval(mins => i) + interval '2 hours',
           'UTC',
           (ARRAY['Berlin', 'Paris', 'Lisbon', 'Oslo', 'Rome'])[1 + i % 5],
           100,
           'cat-' || (i % 50),
           CASE WHEN i % 10 = 0 THEN 'cancelled' ELSE 'published' END,
           CASE WHEN i % 10 = 0 THEN now() END
    FROM generate_series(1, ${ROWS}) AS i;
    ANALYZE events;`);
}, 60_000);
afterAll(() => scratch.drop());

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/** EXPLAIN of exactly the SQL the service runs for these filters (a page of 20, plus one). */
async function plan(filters: EventListFilters, after?: ListPosition): Promise<PlanNode[]> {
  const query = eventListQuery(filters, after, 21);
  const client = await scratch.pool.connect();
  try {
    await client.query(`SET search_path TO "${scratch.schema}"`);
    if (process.env.SHOW_PLANS) {
      const text = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN ${query.statement.text}`,
        query.values,
      );
      console.log(
        `${JSON.stringify(filters)}\n${text.rows.map((r) => r["QUERY PLAN"]).join("\n")}`,
      );
    }
    const json = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${query.statement.text}`,
      query.values,
    );
    return nodes(json.rows[0]!["QUERY PLAN"][0].Plan);
  } finally {
    client.release();
  }
}

const indexesUsed = (plan: PlanNode[]) => plan.flatMap((node) => node["Index Name"] ?? []);
const seqScans = (plan: PlanNode[]) => plan.filter((node) => node["Node Type"] === "Seq Scan");

test("the table holds 100k events", async () => {
  const { rows } = await scratch.pool.query<{ count: string }>(
    `SELECT count(*) FROM "${scratch.schema}".events`,
  );
  expect(Number(rows[0]!.count)).toBe(ROWS);
});

test.each([
  ["a rare word", "quokka"],
  ["a word in one event of a hundred, stemmed", "lanterns"],
  ["a phrase", '"pottery workshop"'],
])("full-text search for %s uses the GIN index on the search column", async (_name, q) => {
  const steps = await plan({ status: "published", q });
  expect(steps.map((node) => node["Node Type"])).toContain("Bitmap Index Scan");
  expect(indexesUsed(steps)).toContain("events_search");
  expect(seqScans(steps)).toEqual([]);
});

test.each<[string, EventListFilters, string]>([
  ["the default listing", { status: "published" }, "events_status_starts"],
  ["a category", { status: "published", category: "cat-7" }, "events_category_starts"],
  ["an organizer", { status: "published", organizerId: ORGANIZER }, "events_organizer_starts"],
  ["cancelled events", { status: "cancelled" }, "events_status_starts"],
  [
    "a time window",
    {
      status: "published",
      from: new Date(Date.now() + 30 * 24 * 3600 * 1000),
      to: new Date(Date.now() + 31 * 24 * 3600 * 1000),
    },
    "events_status_starts",
  ],
])(
  "listing %s reads an index in (starts_at, id) order, no sequential scan",
  async (_name, filters, index) => {
    const steps = await plan(filters);
    expect(indexesUsed(steps)).toContain(index);
    expect(seqScans(steps)).toEqual([]);
  },
);

test("a later page starts inside the index at the cursor (keyset), not by skipping rows", async () => {
  const after = {
    startsAt: new Date(Date.now() + 40 * 24 * 3600 * 1000).toISOString(),
    id: ORGANIZER,
  };
  const steps = await plan({ status: "published", category: "cat-7" }, after);
  expect(indexesUsed(steps)).toContain("events_category_starts");
  expect(seqScans(steps)).toEqual([]);
});
