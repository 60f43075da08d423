import { apiJson } from "../src/api/client";
import { getSession } from "../src/api/session";
import { fakeFetch, fakeToken, json, problem, signInAs, bodyOf, urlOf } from "./helpers";

const renewed = {
  access_token: fakeToken({ sub: "7d4f2c1e-0000-4000-8000-000000000001", roles: ["attendee"] }),
  refresh_token: "refresh-2",
  token_type: "Bearer",
  expires_in: 900,
};
const body = (b: unknown) => b;
const authOf = (call: [RequestInfo | URL, RequestInit?] | undefined) =>
  new Headers(call?.[1]?.headers).get("Authorization");

test("a token about to expire is refreshed before the call, with the refresh token once", async () => {
  signInAs(["attendee"], 10);
  const fetch = fakeFetch(json(renewed), json({ ok: true }));
  await expect(apiJson("/api/v1/auth/me", body, { auth: true })).resolves.toEqual({ ok: true });

  expect(urlOf(fetch.mock.calls[0])).toBe("/api/v1/auth/refresh");
  expect(bodyOf(fetch.mock.calls[0])).toEqual({
    refresh_token: "refresh-1",
  });
  expect(authOf(fetch.mock.calls[1])).toBe(`Bearer ${renewed.access_token}`);
  expect(getSession()?.refreshToken).toBe("refresh-2");
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
  expect(authOf(fetch.mock.calls[2])).toBe(`Bearer ${renewed.access_token}`);
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
