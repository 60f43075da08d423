// Findings 8 and 9 of the security review, through the real nginx gateway: the notification
// stream took its access token in the URL (`?access_token=`, which ends up in browser histories
// and in nginx's error log on upstream failures), and one user could hold any number of live
// streams (30 were all accepted, while the gateway could hold fewer than 500).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNginx, type RunningNginx } from "@turnout/dev-stack";
import {
  stackTokenMinter,
  startServices,
  type RunningServices,
  type TokenMinter,
} from "@turnout/test-kit";

jest.setTimeout(240_000);

let services: RunningServices | undefined;
let gateway: RunningNginx | undefined;
let minter: TokenMinter;
const open: AbortController[] = [];

beforeAll(async () => {
  services = await startServices(["notification-service"]);
  const notifications = new URL(services.urls["notification-service"] ?? "");
  gateway = await startNginx({
    dir: mkdtempSync(join(tmpdir(), "turnout-live-streams-")),
    upstreams: { notifications: notifications.host },
  });
  minter = await stackTokenMinter();
}, 200_000);
afterAll(async () => {
  for (const controller of open) controller.abort();
  await gateway?.stop();
  await services?.stop();
});

const streamUrl = (query = "") => `${gateway?.url ?? ""}/api/v1/notifications/stream${query}`;

/** Opens the stream and keeps it open (until the test ends); answers status and body if refused. */
async function openStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body?: unknown; retryAfter: string | null }> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (res.status === 200) {
    open.push(controller);
    return { status: 200, retryAfter: null };
  }
  return {
    status: res.status,
    body: await res.json(),
    retryAfter: res.headers.get("retry-after"),
  };
}

test("a token in the URL is refused, and the stream takes the Authorization header", async () => {
  const token = await minter.mint({ sub: crypto.randomUUID() });
  const inUrl = await openStream(streamUrl(`?access_token=${token}`));
  expect(inUrl.status).toBe(400);
  expect(inUrl.body).toMatchObject({ status: 400, code: "token_in_url" });
  // Even beside a valid header: the token in the URL is already exposed.
  const both = await openStream(streamUrl(`?access_token=${token}`), {
    authorization: `Bearer ${token}`,
  });
  expect(both.status).toBe(400);

  const header = await openStream(streamUrl(), { authorization: `Bearer ${token}` });
  expect(header.status).toBe(200);
  // The gateway's access log records paths only.
  const accessLog = readFileSync(join(gateway?.configFile ?? "", "..", "access.log"), "utf8");
  expect(accessLog).toContain("/api/v1/notifications/stream");
  expect(accessLog).not.toContain(token);
});

test("one user's sixth concurrent stream is refused; other users are not affected", async () => {
  const user = crypto.randomUUID();
  const token = await minter.mint({ sub: user });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    statuses.push((await openStream(streamUrl(), { authorization: `Bearer ${token}` })).status);
  }
  expect(statuses).toEqual([200, 200, 200, 200, 200]);
  const sixth = await openStream(streamUrl(), { authorization: `Bearer ${token}` });
  expect(sixth.status).toBe(429);
  expect(sixth.body).toMatchObject({ code: "too_many_streams" });
  expect(Number(sixth.retryAfter)).toBeGreaterThan(0);

  const someoneElse = await minter.mint({ sub: crypto.randomUUID() });
  expect((await openStream(streamUrl(), { authorization: `Bearer ${someoneElse}` })).status).toBe(
    200,
  );
});

test("the gateway is sized for the streams it holds", () => {
  const config = readFileSync(gateway?.configFile ?? "", "utf8");
  const connections = Number(/worker_connections\s+(\d+);/.exec(config)?.[1]);
  // Two connections per stream (client and upstream): room for thousands, not hundreds.
  expect(connections / 2).toBeGreaterThanOrEqual(4_000);
});
