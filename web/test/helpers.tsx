import { render } from "@testing-library/react";
import { QueryClient } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import { sessionFromTokens, setSession } from "../src/api/session";
import { createRoutes } from "../src/routes";

export interface FakeReply {
  status: number;
  contentType: string;
  body: unknown;
  headers?: Record<string, string>;
}

type Responder = FakeReply | ((url: string, init?: RequestInit) => FakeReply);

/**
 * Replaces `fetch` with one answering the given replies in turn (the last one repeats). A reply
 * may be a function of the request, for routes called in no fixed order.
 */
export type FetchMock = jest.Mock<
  Promise<Response>,
  [input: RequestInfo | URL, init?: RequestInit]
>;

export function fakeFetch(...replies: Responder[]): FetchMock {
  const mock: FetchMock = jest.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const next = replies.length > 1 ? replies.shift() : replies[0];
    if (!next) return Promise.reject(new TypeError("no reply configured"));
    const url = input instanceof Request ? input.url : input.toString();
    const reply = typeof next === "function" ? next(url, init) : next;
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    return Promise.resolve(
      new Response(reply.status === 204 ? null : text, {
        status: reply.status,
        headers: { "Content-Type": reply.contentType, ...reply.headers },
      }),
    );
  });
  globalThis.fetch = mock;
  return mock;
}

/** Answers by "METHOD path" (path without the query), 404 problem for anything else. */
export function fakeApi(
  routes: Record<string, FakeReply | ((init: RequestInit | undefined, url: string) => FakeReply)>,
) {
  return fakeFetch((url, init) => {
    const key = `${init?.method ?? "GET"} ${url.split("?")[0]}`;
    const route = routes[key];
    if (!route) return problem(404, "not_found", `No fake for ${key}.`);
    return typeof route === "function" ? route(init, url) : route;
  });
}

export const json = (body: unknown, status = 200): FakeReply => ({
  status,
  contentType: "application/json; charset=utf-8",
  body,
});

export const noContent = (): FakeReply => ({ status: 204, contentType: "text/plain", body: "" });

export const problem = (
  status: number,
  code: string,
  detail: string,
  errors?: { path: string; message: string; code: string }[],
): FakeReply => ({
  status,
  contentType: "application/problem+json",
  body: {
    type: `https://turnout.dev/problems/${code}`,
    title: "Error",
    status,
    detail,
    code,
    request_id: "req-1",
    ...(errors ? { errors } : {}),
  },
});

/** A JWT-shaped token with these claims (unsigned: the app only reads it). */
export function fakeToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "EdDSA", typ: "at+jwt" })}.${part(claims)}.signature`;
}

export const USER_ID = "7d4f2c1e-0000-4000-8000-000000000001";

/** Signs in as someone with `roles`, valid for `expiresIn` seconds. */
export function signInAs(roles: string[] = ["attendee"], expiresIn = 900, userId = USER_ID) {
  setSession(
    sessionFromTokens({
      access_token: fakeToken({ sub: userId, roles }),
      expires_in: expiresIn,
    }),
  );
}

/** The whole app (layout, routes) at `path`, as the browser router would show it. */
export function renderAt(path: string) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  const router = createMemoryRouter(createRoutes({ queryClient }), { initialEntries: [path] });
  return { router, queryClient, ...render(<RouterProvider router={router} />) };
}

/** Everything the page's localStorage and sessionStorage hold, as one string to search. */
export function storedText(): string {
  const all: string[] = [];
  for (const storage of [localStorage, sessionStorage]) {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i) ?? "";
      all.push(key, storage.getItem(key) ?? "");
    }
  }
  return all.join("\n");
}

type FetchCall = [RequestInfo | URL, RequestInit?] | undefined;

/** The address a fake fetch was called with. */
export const urlOf = (call: FetchCall): string => {
  const input = call?.[0];
  if (input === undefined) return "";
  return input instanceof Request ? input.url : input.toString();
};

/** The JSON body a fake fetch was called with. */
export const bodyOf = (call: FetchCall): unknown => {
  const body = call?.[1]?.body;
  return typeof body === "string" ? (JSON.parse(body) as unknown) : undefined;
};

/** The message shown under a field, through the field's own aria-describedby. */
export function errorOf(field: HTMLElement): string {
  const ids = field.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids
    .filter((id) => id.endsWith("-error"))
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" ");
}

// Replies as the API gives them; `over` sets or adds any field.

/** A list with nothing in it (notifications, registrations, events). */
export const emptyPage = json({ items: [], next_cursor: null });

/** A published event, "Rust meetup" by "org-1", without the booking model's fields. */
export const eventOf = (over: Record<string, unknown> = {}) => ({
  id: "e-1",
  title: "Rust meetup",
  description: "",
  starts_at: "2031-05-04T16:00:00.000Z",
  ends_at: "2031-05-04T19:00:00.000Z",
  timezone: "Europe/Berlin",
  location: "Berlin",
  capacity: 40,
  requires_approval: false,
  status: "published",
  organizer_id: "org-1",
  ...over,
});

/** A visible ticket type on sale without bounds, up to 4 per order. */
export const ticketTypeOf = (over: Record<string, unknown> = {}) => ({
  id: "tt-std",
  name: "Standard",
  description: "",
  quota: 30,
  seats_taken: 0,
  seats_available: 30,
  sales_start: null,
  sales_end: null,
  max_per_order: 4,
  hidden: false,
  ...over,
});

/** The required per-seat choice "Diet" (Vegan or Any). */
export const dietQuestion = {
  id: "q-diet",
  label: "Diet",
  kind: "choice",
  options: ["Vegan", "Any"],
  required: true,
  per: "seat",
};

export const REGISTRATION_ID = "4b1d2c3e-0000-4000-8000-000000000009";

/** A confirmed registration of "u-1" for "e-1", as before the booking model. */
export const registrationOf = (over: Record<string, unknown> = {}) => ({
  id: REGISTRATION_ID,
  event_id: "e-1",
  user_id: "u-1",
  status: "confirmed",
  waitlist_position: null,
  confirmed_via: "direct",
  checked_in_at: null,
  cancelled_at: null,
  created_at: "2030-01-01T00:00:00.000Z",
  updated_at: "2030-01-01T00:00:00.000Z",
  ...over,
});

/** A seat named `name` that answered Diet. */
export const seatOf = (id: string, name: string | null, status = "confirmed", diet = "Vegan") => ({
  id,
  attendee_name: name,
  answers: { "q-diet": diet },
  status,
});

/** A confirmed booking of two Standard seats, Ada's and Grace's. */
export const bookingOf = (over: Record<string, unknown> = {}) =>
  registrationOf({
    ticket_type_id: "tt-std",
    quantity: 2,
    answers: {},
    transferred_from: null,
    seats: [seatOf("s-1", "Ada"), seatOf("s-2", "Grace")],
    ...over,
  });
