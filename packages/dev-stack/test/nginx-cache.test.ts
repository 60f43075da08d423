import type { RunningNginx } from "../src";
import {
  earlyInSecond,
  json,
  request,
  startGatewayHarness,
  type GatewayHarness,
  type Reply,
} from "./helpers/nginx-harness";

// The gateway's micro-cache of the public event listing (infra/nginx/gateway.conf.template,
// `location = /api/v1/events`), against echoing stand-in services that count what reaches them.

let harness: GatewayHarness;
let upstreams: GatewayHarness["upstreams"];
let gateway: RunningNginx;

beforeAll(async () => {
  harness = await startGatewayHarness();
  ({ upstreams, gateway } = harness);
});
afterAll(() => harness.stop());

let unique = 0;
/** A listing path no other request has used, so its first request is a MISS. */
const freshListing = (query = "") => `/api/v1/events?t=${Date.now()}-${++unique}${query}`;
const cacheStatus = (reply: Reply) => reply.headers["x-cache-status"];

it("serves a repeated GET or HEAD of the listing from the cache, and the query string is the key", async () => {
  const path = freshListing("&limit=20");
  const seen = upstreams.events.seen.length;
  await earlyInSecond();
  const first = await request(gateway, path);
  const second = await request(gateway, path, { headers: { authorization: "Bearer anyone" } });
  const head = await request(gateway, path, { method: "HEAD" });
  const other = await request(gateway, `${path}&q=jazz`);
  expect(second.headers.date).toBe(first.headers.date);
  expect([first.status, second.status, head.status, other.status]).toEqual([200, 200, 200, 200]);
  expect([first, second, head, other].map(cacheStatus)).toEqual(["MISS", "HIT", "HIT", "MISS"]);
  expect(second.body).toBe(first.body);
  expect(json(other).url).toBe(`${path}&q=jazz`);
  // The first and the other query string reached the service; the rest did not.
  expect(upstreams.events.seen.length - seen).toBe(2);
  expect(upstreams.events.seen.at(-2)?.method).toBe("GET");
});

it("never caches writes, other event paths, other areas or non-200 replies", async () => {
  const paths: [string, string][] = [
    ["POST", "/api/v1/events"],
    ["GET", "/api/v1/events/"],
    ["GET", "/api/v1/events/7c1e"],
    ["GET", "/api/v1/events/7c1e/availability"],
    ["GET", "/api/v1/registrations"],
    ["GET", "/api/v1/users"],
    ["GET", freshListing("&status=400")],
    ["GET", freshListing("&status=404")],
    ["GET", freshListing("&status=201")],
  ];
  // The control: the same gateway does cache the listing itself.
  const listing = freshListing();
  await earlyInSecond();
  await request(gateway, listing);
  expect(cacheStatus(await request(gateway, listing))).toBe("HIT");

  for (const [method, path] of paths) {
    const area = /^\/api\/v1\/([a-z]+)/.exec(path)![1] as keyof typeof upstreams;
    const seen = upstreams[area].seen.length;
    await earlyInSecond();
    const replies = [
      await request(gateway, path, { method }),
      await request(gateway, path, { method }),
      await request(gateway, path, { method }),
    ];
    // Every request reached the service: nothing was answered from a cache.
    expect({ method, path, reached: upstreams[area].seen.length - seen }).toEqual({
      method,
      path,
      reached: 3,
    });
    for (const reply of replies)
      expect([undefined, "MISS", "BYPASS"]).toContain(cacheStatus(reply));
  }
});

it("never serves a page older than 1 s (nginx's whole-second validity would allow 2 s)", async () => {
  const path = freshListing();
  const ages: number[] = [];
  const statuses = new Set<unknown>();
  const until = Date.now() + 2_300;
  while (Date.now() < until) {
    const sentAt = Date.now();
    const reply = await request(gateway, path);
    statuses.add(cacheStatus(reply));
    if (cacheStatus(reply) === "HIT") ages.push(sentAt - Number(json(reply).producedAt));
  }
  // A page is served only to requests that arrive within the second it was fetched in.
  expect(Math.max(...ages)).toBeLessThan(1_000);
  // Never a stale entry: each second's first request is a miss of a key of its own.
  expect([...statuses].sort()).toEqual(["HIT", "MISS"]);
  // Enough hits to judge by (a few thousand in 2.3 s, less the misses that start each second).
  expect(ages.length).toBeGreaterThan(10);
});

it("sends one request per key upstream when many arrive for a missing entry at once", async () => {
  const path = freshListing("&delay=20");
  const seen = upstreams.events.seen.length;
  await earlyInSecond();
  const replies = await Promise.all(Array.from({ length: 10 }, () => request(gateway, path)));
  expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
  expect(new Set(replies.map((r) => r.body)).size).toBe(1);
  expect(upstreams.events.seen.length - seen).toBe(1);
});
