// API tokens through the real gateway (docs/integrations.md "API tokens"): nginx exchanges a
// `tnt_pat_` token for a scoped 5-minute access token (the phantom-token pattern) and every
// service enforces the scope; a revoked or expired token is refused by the gateway, and access
// tokens already made from a revoked one by every service; a session JWT costs no exchange.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "pg";
import { startNginx, type RunningNginx } from "@turnout/dev-stack";
import { startServices, testStack, waitFor, type RunningServices } from "@turnout/test-kit";

jest.setTimeout(120_000);

let services: RunningServices | undefined;
let gateway: RunningNginx | undefined;
let auth: Pool | undefined;
beforeAll(async () => {
  services = await startServices(
    [
      "auth-service",
      "user-service",
      "event-service",
      "registration-service",
      "notification-service",
    ],
    { env: { "auth-service": { LOGIN_REQUIRES_VERIFIED_EMAIL: "false" } } },
  );
  const host = (service: string) => new URL(services?.urls[service] ?? "").host;
  gateway = await startNginx({
    dir: mkdtempSync(join(tmpdir(), "turnout-api-tokens-")),
    upstreams: {
      auth: host("auth-service"),
      users: host("user-service"),
      events: host("event-service"),
      registrations: host("registration-service"),
      notifications: host("notification-service"),
    },
  });
  auth = new Pool({ connectionString: testStack().database.services["auth-service"]?.url, max: 1 });
}, 240_000);
afterAll(async () => {
  await gateway?.stop();
  await services?.stop();
  await auth?.end();
});

const call = (path: string, token?: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${gateway?.url ?? ""}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

const newEvent = () => {
  const startsAt = Date.now() + 7 * 86_400_000;
  return {
    title: `Token ${randomUUID().slice(0, 8)}`,
    description: "Made through an API token.",
    starts_at: new Date(startsAt).toISOString(),
    ends_at: new Date(startsAt + 7_200_000).toISOString(),
    timezone: "Europe/Berlin",
    location: "Token Hall",
    capacity: 10,
  };
};

/** One representative route of each service, the scope it needs and what it answers then. */
const PROBES = [
  {
    name: "auth /me",
    scope: "profile:read",
    ok: 200,
    send: (t: string) => call("/api/v1/auth/me", t),
  },
  {
    name: "users /me",
    scope: "profile:read",
    ok: 200,
    send: (t: string) => call("/api/v1/users/me", t),
  },
  {
    name: "events create",
    scope: "events:write",
    ok: 201,
    send: (t: string) => call("/api/v1/events", t, { method: "POST", body: newEvent() }),
  },
  {
    name: "own registrations",
    scope: "registrations:read",
    ok: 200,
    send: (t: string) => call("/api/v1/registrations", t),
  },
  {
    name: "notifications",
    scope: "notifications:read",
    ok: 200,
    send: (t: string) => call("/api/v1/notifications", t),
  },
  {
    name: "webhook endpoints",
    scope: "webhooks:read",
    ok: 200,
    send: (t: string) => call("/api/v1/webhooks/endpoints", t),
  },
] as const;

/** An organizer signed up and logged in through the gateway: its session access token. */
async function organizer(): Promise<{ id: string; access: string }> {
  const email = `tokens.${randomUUID().slice(0, 8)}@example.test`;
  const password = `Token-pass-${randomUUID()}`;
  const registered = await call("/api/v1/auth/register", undefined, {
    method: "POST",
    body: { email, password },
  });
  expect(registered.status).toBe(201);
  const { id } = (await registered.json()) as { id: string };
  await auth?.query(`UPDATE users SET roles = '{attendee,organizer}' WHERE id = $1`, [id]);
  const login = await call("/api/v1/auth/login", undefined, {
    method: "POST",
    body: { email, password },
  });
  const { access_token: access } = (await login.json()) as { access_token: string };
  // The user service creates the profile from `user-registered`.
  await waitFor(async () => (await call("/api/v1/users/me", access)).status === 200, {
    timeoutMs: 30_000,
    message: "the user service to know the account",
  });
  return { id, access };
}

async function apiToken(session: { access: string }, scopes: readonly string[]) {
  const res = await call("/api/v1/auth/api-tokens", session.access, {
    method: "POST",
    body: { name: `t ${randomUUID()}`, scopes },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect({ status: res.status, code: ((await res.json()) as { code: string }).code }).toEqual({
    status,
    code,
  });
}

test("every service opens a route to a token holding its scope and refuses one without it (403 insufficient_scope)", async () => {
  const session = await organizer();
  const full = await apiToken(session, [...new Set(PROBES.map((p) => p.scope))]);
  const narrow = await apiToken(session, ["events:read"]);
  for (const probe of PROBES) {
    const held = await probe.send(full.token);
    expect({ probe: probe.name, status: held.status }).toEqual({
      probe: probe.name,
      status: probe.ok,
    });
    const refused = await probe.send(narrow.token);
    expect({ probe: probe.name, status: refused.status }).toEqual({
      probe: probe.name,
      status: 403,
    });
    await expectProblem(refused, 403, "insufficient_scope");
  }
  // events:read: an event's detail (public, the token passes the gateway all the same).
  const created = (await (await PROBES[2].send(session.access)).json()) as { id: string };
  expect((await call(`/api/v1/events/${created.id}`, narrow.token)).status).toBe(200);
});

test("a revoked and an expired token are 401 invalid_token from the gateway for every service; access tokens made from the revoked one stop everywhere", async () => {
  const session = await organizer();
  const scopes = [...new Set(PROBES.map((p) => p.scope))];
  const revoked = await apiToken(session, scopes);
  const expired = await apiToken(session, scopes);
  // A script's own exchange, before the revocation.
  const exchanged = await fetch(`${gateway?.url ?? ""}/api/v1/auth/api-tokens/exchange`, {
    method: "POST",
    headers: { Authorization: `Bearer ${revoked.token}` },
  });
  expect(exchanged.status).toBe(200);
  const { access_token: made } = (await exchanged.json()) as { access_token: string };
  for (const probe of PROBES) expect((await probe.send(made)).status).toBe(probe.ok);

  expect(
    (await call(`/api/v1/auth/api-tokens/${revoked.id}`, session.access, { method: "DELETE" }))
      .status,
  ).toBe(204);
  await auth?.query(
    `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`,
    [expired.id],
  );
  for (const token of [revoked.token, expired.token]) {
    for (const probe of PROBES) {
      const res = await probe.send(token);
      expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
      await expectProblem(res, 401, "invalid_token");
    }
  }
  // Each service hears of the revocation (sessions-revoked, session_id = the token id).
  for (const probe of PROBES) {
    await waitFor(async () => (await probe.send(made)).status === 401, {
      timeoutMs: 10_000,
      message: `${probe.name} to refuse an access token of the revoked API token`,
    });
  }
});

/** How many exchanges the auth service has answered (its request metrics). */
async function exchanges(): Promise<number> {
  const text = await (await fetch(`${services?.urls["auth-service"] ?? ""}/metrics`)).text();
  return text
    .split("\n")
    .filter(
      (line) =>
        line.startsWith("http_request_duration_seconds_count{") &&
        line.includes('route="/api/v1/auth/api-tokens/exchange"'),
    )
    .reduce((sum, line) => sum + Number(line.split(" ").pop()), 0);
}

test("a session token, or none, goes through untouched and costs no exchange; an API token costs one per request", async () => {
  const session = await organizer();
  const token = await apiToken(session, ["profile:read"]);
  const before = await exchanges();
  for (let i = 0; i < 3; i += 1) {
    expect((await call("/api/v1/auth/me", session.access)).status).toBe(200);
    expect((await call("/api/v1/users/me", session.access)).status).toBe(200);
    expect((await call("/api/v1/events")).status).toBe(200);
  }
  // A session token may still manage API tokens (an exchanged one never reaches these routes).
  expect((await call("/api/v1/auth/api-tokens", session.access)).status).toBe(200);
  expect(await exchanges()).toBe(before);
  expect((await call("/api/v1/auth/me", token.token)).status).toBe(200);
  expect(await exchanges()).toBe(before + 1);
  await expectProblem(
    await call("/api/v1/auth/api-tokens", token.token),
    403,
    "insufficient_scope",
  );
});
