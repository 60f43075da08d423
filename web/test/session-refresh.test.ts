import { apiJson } from "../src/api/client";
import { getSession } from "../src/api/session";
import {
  fakeFetch,
  fakeToken,
  json,
  problem,
  signInAs,
  bodyOf,
  storedText,
  urlOf,
} from "./helpers";

// The refresh token is in the auth API's HttpOnly cookie: the app never holds it, and asks with
// the web client header and no token in the body.
const renewed = {
  access_token: fakeToken({ sub: "7d4f2c1e-0000-4000-8000-000000000001", roles: ["attendee"] }),
  token_type: "Bearer",
  expires_in: 900,
};
const body = (b: unknown) => b;
type Call = [RequestInfo | URL, RequestInit?] | undefined;
const headerOf = (call: Call, name: string) => new Headers(call?.[1]?.headers).get(name);

test("a token about to expire is refreshed from the cookie before the call", async () => {
  signInAs(["attendee"], 10);
  const fetch = fakeFetch(json(renewed), json({ ok: true }));
  await expect(apiJson("/api/v1/auth/me", body, { auth: true })).resolves.toEqual({ ok: true });

  expect(urlOf(fetch.mock.calls[0])).toBe("/api/v1/auth/refresh");
  expect(bodyOf(fetch.mock.calls[0])).toEqual({});
  expect(headerOf(fetch.mock.calls[0], "X-Turnout-Client")).toBe("web");
  expect(fetch.mock.calls[0]?.[1]?.credentials).toBe("same-origin");
  expect(headerOf(fetch.mock.calls[1], "Authorization")).toBe(`Bearer ${renewed.access_token}`);
  expect(getSession()?.accessToken).toBe(renewed.access_token);
});

test("a 401 on a live token (revoked, rotated key) refreshes once and retries", async () => {
  signInAs();
  const fetch = fakeFetch(
    problem(401, "invalid_token", "The token is not valid."),
    json(renewed),
    json({ ok: true }),
  );
  await expect(apiJson("/api/v1/users/me", body, { auth: true })).resolves.toEqual({ ok: true });
  expect(fetch).toHaveBeenCalledTimes(3);
  expect(headerOf(fetch.mock.calls[2], "Authorization")).toBe(`Bearer ${renewed.access_token}`);
});

test("calls made together share one refresh", async () => {
  signInAs(["attendee"], 5);
  const fetch = fakeFetch((url) =>
    url === "/api/v1/auth/refresh" ? json(renewed) : json({ ok: true }),
  );
  await Promise.all([
    apiJson("/a", body, { auth: true }),
    apiJson("/b", body, { auth: true }),
    apiJson("/c", body, { auth: true }),
  ]);
  expect(fetch.mock.calls.filter(([url]) => url === "/api/v1/auth/refresh")).toHaveLength(1);
});

test("a refused refresh ends the session with a plain message", async () => {
  signInAs(["attendee"], 5);
  fakeFetch(problem(401, "invalid_refresh_token", "The refresh token is not valid."));
  await expect(apiJson("/api/v1/users/me", body, { auth: true })).rejects.toThrow(
    "Your session has ended. Please sign in again.",
  );
  expect(getSession()).toBeNull();
});

test("no token is ever written to storage; only a hint that a session cookie may exist", () => {
  signInAs();
  expect(storedText()).not.toContain(getSession()?.accessToken ?? "missing");
  expect(localStorage.getItem("turnout.signed-in")).toBe("1");
});
