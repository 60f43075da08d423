import request from "supertest";
import { createTestApp, PASSWORD, registerUser, uniqueAddress } from "./helpers/test-app";

/**
 * The web app's session cookie (README "Web session"): opted into with `X-Turnout-Client: web`,
 * the refresh token is only ever in an HttpOnly cookie on the auth routes, and the cookie is
 * refused without the header or from another origin. Other clients keep the body fields.
 */
const { app, close } = createTestApp();
afterAll(() => close());

const WEB = { "X-Turnout-Client": "web" };
const api = (path: string) => `/api/v1/auth${path}`;

/** The `turnout_refresh` cookie a reply sets: its value and attributes. */
function refreshCookie(res: request.Response): { value: string; attributes: string[] } | null {
  const raw = res.get("Set-Cookie") ?? [];
  const cookie = raw.find((c) => c.startsWith("turnout_refresh="));
  if (!cookie) return null;
  const [pair = "", ...attributes] = cookie.split(";").map((p) => p.trim());
  return { value: pair.slice("turnout_refresh=".length), attributes };
}

async function webLogin() {
  const user = await registerUser(app);
  const res = await request(app)
    .post(api("/login"))
    .set(WEB)
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email: user.email, password: PASSWORD });
  expect(res.status).toBe(200);
  const cookie = refreshCookie(res);
  if (!cookie) throw new Error("no cookie");
  return { res, cookie, access: (res.body as { access_token: string }).access_token };
}

const webRefresh = (cookie: string, headers: Record<string, string> = WEB) =>
  request(app)
    .post(api("/refresh"))
    .set(headers)
    .set("Cookie", `turnout_refresh=${cookie}`)
    .send({});

test("the web app's login sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie on the auth routes, and not in the body", async () => {
  const { res, cookie } = await webLogin();
  expect(res.body).toEqual({
    access_token: expect.any(String),
    token_type: "Bearer",
    expires_in: 900,
  });
  expect(res.get("Cache-Control")).toBe("no-store");
  expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(cookie.attributes).toEqual(
    expect.arrayContaining(["Path=/api/v1/auth", "HttpOnly", "Secure", "SameSite=Strict"]),
  );
  expect(cookie.attributes.find((a) => a.startsWith("Max-Age="))).toBe("Max-Age=3600");
});

test("other clients keep the documented body fields and get no cookie", async () => {
  const user = await registerUser(app);
  const res = await request(app)
    .post(api("/login"))
    .set("X-Forwarded-For", uniqueAddress())
    .send({ email: user.email, password: PASSWORD });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ refresh_token: expect.any(String), token_type: "Bearer" });
  expect(refreshCookie(res)).toBeNull();
  const refreshed = await request(app)
    .post(api("/refresh"))
    .send({ refresh_token: (res.body as { refresh_token: string }).refresh_token });
  expect(refreshed.status).toBe(200);
  expect(refreshed.body).toMatchObject({ refresh_token: expect.any(String) });
  // A missing token is still the documented 400.
  expect((await request(app).post(api("/refresh")).send({})).status).toBe(400);
});

test("/refresh takes the cookie from the web app, rotates it, and clears a spent one", async () => {
  const { cookie } = await webLogin();
  const next = await webRefresh(cookie.value);
  expect(next.status).toBe(200);
  expect(next.body).not.toHaveProperty("refresh_token");
  const rotated = refreshCookie(next);
  expect(rotated?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(rotated?.value).not.toBe(cookie.value);

  // The spent one again: a re-use, 401, and the cookie is cleared.
  const reused = await webRefresh(cookie.value);
  expect(reused.status).toBe(401);
  expect(reused.body).toMatchObject({ code: "invalid_refresh_token" });
  expect(refreshCookie(reused)?.value).toBe("");
  // No cookie at all: signed out.
  const none = await request(app).post(api("/refresh")).set(WEB).send({});
  expect(none.status).toBe(401);
});

test("the cookie is refused without the web client header or from another origin (403 cross_site_request)", async () => {
  const { cookie } = await webLogin();
  const attempts: Record<string, string>[] = [
    {}, // a cross-site form: no custom header
    { ...WEB, Origin: "https://evil.example" },
    { ...WEB, Origin: "null" },
    { ...WEB, "Sec-Fetch-Site": "cross-site" },
    { ...WEB, "Sec-Fetch-Site": "same-site" }, // another port of the host
  ];
  for (const headers of attempts) {
    const res = await webRefresh(cookie.value, headers);
    expect({ headers, status: res.status, code: (res.body as { code?: string }).code }).toEqual({
      headers,
      status: 403,
      code: "cross_site_request",
    });
  }
  // Nothing was spent: the web app itself still refreshes with it.
  const own = await webRefresh(cookie.value, {
    ...WEB,
    Origin: "http://127.0.0.1",
    "Sec-Fetch-Site": "same-origin",
  });
  expect(own.status).toBe(200);
});

test("/logout ends the cookie's session and clears the cookie", async () => {
  const { cookie, access } = await webLogin();
  const res = await request(app)
    .post(api("/logout"))
    .set(WEB)
    .set("Authorization", `Bearer ${access}`)
    .set("Cookie", `turnout_refresh=${cookie.value}`)
    .send({});
  expect(res.status).toBe(204);
  expect(refreshCookie(res)?.value).toBe("");
  expect((await webRefresh(cookie.value)).status).toBe(401);

  // A logout carrying the cookie without the header is refused like any other use of it.
  const other = await webLogin();
  const crossSite = await request(app)
    .post(api("/logout"))
    .set("Authorization", `Bearer ${other.access}`)
    .set("Cookie", `turnout_refresh=${other.cookie.value}`);
  expect(crossSite.status).toBe(403);
});
