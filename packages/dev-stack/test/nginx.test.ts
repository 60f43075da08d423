import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import {
  GATEWAY_AREAS,
  GATEWAY_PLACEHOLDERS,
  freePort,
  gatewayTemplatePath,
  renderGatewayConfig,
  retryAfterSeconds,
  startNginx,
} from "../src";
import type { GatewayArea, RunningNginx } from "../src";

// Real nginx in front of small node:http servers standing in for the five services; each
// echoes what it received, so every assertion is about what actually crossed the gateway.

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  clientPort: number | undefined;
}

interface Upstream {
  server: http.Server;
  address: string;
  seen: Seen[];
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const SSE_PATH = "/api/v1/notifications/stream";
const sse = { secondWrittenAt: 0 };

async function startUpstream(): Promise<Upstream> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on("data", (chunk: Buffer) => (bytes += chunk.length));
    req.on("end", () => {
      const record = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        bytes,
        clientPort: req.socket.remotePort,
      };
      seen.push(record);
      if (req.url === SSE_PATH) {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        res.write("data: first\n\n");
        setTimeout(() => {
          sse.secondWrittenAt = Date.now();
          res.end("data: second\n\n");
        }, 500);
        return;
      }
      const padding = req.url?.includes("big=1") ? "x".repeat(4000) : "";
      res.writeHead(200, {
        "content-type": "application/json",
        // What the kit and Express add; the gateway must not duplicate or leak them.
        "x-request-id": String(req.headers["x-request-id"]),
        "x-powered-by": "Express",
      });
      res.end(JSON.stringify({ ...record, padding }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, address: `127.0.0.1:${port}`, seen };
}

// node:http with a raw path: fetch and URL would resolve dot segments before sending.
function request(
  gateway: RunningNginx,
  rawPath: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let replied = false;
    const req = http.request(
      {
        host: "127.0.0.1",
        port: gateway.port,
        path: rawPath,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: false,
      },
      (res) => {
        replied = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    // nginx answers 413 before reading the body and may then close: not a failure.
    req.on("error", (error) => {
      if (!replied) reject(error);
    });
    req.end(options.body);
  });
}

const json = (reply: Reply): Record<string, unknown> =>
  JSON.parse(reply.body) as Record<string, unknown>;

function expectProblem(reply: Reply, status: number, code: string): void {
  expect(reply.status).toBe(status);
  expect(reply.headers["content-type"]).toBe("application/problem+json");
  expect(json(reply)).toEqual({
    type: `https://turnout.dev/problems/${code}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
    request_id: reply.headers["x-request-id"],
  });
  expect(reply.body).not.toMatch(/nginx/i);
}

function expectSecurityHeaders(reply: Reply): void {
  expect(reply.headers["x-content-type-options"]).toBe("nosniff");
  expect(reply.headers["x-frame-options"]).toBe("DENY");
  expect(reply.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(reply.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(reply.headers["strict-transport-security"]).toBeUndefined();
  expect(reply.headers.server).toBe("nginx");
  expect(reply.headers["x-powered-by"]).toBeUndefined();
}

const hex32 = /^[0-9a-f]{32}$/;
const areaPath: Record<GatewayArea, string> = {
  auth: "/api/v1/auth/me",
  users: "/api/v1/users/me?fields=a,b",
  events: "/api/v1/events/7c1e/availability",
  registrations: "/api/v1/registrations/",
  notifications: "/api/v1/notifications/read-all",
};

describe("renderGatewayConfig", () => {
  const values = Object.fromEntries(GATEWAY_PLACEHOLDERS.map((name) => [name, "1"]));

  it("knows every placeholder of the template, and the template nothing else", () => {
    const template = readFileSync(gatewayTemplatePath(), "utf8");
    const names = new Set(Array.from(template.matchAll(/\$\{([A-Z_]+)\}/g), (m) => m[1]));
    expect([...names].sort()).toEqual([...GATEWAY_PLACEHOLDERS].sort());
    expect(renderGatewayConfig(values)).not.toContain("${");
  });

  it("fails on a placeholder left without a value", () => {
    const { DOCS_ROOT: _docs, WEB_ROOT: _web, ...partial } = values;
    expect(() => renderGatewayConfig(partial)).toThrow(/DOCS_ROOT, WEB_ROOT|WEB_ROOT, DOCS_ROOT/);
  });

  it("refuses values that would add nginx directives", () => {
    expect(() =>
      renderGatewayConfig({ ...values, WEB_ROOT: '/srv/www"; autoindex on; #' }),
    ).toThrow(/WEB_ROOT/);
    expect(() => renderGatewayConfig({ ...values, AUTH_UPSTREAM: "127.0.0.1:4001;\nx" })).toThrow(
      /AUTH_UPSTREAM/,
    );
  });

  it("derives Retry-After from the rate", () => {
    expect(retryAfterSeconds("10r/m")).toBe(6);
    expect(retryAfterSeconds("1r/m")).toBe(60);
    expect(retryAfterSeconds("5r/s")).toBe(1);
    expect(() => retryAfterSeconds("fast")).toThrow(/nginx rate/);
  });
});

describe("gateway (real nginx)", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "turnout-nginx-"));
  const webRoot = path.join(tmp, "www");
  const docsRoot = path.join(tmp, "docs");
  const upstreams = {} as Record<GatewayArea, Upstream>;
  let gateway: RunningNginx;
  // Auth alive, every other service down, and a login rate low enough to reach in a test.
  let strict: RunningNginx;

  beforeAll(async () => {
    mkdirSync(path.join(webRoot, "assets"), { recursive: true });
    mkdirSync(docsRoot);
    writeFileSync(path.join(webRoot, "index.html"), "<!doctype html><title>Turnout</title>");
    writeFileSync(path.join(webRoot, "assets", "x.js"), "console.log('x');");
    writeFileSync(path.join(webRoot, "assets", "big.js"), `console.log("${"y".repeat(5000)}");`);
    writeFileSync(path.join(docsRoot, "index.html"), "<!doctype html><title>API docs</title>");
    writeFileSync(path.join(docsRoot, "asyncapi.json"), '{"asyncapi":"3.0.0"}');
    for (const area of GATEWAY_AREAS) upstreams[area] = await startUpstream();
    const addresses = Object.fromEntries(GATEWAY_AREAS.map((a) => [a, upstreams[a].address]));
    const dead = `127.0.0.1:${await freePort()}`;
    [gateway, strict] = await Promise.all([
      startNginx({ dir: path.join(tmp, "gateway"), upstreams: addresses, webRoot, docsRoot }),
      startNginx({
        dir: path.join(tmp, "strict"),
        upstreams: {
          auth: upstreams.auth.address,
          users: dead,
          events: dead,
          registrations: dead,
          notifications: dead,
        },
        webRoot,
        authRateLimit: "1r/m",
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([gateway.stop(), strict.stop()]);
    for (const { server } of Object.values(upstreams)) {
      server.closeAllConnections();
      server.close();
    }
    rmSync(tmp, { recursive: true, force: true });
  });

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
    // Appended, so a service trusting one proxy hop takes the address nginx saw.
    expect(seen["x-forwarded-for"]).toBe("203.0.113.9, 127.0.0.1");
    expect(seen["x-forwarded-proto"]).toBe("http");
  });

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
    expect(api.headers["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
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

  it("serves the API docs folder at /api/docs and /api/asyncapi.json", async () => {
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
});
