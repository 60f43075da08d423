import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { GATEWAY_AREAS, freePort, startNginx } from "../../src";
import type { GatewayArea, RunningNginx } from "../../src";

// Real nginx in front of small node:http servers standing in for the five services; each
// echoes what it received, so every assertion is about what actually crossed the gateway.

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  clientPort: number | undefined;
}

export interface Upstream {
  server: http.Server;
  address: string;
  seen: Seen[];
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export const SSE_PATH = "/api/v1/notifications/stream";
export const sse = { secondWrittenAt: 0 };

export async function startUpstream(): Promise<Upstream> {
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
      // `status=404` answers that status; `delay=30` answers 30 ms later.
      const status = Number(/[?&]status=(\d{3})(?:&|$)/.exec(req.url ?? "")?.[1] ?? 200);
      const delayMs = Number(/[?&]delay=(\d+)(?:&|$)/.exec(req.url ?? "")?.[1] ?? 0);
      const producedAt = Date.now();
      setTimeout(() => {
        res.writeHead(status, {
          "content-type": "application/json",
          // What the kit and Express add; the gateway must not duplicate or leak them.
          "x-request-id": String(req.headers["x-request-id"]),
          "x-powered-by": "Express",
        });
        res.end(JSON.stringify({ ...record, producedAt, padding }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, address: `127.0.0.1:${port}`, seen };
}

// node:http with a raw path: fetch and URL would resolve dot segments before sending.
export function request(
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

export const json = (reply: Reply): Record<string, unknown> =>
  JSON.parse(reply.body) as Record<string, unknown>;

export function expectProblem(reply: Reply, status: number, code: string): void {
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

export function expectSecurityHeaders(reply: Reply): void {
  expect(reply.headers["x-content-type-options"]).toBe("nosniff");
  expect(reply.headers["x-frame-options"]).toBe("DENY");
  expect(reply.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(reply.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(reply.headers["strict-transport-security"]).toBeUndefined();
  expect(reply.headers.server).toBe("nginx");
  expect(reply.headers["x-powered-by"]).toBeUndefined();
}

export const hex32 = /^[0-9a-f]{32}$/;
export const areaPath: Record<GatewayArea, string> = {
  auth: "/api/v1/auth/me",
  users: "/api/v1/users/me?fields=a,b",
  events: "/api/v1/events/7c1e/availability",
  registrations: "/api/v1/registrations/",
  notifications: "/api/v1/notifications/read-all",
};

export interface GatewayHarness {
  tmp: string;
  webRoot: string;
  docsRoot: string;
  upstreams: Record<GatewayArea, Upstream>;
  /** Every service up. */
  gateway: RunningNginx;
  /** Auth alive, every other service down, and a login rate low enough to reach in a test. */
  strict: RunningNginx;
  stop(): Promise<void>;
}

export async function startGatewayHarness(): Promise<GatewayHarness> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "turnout-nginx-"));
  const webRoot = path.join(tmp, "www");
  const docsRoot = path.join(tmp, "docs");
  const upstreams = {} as Record<GatewayArea, Upstream>;
  mkdirSync(path.join(webRoot, "assets"), { recursive: true });
  mkdirSync(docsRoot);
  writeFileSync(path.join(webRoot, "index.html"), "<!doctype html><title>Turnout</title>");
  writeFileSync(path.join(webRoot, "assets", "x.js"), "console.log('x');");
  writeFileSync(path.join(webRoot, "assets", "big.js"), `console.log("${"y".repeat(5000)}");`);
  writeFileSync(path.join(docsRoot, "index.html"), "<!doctype html><title>API docs</title>");
  writeFileSync(path.join(docsRoot, "asyncapi.json"), '{"asyncapi":"3.0.0"}');
  mkdirSync(path.join(docsRoot, "schemas"));
  writeFileSync(path.join(docsRoot, "schemas", "index.json"), '{"types":[]}');
  for (const area of GATEWAY_AREAS) upstreams[area] = await startUpstream();
  const addresses = Object.fromEntries(GATEWAY_AREAS.map((a) => [a, upstreams[a].address]));
  const dead = `127.0.0.1:${await freePort()}`;
  const [gateway, strict] = await Promise.all([
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
      authBurst: 5,
      sessionRateLimit: "1r/m",
      sessionBurst: 2,
    }),
  ]);
  return {
    tmp,
    webRoot,
    docsRoot,
    upstreams,
    gateway,
    strict,
    async stop() {
      await Promise.all([gateway.stop(), strict.stop()]);
      for (const { server } of Object.values(upstreams)) {
        server.closeAllConnections();
        server.close();
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Returns once at least `leftMs` of the current wall-clock second remain. The gateway keys its
 * listing cache by nginx's current second (the same clock), so requests sent right after this
 * share one entry.
 */
export async function earlyInSecond(leftMs = 600): Promise<void> {
  const intoSecond = Date.now() % 1000;
  if (intoSecond <= 1000 - leftMs) return;
  await new Promise((resolve) => setTimeout(resolve, 1000 - intoSecond + 5));
}
