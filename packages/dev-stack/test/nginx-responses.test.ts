import http from "node:http";
import path from "node:path";
import { startNginx, type RunningNginx } from "../src";
import {
  expectProblem,
  expectSecurityHeaders,
  json,
  request,
  sse,
  SSE_PATH,
  startGatewayHarness,
  type GatewayHarness,
  type Reply,
} from "./helpers/nginx-harness";

let harness: GatewayHarness;
let tmp: string;
let webRoot: string;
let upstreams: GatewayHarness["upstreams"];
let gateway: RunningNginx;
let strict: RunningNginx;

beforeAll(async () => {
  harness = await startGatewayHarness();
  ({ tmp, webRoot, upstreams, gateway, strict } = harness);
});
afterAll(() => harness.stop());

it("refuses bodies over the limit with a problem+json 413 and allows 2 MB avatars", async () => {
  const before = upstreams.events.seen.length;
  const tooBig = Buffer.alloc(1024 * 1024 + 1, "a");
  const refused = await request(gateway, "/api/v1/events/", { method: "POST", body: tooBig });
  expectProblem(refused, 413, "payload_too_large");
  expectSecurityHeaders(refused);
  expect(upstreams.events.seen.length).toBe(before);

  const avatar = Buffer.alloc(1536 * 1024, "a");
  const stored = await request(gateway, "/api/v1/users/me/avatar", {
    method: "PUT",
    body: avatar,
  });
  expect(stored.status).toBe(200);
  expect(json(stored).bytes).toBe(avatar.length);
  const huge = Buffer.alloc(2 * 1024 * 1024 + 1, "a");
  const tooHuge = await request(gateway, "/api/v1/users/me/avatar", {
    method: "PUT",
    body: huge,
  });
  expectProblem(tooHuge, 413, "payload_too_large");
});

it("rate-limits login per client address with 429, Retry-After and problem+json", async () => {
  const before = upstreams.auth.seen.length;
  const statuses: number[] = [];
  let refused: Reply | undefined;
  // 1r/m with a burst of 5: six go through at once, the seventh is refused.
  for (let i = 0; i < 7; i++) {
    const reply = await request(strict, "/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.from('{"email":"a@example.com","password":"x"}'),
    });
    statuses.push(reply.status);
    refused = reply;
  }
  expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  expectProblem(refused!, 429, "too_many_requests");
  expect(refused!.headers["retry-after"]).toBe("60");
  expectSecurityHeaders(refused!);
  expect(upstreams.auth.seen.length - before).toBe(6);
  // Other spellings Express would route to the same handler share the limit.
  expect((await request(strict, "/api/v1/auth/Register/", { method: "POST" })).status).toBe(429);
  // Routes outside the limited set are not throttled, and carry no Retry-After.
  const me = await request(strict, "/api/v1/auth/me");
  expect(me.status).toBe(200);
  expect(me.headers["retry-after"]).toBeUndefined();
});

it("rate-limits /refresh and /logout per client address in a zone of their own", async () => {
  // 1r/m with a burst of 2: three go through, the fourth is refused with that zone's wait.
  const statuses: number[] = [];
  for (const path of ["/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/auth/Refresh/"]) {
    statuses.push((await request(strict, path, { method: "POST" })).status);
  }
  const refused = await request(strict, "/api/v1/auth/logout/", { method: "POST" });
  statuses.push(refused.status);
  expect(statuses).toEqual([200, 200, 200, 429]);
  expectProblem(refused, 429, "too_many_requests");
  expect(refused.headers["retry-after"]).toBe("60");
});

it("answers 502 problem+json when the service is down, without nginx details", async () => {
  const reply = await request(strict, "/api/v1/registrations/", { method: "POST" });
  expectProblem(reply, 502, "bad_gateway");
  expectSecurityHeaders(reply);
  // A .json path must not turn the problem into plain application/json.
  expectProblem(await request(strict, "/api/v1/events/x.json"), 502, "bad_gateway");
});

it("sets the security headers on app, API and error responses", async () => {
  const app = await request(gateway, "/");
  expectSecurityHeaders(app);
  expect(app.headers["content-security-policy"]).toContain("default-src 'self'");
  const api = await request(gateway, "/api/v1/events/");
  expectSecurityHeaders(api);
  expect(api.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  // The service's id is replaced, not repeated beside the gateway's.
  expect(api.headers["x-request-id"]).not.toContain(",");
  expectSecurityHeaders(await request(gateway, "/internal/x"));
});

it("serves the web app with an SPA fallback and long-cached hashed assets", async () => {
  const page = await request(gateway, "/events/123");
  expect(page.status).toBe(200);
  expect(page.headers["content-type"]).toBe("text/html");
  expect(page.body).toBe("<!doctype html><title>Turnout</title>");
  expect(page.headers["cache-control"]).toBe("no-cache");

  const asset = await request(gateway, "/assets/x.js");
  expect(asset.status).toBe(200);
  expect(asset.body).toBe("console.log('x');");
  expect(asset.headers["content-type"]).toBe("text/javascript");
  expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");

  // A missing script must not be answered with index.html.
  const missing = await request(gateway, "/assets/gone.js");
  expect(missing.status).toBe(404);
  expect(missing.headers["cache-control"]).toBeUndefined();
});

it("compresses JSON and scripts", async () => {
  const headers = { "accept-encoding": "gzip" };
  const apiReply = await request(gateway, "/api/v1/events/?big=1", { headers });
  expect(apiReply.headers["content-encoding"]).toBe("gzip");
  const script = await request(gateway, "/assets/big.js", { headers });
  expect(script.headers["content-encoding"]).toBe("gzip");
});

it("serves the API docs folder at /api/docs, /api/asyncapi.json and /api/schemas/", async () => {
  const catalogue = await request(gateway, "/api/asyncapi.json");
  expect(catalogue.status).toBe(200);
  expect(catalogue.headers["content-type"]).toBe("application/json");
  expect(json(catalogue)).toEqual({ asyncapi: "3.0.0" });
  const bare = await request(gateway, "/api/docs");
  expect(bare.status).toBe(301);
  expect(bare.headers.location).toBe("/api/docs/");
  const docs = await request(gateway, "/api/docs/");
  expect(docs.status).toBe(200);
  expect(docs.body).toContain("API docs");
  const schemas = await request(gateway, "/api/schemas/index.json");
  expect(schemas.status).toBe(200);
  expect(schemas.headers["content-type"]).toBe("application/json");
  expect(schemas.headers["cache-control"]).toBe("no-cache");
  expect(json(schemas)).toEqual({ types: [] });
});

it("streams server-sent events without buffering", async () => {
  const received = await new Promise<{ firstAt: number; text: string; reply: Reply }>(
    (resolve, reject) => {
      const req = http.get(
        {
          host: "127.0.0.1",
          port: gateway.port,
          path: SSE_PATH,
          headers: { accept: "text/event-stream", "accept-encoding": "gzip" },
          agent: false,
        },
        (res) => {
          let firstAt = 0;
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            if (firstAt === 0) firstAt = Date.now();
            text += chunk;
          });
          res.on("end", () => {
            resolve({
              firstAt,
              text,
              reply: { status: res.statusCode ?? 0, headers: res.headers, body: text },
            });
          });
        },
      );
      req.on("error", reject);
    },
  );
  expect(received.reply.status).toBe(200);
  expect(received.reply.headers["content-type"]).toBe("text/event-stream");
  expect(received.reply.headers["content-encoding"]).toBeUndefined();
  expect(received.text).toBe("data: first\n\ndata: second\n\n");
  expect(sse.secondWrittenAt).toBeGreaterThan(0);
  expect(received.firstAt).toBeLessThan(sse.secondWrittenAt);
});

it("reports nginx's own error when it cannot start", async () => {
  await expect(
    startNginx({ dir: path.join(tmp, "broken"), upstreams: { auth: "127.0.0.1:99999" } }),
  ).rejects.toThrow(/exited before it listened[\s\S]*invalid port/);
});

it("stop() ends nginx and frees the port", async () => {
  const extra = await startNginx({ dir: path.join(tmp, "extra"), webRoot });
  expect((await request(extra, "/")).status).toBe(200);
  await extra.stop();
  expect(() => process.kill(extra.pid, 0)).toThrow();
  await expect(request(extra, "/")).rejects.toMatchObject({ code: "ECONNREFUSED" });
  await extra.stop(); // a second call is harmless
});
