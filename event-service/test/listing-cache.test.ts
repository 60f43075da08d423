import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, startNginx, type RunningNginx } from "@turnout/dev-stack";
import { uniqueSuffix, waitFor } from "@turnout/test-kit";
import { attendee, createEvent, organizer, type Actor, type EventBody } from "./helpers/factories";
import { ledgerClient, type LedgerClient } from "./helpers/ledger";
import { createTestApp } from "./helpers/test-app";

// GET /api/v1/events through the real gateway (infra/nginx/gateway.conf.template, its listing
// micro-cache) in front of the real event service on the stack's database.

const { app, close } = createTestApp();
let server: http.Server;
let gateway: RunningNginx;
let tmp: string;
let ledger: LedgerClient;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Page {
  items: EventBody[];
  next_cursor: string | null;
}

function get(rawPath: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port: gateway.port, path: rawPath, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on("error", reject);
  });
}
const page = (reply: Reply) => JSON.parse(reply.body) as Page;
const cacheStatus = (reply: Reply) => reply.headers["x-cache-status"];
const seatsTaken = (reply: Reply, id: string) =>
  page(reply).items.find((event) => event.id === id)?.seats_taken;

/**
 * Returns once at least `leftMs` of the current wall-clock second remain: the gateway keys the
 * listing cache by nginx's current second (the same clock), so requests sent right after this
 * share one entry.
 */
async function earlyInSecond(leftMs = 800): Promise<void> {
  const intoSecond = Date.now() % 1000;
  if (intoSecond <= 1000 - leftMs) return;
  await new Promise((resolve) => setTimeout(resolve, 1000 - intoSecond + 5));
}

const DAY_MS = 24 * 3600 * 1000;
const word = `quagga${uniqueSuffix()}`;
let owner: Actor;
let events: EventBody[];
const listing = (query: string) => `/api/v1/events?organizer_id=${owner.id}&${query}`;

beforeAll(async () => {
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  // Above nginx's idle keep-alive, as the kit's server does, so nginx never reuses a closing one.
  server.keepAliveTimeout = 65_000;
  const events_ = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dead = `127.0.0.1:${await freePort()}`;
  tmp = mkdtempSync(path.join(os.tmpdir(), "turnout-listing-cache-"));
  gateway = await startNginx({
    dir: tmp,
    webRoot: tmp,
    upstreams: {
      auth: dead,
      users: dead,
      events: events_,
      registrations: dead,
      notifications: dead,
    },
  });
  ledger = await ledgerClient(app);
  owner = await organizer();
  events = [
    await createEvent(app, owner, {
      starts_at: new Date(Date.now() + 10 * DAY_MS).toISOString(),
      ends_at: new Date(Date.now() + 10.1 * DAY_MS).toISOString(),
      description: `Bring a friend. ${word}`,
    }),
    await createEvent(app, owner, {
      starts_at: new Date(Date.now() + 20 * DAY_MS).toISOString(),
      ends_at: new Date(Date.now() + 20.1 * DAY_MS).toISOString(),
    }),
  ];
});
afterAll(async () => {
  await gateway.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(tmp, { recursive: true, force: true });
  await close();
});

test("a repeated listing within the second is a HIT: the same page, ETag and Cache-Control, whoever asks", async () => {
  const rawPath = listing("limit=20");
  await earlyInSecond();
  const first = await get(rawPath);
  const second = await get(rawPath, { authorization: `Bearer ${(await attendee()).token}` });
  expect(second.headers.date).toBe(first.headers.date);
  expect([first.status, second.status]).toEqual([200, 200]);
  expect([cacheStatus(first), cacheStatus(second)]).toEqual(["MISS", "HIT"]);
  expect(second.body).toBe(first.body);
  expect(page(first).items.map((event) => event.id)).toEqual(events.map((event) => event.id));
  expect(first.headers.etag).toMatch(/^W\/".+"$/);
  expect(second.headers.etag).toBe(first.headers.etag);
  for (const reply of [first, second]) {
    expect(reply.headers["cache-control"]).toBe("public, max-age=1");
  }
});

test("If-None-Match with the page's ETag is answered 304 from the cache", async () => {
  const rawPath = listing("limit=10");
  await earlyInSecond();
  const first = await get(rawPath);
  const etag = String(first.headers.etag);
  const notModified = await get(rawPath, { "if-none-match": etag });
  const changed = await get(rawPath, { "if-none-match": 'W/"not-this-page"' });
  expect(notModified.headers.date).toBe(first.headers.date);
  expect(notModified.status).toBe(304);
  expect(notModified.body).toBe("");
  expect(notModified.headers.etag).toBe(etag);
  expect(cacheStatus(notModified)).toBe("HIT");
  expect(changed.status).toBe(200);
  expect(changed.body).toBe(first.body);
  expect(cacheStatus(changed)).toBe("HIT");
});

test("a seat taken is on the listing within 1 s, after the cached page's second is over", async () => {
  const [event] = events;
  const rawPath = listing("limit=5");
  await earlyInSecond();
  const before = await get(rawPath);
  const taken = seatsTaken(before, event!.id)!;
  expect((await ledger.reserve(event!.id, randomUUID())).status).toBe(201);
  const writtenAt = Date.now();
  // The service's own write: stock nginx cannot purge, so the page of this second stays.
  const cached = await get(rawPath);
  expect(cached.headers.date).toBe(before.headers.date);
  expect(cacheStatus(cached)).toBe("HIT");
  expect(seatsTaken(cached, event!.id)).toBe(taken);

  const fresh = await waitFor(
    async () => {
      const reply = await get(rawPath);
      return seatsTaken(reply, event!.id) === taken + 1 && reply;
    },
    { timeoutMs: 5_000, intervalMs: 20, message: "the listing to show the seat taken" },
  );
  const lagMs = Date.now() - writtenAt;
  expect(cacheStatus(fresh)).toBe("MISS");
  // 1 s at most, plus the polling interval and the request itself.
  expect(lagMs).toBeLessThan(1_300);
});

test("event detail, availability and problems on the listing are never cached", async () => {
  const [, event] = events;
  const detail = `/api/v1/events/${event!.id}`;
  const availability = `${detail}/availability`;
  await earlyInSecond();
  const firstDetail = await get(detail);
  const firstAvailability = await get(availability);
  expect((await ledger.reserve(event!.id, randomUUID())).status).toBe(201);
  const secondDetail = await get(detail);
  const secondAvailability = await get(availability);
  expect(secondDetail.headers.date).toBe(firstDetail.headers.date);
  // Within the same second, the write shows at once: neither reply came from a cache.
  expect((JSON.parse(secondDetail.body) as EventBody).seats_taken).toBe(
    (JSON.parse(firstDetail.body) as EventBody).seats_taken + 1,
  );
  expect(JSON.parse(secondAvailability.body)).toMatchObject({
    seats_taken: (JSON.parse(firstAvailability.body) as { seats_taken: number }).seats_taken + 1,
  });
  for (const reply of [firstDetail, secondDetail, firstAvailability, secondAvailability]) {
    expect(reply.status).toBe(200);
    expect(cacheStatus(reply)).toBeUndefined();
    expect(reply.headers["cache-control"]).toBeUndefined();
  }

  // Problems pass through the cache and are fetched again every time.
  for (const query of [
    "limit=0",
    "cursor=not-a-cursor",
    `to=2020-01-01T00:00:00Z&from=2030-01-01T00:00:00Z`,
  ]) {
    await earlyInSecond();
    for (let i = 0; i < 3; i++) {
      const reply = await get(listing(query));
      expect({ query, status: reply.status, cache: cacheStatus(reply) }).toEqual({
        query,
        status: 400,
        cache: "MISS",
      });
      expect(reply.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(reply.headers["cache-control"]).toBeUndefined();
    }
  }
});

test("each query string is an entry of its own, searches included", async () => {
  const from = new Date(Date.now() + DAY_MS).toISOString();
  const to = new Date(Date.now() + 15 * DAY_MS).toISOString();
  const search = `/api/v1/events?q=${word}&from=${from}&to=${to}`;
  await earlyInSecond();
  const one = await get(listing("limit=1"));
  const two = await get(listing("limit=2"));
  const oneAgain = await get(listing("limit=1"));
  const found = await get(search);
  const foundAgain = await get(search);
  expect(oneAgain.headers.date).toBe(one.headers.date);
  expect([one, two, oneAgain, found, foundAgain].map(cacheStatus)).toEqual([
    "MISS",
    "MISS",
    "HIT",
    "MISS",
    "HIT",
  ]);
  expect(page(one).items).toHaveLength(1);
  expect(page(two).items).toHaveLength(2);
  expect(oneAgain.body).toBe(one.body);
  expect(page(found).items.map((event) => event.id)).toEqual([events[0]!.id]);
  expect(foundAgain.body).toBe(found.body);
});
