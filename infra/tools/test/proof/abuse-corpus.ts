/** The public endpoints, by service, with a body template for those that take one. */
export interface Endpoint {
  service: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** `{id}` marks a path parameter; the corpus puts malformed values there. */
  path: string;
  body?: Record<string, unknown>;
  query?: string[];
}

const EVENT = {
  title: "t",
  description: "d",
  starts_at: "2030-01-01T10:00:00Z",
  ends_at: "2030-01-01T12:00:00Z",
  timezone: "Europe/Berlin",
  location: "x",
  capacity: 10,
  requires_approval: false,
  category: "tech",
};
const PROFILE = { display_name: "n", bio: "b", avatar_url: "https://x.test/a.png", username: "u" };
const SETTINGS = { notifications: { email: true, in_app: true }, locale: "en", timezone: "UTC" };

export const ENDPOINTS: Endpoint[] = [
  {
    service: "auth",
    method: "POST",
    path: "/register",
    body: { email: "a@b.test", password: "p", username: "u", display_name: "d" },
  },
  { service: "auth", method: "POST", path: "/login", body: { email: "a@b.test", password: "p" } },
  { service: "auth", method: "POST", path: "/refresh", body: { refresh_token: "r" } },
  { service: "auth", method: "POST", path: "/logout", body: { refresh_token: "r" } },
  { service: "auth", method: "POST", path: "/password-reset-request", body: { email: "a@b.test" } },
  {
    service: "auth",
    method: "POST",
    path: "/password-reset-confirm",
    body: { token: "t", new_password: "p" },
  },
  { service: "auth", method: "POST", path: "/verify-email", body: { token: "t" } },
  { service: "auth", method: "GET", path: "/me" },
  { service: "auth", method: "PUT", path: "/users/{id}/roles", body: { roles: ["attendee"] } },
  {
    service: "auth",
    method: "POST",
    path: "/api-tokens",
    body: { name: "n", scopes: ["events:read"], expires_at: "2030-01-01T00:00:00Z" },
  },
  { service: "auth", method: "GET", path: "/api-tokens" },
  { service: "auth", method: "DELETE", path: "/api-tokens/{id}" },
  { service: "auth", method: "POST", path: "/api-tokens/exchange" },
  { service: "users", method: "GET", path: "/me" },
  { service: "users", method: "PATCH", path: "/me", body: PROFILE },
  { service: "users", method: "GET", path: "/me/settings" },
  { service: "users", method: "PUT", path: "/me/settings", body: SETTINGS },
  { service: "users", method: "PATCH", path: "/me/settings", body: { event_reminders: true } },
  { service: "users", method: "GET", path: "/me/activity", query: ["limit", "cursor"] },
  { service: "users", method: "GET", path: "/by-username/{id}" },
  { service: "users", method: "GET", path: "/", query: ["limit", "cursor", "q"] },
  { service: "users", method: "GET", path: "/{id}" },
  { service: "users", method: "PUT", path: "/{id}", body: PROFILE },
  { service: "users", method: "PATCH", path: "/{id}", body: PROFILE },
  { service: "users", method: "DELETE", path: "/{id}" },
  { service: "events", method: "POST", path: "/", body: EVENT },
  {
    service: "events",
    method: "GET",
    path: "/",
    query: ["limit", "cursor", "q", "from", "to", "category", "organizer_id", "status"],
  },
  { service: "events", method: "GET", path: "/{id}" },
  { service: "events", method: "PATCH", path: "/{id}", body: EVENT },
  { service: "events", method: "DELETE", path: "/{id}" },
  { service: "events", method: "GET", path: "/{id}/availability" },
  {
    service: "registrations",
    method: "POST",
    path: "/",
    body: { event_id: "00000000-0000-4000-8000-000000000000" },
  },
  { service: "registrations", method: "GET", path: "/", query: ["limit", "cursor", "status"] },
  { service: "registrations", method: "GET", path: "/{id}" },
  { service: "registrations", method: "DELETE", path: "/{id}" },
  { service: "registrations", method: "POST", path: "/{id}/approve", body: {} },
  { service: "registrations", method: "POST", path: "/{id}/reject", body: {} },
  { service: "registrations", method: "POST", path: "/{id}/check-in", body: {} },
  { service: "registrations", method: "GET", path: "/events/{id}", query: ["limit", "cursor"] },
  { service: "registrations", method: "GET", path: "/{id}/calendar.ics" },
  {
    service: "registrations",
    method: "POST",
    path: "/check-ins",
    body: { ticket_code: "a.b.c", gate: "North", scanned_at: "2030-01-01T10:00:00Z" },
  },
  { service: "registrations", method: "GET", path: "/events/{id}/check-in-state" },
  { service: "registrations", method: "GET", path: "/events/{id}/check-in-stats" },
  {
    service: "registrations",
    method: "POST",
    path: "/events/{id}/check-in-helpers",
    body: { email: "a@b.test" },
  },
  {
    service: "registrations",
    method: "POST",
    path: "/events/{id}/messages",
    body: { subject: "s", body: "b" },
  },
  { service: "notifications", method: "GET", path: "/", query: ["limit", "cursor", "unread"] },
  { service: "notifications", method: "POST", path: "/{id}/read", body: {} },
  { service: "notifications", method: "POST", path: "/read-all", body: {} },
];

const HUGE = "x".repeat(100_000);
/** Strings every field gets in turn: unicode edge cases, SQL- and script-shaped, huge. */
export const NASTY_STRINGS = [
  "",
  " ",
  HUGE,
  "\u0000",
  "\ud800",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "\ud83d\ude00\u200d\ud83d\udc69\u200b",
  "e\u0301\u0301\u0301",
  "' OR 1=1 --",
  "'; DROP TABLE events; --",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%00%ff",
  "${jndi:ldap://x}",
];
/** Values of the wrong JSON type for any field. */
export const WRONG_TYPES: unknown[] = [null, 0, -1, 1e308, true, [], {}, [1, "a"], { $gt: "" }];
/** Malformed values for a path parameter (URL-encoded by the corpus). */
export const BAD_IDS = [
  "not-a-uuid",
  "0",
  "-1",
  "' OR 1=1 --",
  "\ud83d\ude00",
  "a".repeat(5000),
  "00000000-0000-0000-0000-00000000000g",
  "%00",
  "..%2F..%2Fetc",
];
export const BAD_QUERY_VALUES = [
  "-1",
  "0",
  "abc",
  "1e309",
  "101",
  "' OR 1=1 --",
  "\u0000",
  HUGE.slice(0, 8000),
  "2030-13-45T99:00:00Z",
];

export interface AbuseRequest {
  label: string;
  method: string;
  path: string;
  contentType?: string;
  body?: string;
}

const base = (e: Endpoint) => `/api/v1/${e.service}${e.path === "/" ? "" : e.path}`;
const withId = (e: Endpoint, id = "00000000-0000-4000-8000-000000000000") =>
  base(e).replace("{id}", encodeURIComponent(id));

/** Every malformed request for one endpoint. */
export function corpusFor(e: Endpoint): AbuseRequest[] {
  const out: AbuseRequest[] = [];
  const add = (label: string, r: Omit<AbuseRequest, "label">) =>
    out.push({ label: `${e.method} ${base(e)} ${label}`, ...r });
  if (e.path.includes("{id}"))
    for (const id of BAD_IDS)
      add(`id=${id.slice(0, 20)}`, {
        method: e.method,
        path: withId(e, id),
        ...(e.body ? { contentType: "application/json", body: JSON.stringify(e.body) } : {}),
      });
  for (const name of e.query ?? [])
    for (const v of BAD_QUERY_VALUES)
      add(`?${name}=${v.slice(0, 20)}`, {
        method: e.method,
        path: `${withId(e)}?${name}=${encodeURIComponent(v)}`,
      });
  if (!e.body) return out;
  const json = (label: string, body: unknown) =>
    add(label, {
      method: e.method,
      path: withId(e),
      contentType: "application/json",
      body: JSON.stringify(body),
    });
  for (const whole of [null, [], "s", 1, true]) json(`body=${JSON.stringify(whole)}`, whole);
  for (const field of Object.keys(e.body)) {
    const { [field]: _dropped, ...missing } = e.body;
    json(`missing ${field}`, missing);
    for (const v of WRONG_TYPES) json(`${field}=${JSON.stringify(v)}`, { ...e.body, [field]: v });
    for (const s of NASTY_STRINGS) json(`${field}="${s.slice(0, 12)}"`, { ...e.body, [field]: s });
  }
  json(
    "extra __proto__",
    JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
  );
  for (const raw of ['{"a":', "{'a':1}", '{"a":1,}', "\u0000", "nul", "[".repeat(5000)])
    add(`raw ${raw.slice(0, 10)}`, {
      method: e.method,
      path: withId(e),
      contentType: "application/json",
      body: raw,
    });
  for (const ct of [
    "text/plain",
    "application/xml",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
  ])
    add(`content-type ${ct}`, {
      method: e.method,
      path: withId(e),
      contentType: ct,
      body: "a=1&b=2",
    });
  add("oversized 3 MB", {
    method: e.method,
    path: withId(e),
    contentType: "application/json",
    body: JSON.stringify({ ...e.body, pad: "x".repeat(3_000_000) }),
  });
  return out;
}
