import { GATEWAY_AREAS, type RunningNginx } from "../src";
import {
  areaPath,
  hex32,
  json,
  expectProblem,
  request,
  startGatewayHarness,
  type GatewayHarness,
} from "./helpers/nginx-harness";

let harness: GatewayHarness;
let upstreams: GatewayHarness["upstreams"];
let gateway: RunningNginx;

beforeAll(async () => {
  harness = await startGatewayHarness();
  ({ upstreams, gateway } = harness);
});
afterAll(() => harness.stop());

it("routes each area's collection path (no trailing slash) without a redirect", async () => {
  for (const area of GATEWAY_AREAS) {
    const reply = await request(gateway, `/api/v1/${area}?limit=6`);
    expect(reply.status).toBe(200);
    expect(upstreams[area].seen.at(-1)?.url).toBe(`/api/v1/${area}?limit=6`);
  }
});

it("routes each area to its service with the path unchanged", async () => {
  for (const area of GATEWAY_AREAS) {
    const reply = await request(gateway, areaPath[area], { method: "POST" });
    expect(reply.status).toBe(200);
    expect(json(reply)).toMatchObject({ method: "POST", url: areaPath[area] });
    expect(upstreams[area].seen.at(-1)?.url).toBe(areaPath[area]);
  }
  const jwks = await request(gateway, "/.well-known/jwks.json");
  expect(jwks.status).toBe(200);
  expect(json(jwks).url).toBe("/.well-known/jwks.json");
  expect(upstreams.auth.seen.at(-1)?.url).toBe("/.well-known/jwks.json");
  const ticketKeys = await request(gateway, "/.well-known/ticket-keys.json");
  expect(ticketKeys.status).toBe(200);
  expect(upstreams.registrations.seen.at(-1)?.url).toBe("/.well-known/ticket-keys.json");
});

it("reuses upstream connections (keepalive)", async () => {
  const ports = new Set<number | undefined>();
  for (let i = 0; i < 3; i++) {
    await request(gateway, "/api/v1/events/");
    // A new TCP connection per request would show a new client port each time.
    ports.add(upstreams.events.seen.at(-1)?.clientPort);
  }
  expect(ports.size).toBe(1);
});

it("never routes internal paths, however they are spelled", async () => {
  const paths = [
    "/api/v1/events/internal/seats",
    "/internal/x",
    "/api/v1/events/INTERNAL/seats",
    "/api/v1/events/%69nternal/seats",
    "/api/v1/events/internal/../x",
    "/api/v1/internal/events/x",
    "/api/v1/events/internal",
  ];
  const before = GATEWAY_AREAS.map((area) => upstreams[area].seen.length);
  for (const rawPath of paths) {
    expectProblem(await request(gateway, rawPath, { method: "POST" }), 404, "not_found");
  }
  expect(GATEWAY_AREAS.map((area) => upstreams[area].seen.length)).toEqual(before);
  // A segment that merely starts with the word is an ordinary path.
  expect((await request(gateway, "/api/v1/events/internals")).status).toBe(200);
});

it("answers unknown API paths with a problem+json 404, never the web app", async () => {
  expectProblem(await request(gateway, "/api/v2/events"), 404, "not_found");
  expectProblem(await request(gateway, "/api/v1/unknown/x"), 404, "not_found");
});

it("generates, keeps or replaces X-Request-Id, and the service sees the id the client gets", async () => {
  // [incoming id, kept?]
  const cases: [string | undefined, boolean][] = [
    [undefined, false],
    ["client-id_1.A", true],
    ["7b0f5cf6-4d35-aad6-aca7-bb17a18453d7", true],
    ["x".repeat(500), false],
    ["has spaces in it", false],
    ['{"json":1}', false],
  ];
  const ids = new Set<string>();
  for (const [incoming, kept] of cases) {
    const headers = incoming === undefined ? {} : { "x-request-id": incoming };
    const reply = await request(gateway, "/api/v1/users/me", { headers });
    const id = String(reply.headers["x-request-id"]);
    if (kept) expect(id).toBe(incoming);
    else expect(id).toMatch(hex32);
    expect(upstreams.users.seen.at(-1)?.headers["x-request-id"]).toBe(id);
    ids.add(id);
  }
  expect(ids.size).toBe(cases.length);
});

it("forwards X-Forwarded-For, X-Forwarded-Proto and traceparent", async () => {
  const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  await request(gateway, "/api/v1/events/", {
    headers: { traceparent, "x-forwarded-for": "203.0.113.9" },
  });
  const seen = upstreams.events.seen.at(-1)!.headers;
  expect(seen.traceparent).toBe(traceparent);
  // Replaced by the address nginx saw: a client cannot choose the address the services see.
  expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
  expect(seen["x-forwarded-proto"]).toBe("http");
});
