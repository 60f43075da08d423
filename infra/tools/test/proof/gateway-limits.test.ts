// Findings 2 and 11 of the security review, through the real nginx gateway with its default
// limits: its per-address auth limit (10 a minute) counted successes too, so 50 attendees on
// one venue network could not all sign up and sign in; and /refresh and /logout had no limit,
// so a loop from one address could grow their tables without bound.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNginx, type RunningNginx } from "@turnout/dev-stack";
import { startServices, type RunningServices } from "@turnout/test-kit";

jest.setTimeout(300_000);

let services: RunningServices | undefined;
let gateway: RunningNginx | undefined;
beforeAll(async () => {
  services = await startServices(["auth-service"], {
    // The attendees sign in without opening their verification mails first.
    env: { "auth-service": { LOGIN_REQUIRES_VERIFIED_EMAIL: "false" } },
  });
  const auth = new URL(services.urls["auth-service"] ?? "");
  // The gateway's own defaults: no limit is set here.
  gateway = await startNginx({
    dir: mkdtempSync(join(tmpdir(), "turnout-gateway-limits-")),
    upstreams: { auth: auth.host },
  });
}, 240_000);
afterAll(async () => {
  await gateway?.stop();
  await services?.stop();
});

/** A loopback address of its own (127.x.y.z), as one network's public address is one. */
const octet = () => Math.floor(Math.random() * 250) + 2;
const newAddress = () => `127.${octet()}.${octet()}.${octet()}`;

interface Reply {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** POST `body` as JSON to the gateway from the local address `from`. */
function post(from: string, path: string, body: unknown): Promise<Reply> {
  const url = new URL(gateway?.url ?? "");
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: "POST",
        localAddress: from,
        agent: false,
        headers: { "content-type": "application/json", "content-length": payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const retryAfter = res.headers["retry-after"];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: typeof retryAfter === "string" ? retryAfter : undefined,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

test("50 attendees behind one address all sign up and sign in within five minutes", async () => {
  const venue = newAddress();
  const started = Date.now();
  const outcomes: string[] = [];
  const attendee = async () => {
    const suffix = randomUUID().replaceAll("-", "").slice(0, 10);
    const credentials = { email: `venue.${suffix}@example.test`, password: `Venue-${suffix}!` };
    const registered = await post(venue, "/api/v1/auth/register", {
      ...credentials,
      username: `venue_${suffix}`,
    });
    const login = await post(venue, "/api/v1/auth/login", credentials);
    outcomes.push(`${registered.status}/${login.status}`);
  };
  // Five at a time, as people in a room tap "Create account" and "Sign in".
  for (let i = 0; i < 50; i += 5) await Promise.all([1, 2, 3, 4, 5].map(attendee));

  expect(outcomes).toEqual(Array.from({ length: 50 }, () => "201/200"));
  expect(Date.now() - started).toBeLessThan(5 * 60_000);
});

test("a flood of failed logins from one address is still stopped", async () => {
  const attacker = newAddress();
  const statuses: number[] = [];
  for (let i = 0; i < 60; i++) {
    const reply = await post(attacker, "/api/v1/auth/login", {
      email: `flood.${randomUUID().slice(0, 8)}@example.test`,
      password: "wrong-password-1",
    });
    statuses.push(reply.status);
  }
  // The auth service's failure limit per address (LOGIN_MAX_FAILURES_PER_ADDRESS, 50): every
  // request after it is refused, whatever account it names.
  const first429 = statuses.indexOf(429);
  expect(first429).toBeGreaterThanOrEqual(0);
  expect(first429).toBeLessThanOrEqual(50);
  expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
  expect(statuses.slice(0, first429).every((s) => s === 401)).toBe(true);
  // Another address is not affected.
  const other = await post(newAddress(), "/api/v1/auth/login", {
    email: `flood.${randomUUID().slice(0, 8)}@example.test`,
    password: "wrong-password-1",
  });
  expect(other.status).toBe(401);
});

test("a loop of /refresh and /logout from one address is refused at the gateway", async () => {
  const looper = newAddress();
  const replies: Reply[] = [];
  for (let i = 0; i < 100; i++) {
    const path = i % 2 === 0 ? "/api/v1/auth/refresh" : "/api/v1/auth/logout";
    replies.push(await post(looper, path, { refresh_token: `not-a-token-${i}` }));
  }
  const refused = replies.filter((r) => r.status === 429);
  // 120 a minute with a burst of 60: about 60 pass, and the rest of a fast loop does not.
  expect(refused.length).toBeGreaterThanOrEqual(30);
  expect(refused[0]?.retryAfter).toBe("1");
  expect(JSON.parse(refused[0]?.body ?? "{}")).toMatchObject({
    status: 429,
    code: "too_many_requests",
  });
  // Per address: someone else's refresh still reaches the service.
  const other = await post(newAddress(), "/api/v1/auth/refresh", { refresh_token: "x" });
  expect(other.status).not.toBe(429);
});
