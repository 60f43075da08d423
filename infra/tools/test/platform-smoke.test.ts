import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import nodeVault from "node-vault";
import { freePort } from "@turnout/dev-stack";
import type { RunnerState } from "../src/local/runner-state";
import { startLocalPlatform, type LocalPlatform } from "./helpers/local-platform";

/**
 * The platform as a user starts it: the real `npm start` command, in a home folder of its own,
 * on free ports, through the nginx gateway. Extended by every issue that adds routes.
 */
const AREAS = ["auth", "users", "events", "registrations", "notifications", "webhooks"];
let home: string;
let gateway: string;
let platform: LocalPlatform | undefined;

const start = (port: number, args: readonly string[] = []) =>
  startLocalPlatform({ home, port, args, authRateLimit: "6r/m", authBurst: 5 });

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "turnout-platform-"));
  const port = await freePort();
  gateway = `http://127.0.0.1:${port}`;
  platform = await start(port, ["--demo"]);
}, 300_000);

afterAll(async () => {
  await platform?.pressCtrlC();
  await rm(home, { recursive: true, force: true });
});

test("every service answers through the gateway, with the request id it was given", async () => {
  for (const area of AREAS) {
    const res = await fetch(`${gateway}/api/v1/${area}/no-such-route`, {
      headers: { "X-Request-Id": `smoke-${area}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(res.headers.get("x-request-id")).toBe(`smoke-${area}`);
    expect(await res.json()).toMatchObject({ code: "not_found", request_id: `smoke-${area}` });
  }
});

test("the gateway serves the web app with client-side routes, the API docs and the public event catalogue", async () => {
  for (const path of ["/", "/events/some-client-route"]) {
    const res = await fetch(`${gateway}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<div id="root">/);
  }
  const docs = await fetch(`${gateway}/api/docs/`);
  expect(docs.status).toBe(200);
  expect(await docs.text()).toMatch(/swagger-ui|openapi/i);
  // The API docs offer every area's document, the notification service's webhooks included.
  const init = await (await fetch(`${gateway}/api/docs/docs-init.js`)).text();
  for (const area of AREAS) expect(init).toContain(`"/api/v1/${area}/openapi.json"`);
  const catalogue = (await (await fetch(`${gateway}/api/asyncapi.json`)).json()) as {
    asyncapi: string;
    channels: Record<string, unknown>;
  };
  expect(catalogue.asyncapi).toBe("3.0.0");
  expect(Object.keys(catalogue.channels).length).toBeGreaterThan(0);
  expect((await fetch(`${gateway}/api/asyncapi.internal.json`)).status).toBe(404);
});

test("every service publishes its OpenAPI document through the gateway", async () => {
  for (const area of AREAS) {
    const res = await fetch(`${gateway}/api/v1/${area}/openapi.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      openapi: expect.stringMatching(/^3\.1/) as unknown,
      info: { title: `Turnout ${area} API` },
    });
  }
});

test("the gateway publishes the public signing keys from Vault, never private material", async () => {
  const res = await fetch(`${gateway}/.well-known/jwks.json`);
  expect(res.status).toBe(200);
  const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) {
    expect(key).toMatchObject({ kty: "OKP", kid: expect.any(String) as unknown });
    expect(key).not.toHaveProperty("d");
  }
});

test("internal routes are not reachable through the gateway", async () => {
  for (const path of [
    "/internal/token",
    "/internal/seats",
    "/internal/events/00000000-0000-4000-8000-000000000000/reservations",
    "/api/v1/events/internal/seats",
    "/api/v1/events/%69nternal/seats",
  ]) {
    const res = await fetch(`${gateway}${path}`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  }
});

test("an account registers, logs in and reads /me through the gateway", async () => {
  const email = `smoke.${Date.now()}@example.test`;
  const json = { "Content-Type": "application/json" };
  const password = "correct horse battery staple";
  const registered = await fetch(`${gateway}/api/v1/auth/register`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password }),
  });
  expect(registered.status).toBe(201);
  const login = await fetch(`${gateway}/api/v1/auth/login`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  const { access_token } = (await login.json()) as { access_token: string };
  const me = await fetch(`${gateway}/api/v1/auth/me`, {
    headers: { Authorization: `Bearer ${access_token}` },
  });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ email, roles: ["attendee"], email_verified: false });
});

test("--demo seeds organizers, a dozen events and registrations, and prints the logins", async () => {
  const output = platform!.output();
  expect(output).toMatch(/Admin login +admin@turnout\.test \/ \S+/);
  const password = /Demo password +(\S+)/.exec(output)?.[1];
  expect(password).toBeDefined();
  const listed = (await (await fetch(`${gateway}/api/v1/events?limit=100`)).json()) as {
    items: { title: string; capacity: number; seats_taken: number }[];
  };
  expect(listed.items).toHaveLength(12);
  const workshop = listed.items.find((e) => e.title === "Intro to Kafka workshop");
  expect(workshop).toMatchObject({ capacity: 3, seats_taken: 3 });
  const login = await fetch(`${gateway}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "margaret@demo.turnout.test", password }),
  });
  expect(login.status).toBe(200);
  const { access_token } = (await login.json()) as { access_token: string };
  const mine = (await (
    await fetch(`${gateway}/api/v1/registrations?limit=100`, {
      headers: { Authorization: `Bearer ${access_token}` },
    })
  ).json()) as { items: { status: string; waitlist_position: number | null }[] };
  // Margaret signs up for five events: the full workshop waitlists her (fourth in, behind three
  // seats), and the breakfast that needs approval keeps her pending.
  expect(mine.items).toHaveLength(5);
  expect(mine.items.filter((r) => r.status === "waitlisted")).toEqual([
    expect.objectContaining({ waitlist_position: 1 }),
  ]);
  expect(mine.items.filter((r) => r.status === "pending")).toHaveLength(1);
  // Her profile came from user-registered, through the broker, into the user service.
  const profile = await fetch(`${gateway}/api/v1/users/me`, {
    headers: { Authorization: `Bearer ${access_token}` },
  });
  expect(profile.status).toBe(200);
  expect(await profile.json()).toMatchObject({
    username: "margaret",
    display_name: "Margaret Hamilton",
  });
});

test("login is rate limited per client address with 429, Retry-After and a problem body", async () => {
  const statuses: number[] = [];
  let throttled: Response | undefined;
  for (let i = 0; i < 20 && !throttled; i++) {
    const res = await fetch(`${gateway}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    statuses.push(res.status);
    if (res.status === 429) throttled = res;
  }
  expect(throttled).toBeDefined();
  expect(Number(throttled!.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(await throttled!.json()).toMatchObject({ status: 429, code: "too_many_requests" });
});

test("Ctrl-C stops everything cleanly, and a second start reuses the data", async () => {
  const first = await platform!.state();
  const marker = `smoke_${Date.now()}`;
  const admin = new Client({ connectionString: first.database.adminUrl });
  await admin.connect();
  await admin.query(`CREATE TABLE public.${marker} (id int)`);
  await admin.end();
  const kid = async (s: RunnerState) => {
    const vault = nodeVault({ endpoint: s.vault.addr, token: s.vault.token });
    const reply = (await vault.read("secret/data/turnout/jwt/signing")) as {
      data: { data: { kid: string } };
    };
    return reply.data.data.kid;
  };
  const firstKid = await kid(first);

  await platform!.pressCtrlC();
  // npm reports the SIGINT itself; the runner underneath says how its stop went.
  expect(platform!.output()).toMatch(/SIGINT: stopping[\s\S]*\nstopped\.\n/);
  await expect(fetch(`${gateway}/api/v1/events/x`)).rejects.toThrow();
  await expect(
    fetch(`http://127.0.0.1:${new URL(first.vault.addr).port}/v1/sys/health`),
  ).rejects.toThrow();
  await expect(
    new Client({ connectionString: first.database.adminUrl }).connect(),
  ).rejects.toThrow();

  platform = await start(Number(new URL(gateway).port));
  const second = await platform.state();
  expect(await kid(second)).toBe(firstKid);
  const again = new Client({ connectionString: second.database.adminUrl });
  await again.connect();
  const { rows } = await again.query("SELECT to_regclass($1) AS found", [`public.${marker}`]);
  await again.end();
  expect(rows).toEqual([{ found: marker }]);
}, 300_000);
