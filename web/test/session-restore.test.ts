import { fakeFetch, fakeToken, json, problem, urlOf } from "./helpers";

// A reload or a new tab: nothing in memory, the session comes back from the cookie.
const renewed = {
  access_token: fakeToken({ sub: "7d4f2c1e-0000-4000-8000-000000000002", roles: ["attendee"] }),
  token_type: "Bearer",
  expires_in: 900,
};

test("a reloaded page of a signed-in user restores its session from the cookie", async () => {
  localStorage.setItem("turnout.signed-in", "1");
  const fetch = fakeFetch(json(renewed));
  await jest.isolateModulesAsync(async () => {
    const session = await import("../src/api/session");
    const refresh = await import("../src/api/token-refresh");
    expect(session.isRestoring()).toBe(true);
    await expect(refresh.freshAccessToken()).resolves.toBe(renewed.access_token);
    expect(session.isRestoring()).toBe(false);
    expect(session.getSession()?.userId).toBe("7d4f2c1e-0000-4000-8000-000000000002");
  });
  expect(fetch).toHaveBeenCalledTimes(1);
  expect(urlOf(fetch.mock.calls[0])).toBe("/api/v1/auth/refresh");
});

test("a cookie that no longer works signs out and drops the hint", async () => {
  localStorage.setItem("turnout.signed-in", "1");
  fakeFetch(problem(401, "invalid_refresh_token", "No session cookie: sign in again."));
  await jest.isolateModulesAsync(async () => {
    const session = await import("../src/api/session");
    const refresh = await import("../src/api/token-refresh");
    await expect(refresh.freshAccessToken()).resolves.toBeNull();
    expect(session.isRestoring()).toBe(false);
  });
  expect(localStorage.getItem("turnout.signed-in")).toBeNull();
});

test("a visitor who never signed in does not call the API to restore anything", async () => {
  const fetch = fakeFetch(json(renewed));
  await jest.isolateModulesAsync(async () => {
    const session = await import("../src/api/session");
    const refresh = await import("../src/api/token-refresh");
    expect(session.isRestoring()).toBe(false);
    await expect(refresh.freshAccessToken()).resolves.toBeNull();
  });
  expect(fetch).not.toHaveBeenCalled();
});
