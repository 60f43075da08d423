import { ENDPOINTS, corpusFor, type AbuseRequest } from "./abuse-corpus";
import { waitFor } from "@turnout/test-kit";
import { forgedTokens } from "./forged-tokens";
import { call, realUser } from "./idor";
import {
  ALL_SERVICES,
  AREA,
  createEvent,
  startProofPlatform,
  type ProofPlatform,
} from "./proof-platform";
import { inBatches, problemViolation } from "./problem-shape";

jest.setTimeout(180_000);

let platform: ProofPlatform;
let stop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  platform = await startProofPlatform();
  stop = () => platform.services.stop();
});
afterAll(async () => {
  await stop?.();
});

const serviceOf = (area: string) => ALL_SERVICES.find((s) => AREA[s] === area) ?? "auth-service";

test("at least 500 malformed requests over every public endpoint: no 5xx, one problem shape", async () => {
  const corpus = ENDPOINTS.flatMap((e) => corpusFor(e));
  expect(corpus.length).toBeGreaterThanOrEqual(500);
  // Every endpoint of the table gets malformed input.
  for (const e of ENDPOINTS) expect(corpus.some((r) => r.method === e.method)).toBe(true);

  const violations: string[] = [];
  const statuses = new Set<number>();
  const send = async (r: AbuseRequest) => {
    const area = r.path.split("/")[3] ?? "";
    // A fresh token per request, with every role, so authorization lets validation run.
    const { token } = await platform.user(["attendee", "organizer", "admin"]);
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (r.contentType) headers["Content-Type"] = r.contentType;
    try {
      const res = await fetch(`${platform.url(serviceOf(area))}${r.path}`, {
        method: r.method,
        headers,
        ...(r.body !== undefined ? { body: r.body } : {}),
      });
      statuses.add(res.status);
      const v = await problemViolation(res);
      if (v) violations.push(`${r.label}: ${v}`);
    } catch (error) {
      violations.push(`${r.label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await inBatches(corpus, 8, send);
  expect(violations).toEqual([]);
  // The corpus reaches validation, the body limit and the content-type check.
  for (const status of [400, 413, 415]) expect(statuses).toContain(status);
});

/** One route per service that needs a bearer token (and, for events, the organizer role). */
const GUARDED: [Parameters<ProofPlatform["url"]>[0], string, string, unknown?][] = [
  ["auth-service", "GET", "/api/v1/auth/me"],
  ["user-service", "GET", "/api/v1/users/me"],
  ["event-service", "POST", "/api/v1/events", { title: "x" }],
  ["registration-service", "GET", "/api/v1/registrations"],
  ["notification-service", "GET", "/api/v1/notifications"],
];

test("forged tokens are refused by every service with 401 and the problem shape", async () => {
  const forged = await forgedTokens(platform.minter);
  const control = await realUser(platform);
  const violations: string[] = [];
  for (const [service, method, path, body] of GUARDED) {
    // The control: a genuine token gets past authentication on the same route.
    const ok = await call(platform, control, service, method, path, body);
    if (ok.status === 401) violations.push(`${service}: the genuine token was refused`);
    for (const [name, token] of Object.entries(forged)) {
      const res = await fetch(`${platform.url(service)}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const shape = await problemViolation(res);
      if (res.status !== 401 || shape)
        violations.push(`${service} ${name}: ${res.status} ${shape}`);
    }
  }
  expect(violations).toEqual([]);
});

test("another user's registration, notification and profile, and role escalation, are refused", async () => {
  const [alice, mallory] = [await realUser(platform), await realUser(platform)];
  const organizer = await platform.user(["attendee", "organizer"]);
  const event = await createEvent(platform, organizer.token, 5);
  const created = await call(
    platform,
    alice,
    "registration-service",
    "POST",
    "/api/v1/registrations",
    { event_id: event.id },
  );
  expect(created.status).toBe(201);
  const registration = created.body as { id: string; status: string };
  expect(registration.status).toBe("confirmed");
  const inbox = await waitFor(
    async () => {
      const res = await call(
        platform,
        alice,
        "notification-service",
        "GET",
        "/api/v1/notifications",
      );
      return (res.body as { items?: { id: string }[] }).items?.[0];
    },
    { timeoutMs: 20_000, message: "alice's confirmation notification" },
  );

  const refused = (s: number) => s === 403 || s === 404;
  const attempts: [Parameters<ProofPlatform["url"]>[0], string, string, unknown?][] = [
    ["registration-service", "GET", `/api/v1/registrations/${registration.id}`],
    ["registration-service", "DELETE", `/api/v1/registrations/${registration.id}`],
    ["registration-service", "POST", `/api/v1/registrations/${registration.id}/approve`],
    ["registration-service", "POST", `/api/v1/registrations/${registration.id}/check-in`],
    ["registration-service", "GET", `/api/v1/registrations/events/${event.id}`],
    ["notification-service", "POST", `/api/v1/notifications/${inbox.id}/read`],
    ["user-service", "GET", `/api/v1/users/${alice.id}`],
    ["user-service", "PATCH", `/api/v1/users/${alice.id}`, { display_name: "pwned" }],
    [
      "user-service",
      "PUT",
      `/api/v1/users/${alice.id}`,
      { display_name: "pwned", bio: "x", username: "pwned_x" },
    ],
    ["user-service", "DELETE", `/api/v1/users/${alice.id}`],
    ["user-service", "GET", "/api/v1/users"],
    ["auth-service", "PUT", `/api/v1/auth/users/${mallory.id}/roles`, { roles: ["admin"] }],
    ["auth-service", "PUT", `/api/v1/auth/users/${alice.id}/roles`, { roles: [] }],
    ["event-service", "POST", "/api/v1/events", { title: "x" }],
    ["event-service", "PATCH", `/api/v1/events/${event.id}`, { capacity: 1000 }],
    ["event-service", "DELETE", `/api/v1/events/${event.id}`],
  ];
  const violations: string[] = [];
  for (const [service, method, path, body] of attempts) {
    const res = await call(platform, mallory, service, method, path, body);
    if (!refused(res.status) || !res.type.startsWith("application/problem+json"))
      violations.push(`${method} ${path}: ${res.status}`);
  }
  expect(violations).toEqual([]);

  // Nothing changed: alice's seat, notification and profile, mallory's roles.
  const mine = await call(
    platform,
    alice,
    "registration-service",
    "GET",
    `/api/v1/registrations/${registration.id}`,
  );
  expect((mine.body as { status: string }).status).toBe("confirmed");
  const note = await call(
    platform,
    alice,
    "notification-service",
    "GET",
    "/api/v1/notifications?unread=true",
  );
  expect((note.body as { items: { id: string }[] }).items.map((n) => n.id)).toContain(inbox.id);
  const profile = await call(platform, alice, "user-service", "GET", "/api/v1/users/me");
  expect((profile.body as { display_name: unknown }).display_name).not.toBe("pwned");
  const me = await call(platform, mallory, "auth-service", "GET", "/api/v1/auth/me");
  expect((me.body as { roles: string[] }).roles).not.toContain("admin");
  const escalate = await call(platform, mallory, "user-service", "PATCH", "/api/v1/users/me", {
    roles: ["admin"],
  });
  expect(escalate.status).toBeLessThan(500);
  const after = await call(platform, mallory, "user-service", "GET", "/api/v1/users");
  expect(after.status).toBe(403);
});
