import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GATEWAY_AREAS, startNginx, type GatewayArea } from "@turnout/dev-stack";
import { httpLoad } from "./http-load";
import type { BenchRow } from "./report";

const CONNECTIONS = 16;
const DURATION_S = 10;
const EMPTY_PAGE = JSON.stringify({ items: [], next_cursor: null });

/**
 * GET /api/v1/events with a bearer token through the gateway, against the same gateway
 * configuration (a second nginx) proxying to a Node handler that answers an empty page at once.
 */
export async function listingScenario(gatewayUrl: string, token: string): Promise<BenchRow> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" }).end(EMPTY_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const upstream = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), "turnout-bench-nginx-"));
  const upstreams = Object.fromEntries(GATEWAY_AREAS.map((a) => [a, upstream])) as Record<
    GatewayArea,
    string
  >;
  const nginx = await startNginx({ dir, upstreams });
  try {
    const request = (base: string) => ({
      url: `${base}/api/v1/events?limit=20`,
      method: "GET" as const,
      headers: { Authorization: `Bearer ${token}` },
      connections: CONNECTIONS,
    });
    await httpLoad({ ...request(nginx.url), durationS: 2 });
    const ceiling = await httpLoad({ ...request(nginx.url), durationS: DURATION_S });
    await httpLoad({ ...request(gatewayUrl), durationS: 2 });
    const measured = await httpLoad({ ...request(gatewayUrl), durationS: DURATION_S });
    return {
      scenario: "Authenticated event listing (GET /api/v1/events via gateway)",
      unit: "req/s",
      measured: { ...measured, failures: measured.non2xx + measured.errors },
      ceiling: {
        name: "same nginx config → empty Node handler",
        perSecond: ceiling.perSecond,
        p50Ms: ceiling.p50Ms,
        p99Ms: ceiling.p99Ms,
      },
      concurrency: CONNECTIONS,
      durationS: DURATION_S,
      note:
        "a page of 20 events (token verification, one indexed query, JSON) against the gateway's " +
        "own cost: the same rendered nginx configuration in front of a handler that does nothing.",
    };
  } finally {
    await nginx.stop();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}
