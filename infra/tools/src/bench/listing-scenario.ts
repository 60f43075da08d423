import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { GATEWAY_AREAS, startNginx, type GatewayArea } from "@turnout/dev-stack";
import type { Classify } from "./cpu";
import { httpLoad, loadRound } from "./http-load";
import { interleavedRow, type BenchRow } from "./report";
import { interleave } from "./rounds";

const CONNECTIONS = 16;
const DURATION_S = 5;
const ROUNDS = 3;
const CATALOGUE = 10_000;
const EMPTY_PAGE = JSON.stringify({ items: [], next_cursor: null });
/** In one title of six, so a search matches ~1,700 events, as a common word would. */
const COMMON_WORD = "workshop";

/**
 * 10,000 published events over the next year, straight into the event service's table (the
 * listing reads only that table; publishing 10,000 through the API would measure event creation).
 */
async function seedCatalogue(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO events.events (id, organizer_id, title, description, starts_at, ends_at,
                                  timezone, location, capacity, category)
       SELECT gen_random_uuid(), gen_random_uuid(),
              (ARRAY['Intro to','Advanced','Community','Hands-on','Evening','Weekend'])[1 + i % 6]
                || ' ' || (ARRAY['Kafka','Postgres','TypeScript','design','cooking','running',
                                 'photography'])[1 + i % 7]
                || ' ' || (ARRAY['meetup','talk','workshop','course','social','conference'])[1 + i % 6]
                || ' #' || i,
              'Seeded by npm run bench: a catalogue of ' || $1 || ' events.',
              now() + make_interval(mins => 60 + (i * 53) % (365 * 24 * 60)),
              now() + make_interval(mins => 180 + (i * 53) % (365 * 24 * 60)),
              (ARRAY['Europe/Berlin','America/New_York','Asia/Tokyo'])[1 + i % 3],
              (ARRAY['Berlin','New York','Tokyo','Lisbon','Online'])[1 + i % 5],
              50 + i % 200,
              (ARRAY['tech','food','sports','arts','business'])[1 + i % 5]
       FROM generate_series(1, $1::int) AS i`,
      [CATALOGUE],
    );
    await client.query("ANALYZE events.events");
  } finally {
    await client.end();
  }
}

async function emptyHandlerGateway() {
  // The ceiling is nginx's proxy path: it is asked at /api/v1/events/ (the same upstream, keep-alive
  // and headers, outside the listing's micro-cache location), and says no-store besides.
  const server = createServer((_req, res) => {
    res
      .writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" })
      .end(EMPTY_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const upstream = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), "turnout-bench-nginx-"));
  const upstreams = Object.fromEntries(GATEWAY_AREAS.map((a) => [a, upstream])) as Record<
    GatewayArea,
    string
  >;
  const nginx = await startNginx({ dir, upstreams });
  return {
    url: nginx.url,
    async stop() {
      await nginx.stop();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface ListingCase {
  scenario: string;
  goal: string;
  /** The query string, after /api/v1/events. */
  query: string;
  note: string;
}

function listingCases(): ListingCase[] {
  const from = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  const to = new Date(Date.now() + 120 * 24 * 3600 * 1000).toISOString();
  return [
    {
      scenario: `Event listing, first page (GET /api/v1/events?limit=20 via gateway, ${CATALOGUE.toLocaleString("en-US")} events)`,
      goal: "≥ 40%",
      query: "?limit=20",
      note:
        "the events page's request (no token: the route is public and verifies none), the first " +
        `20 of ${CATALOGUE.toLocaleString("en-US")} seeded events, against the same rendered ` +
        "nginx configuration proxying to a Node handler that answers an empty page at once (asked " +
        "at /api/v1/events/, outside the listing's micro-cache, so every request is proxied). The " +
        "gateway answers most requests from its 1 s micro-cache: one page per second goes upstream.",
    },
    {
      scenario: `Event search (q=${COMMON_WORD} + 90-day range, via gateway)`,
      goal: "≥ 15%",
      query: `?limit=20&q=${COMMON_WORD}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      note:
        `full-text search for a word in one title of six (~${Math.round(CATALOGUE / 6).toLocaleString("en-US")} ` +
        "matches) within a 90-day window, first page of 20; same ceiling.",
    },
  ];
}

/** The listing and a search through the gateway, each against nginx → empty handler. */
export async function listingScenarios(
  gatewayUrl: string,
  adminUrl: string,
  classify: Classify,
): Promise<BenchRow[]> {
  await seedCatalogue(adminUrl);
  const ceiling = await emptyHandlerGateway();
  try {
    const rows: BenchRow[] = [];
    for (const c of listingCases()) {
      const load = (base: string, durationS: number, path = "/api/v1/events") => ({
        url: `${base}${path}${c.query}`,
        method: "GET" as const,
        connections: CONNECTIONS,
        durationS,
      });
      await httpLoad(load(ceiling.url, 2, "/api/v1/events/")); // warm-up: JIT, keep-alive, caches
      await httpLoad(load(gatewayUrl, 2));
      const runs = await interleave(
        ROUNDS,
        () => loadRound(classify, load(ceiling.url, DURATION_S, "/api/v1/events/")),
        () => loadRound(classify, load(gatewayUrl, DURATION_S)),
      );
      rows.push(
        interleavedRow(
          {
            scenario: c.scenario,
            unit: "req/s",
            goal: c.goal,
            concurrency: CONNECTIONS,
            durationS: DURATION_S,
            note: c.note,
          },
          "same nginx config → empty Node handler",
          runs,
        ),
      );
    }
    return rows;
  } finally {
    await ceiling.stop();
  }
}
