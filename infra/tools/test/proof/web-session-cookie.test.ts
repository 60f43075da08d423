// Finding 10 of the security review: the web app kept the 30-day refresh token (and the access
// token) in localStorage, where any injected script could read it. Now the refresh token lives
// in an HttpOnly, Secure, SameSite=Strict cookie on the auth routes, the access token in the
// page's memory only, and the cookie is refused to any request that is not the web app's own.
// Real Chromium through the nginx gateway of a real `npm start`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { freePort } from "@turnout/dev-stack";
import { waitFor } from "@turnout/test-kit";
import { launchChromium, personContext } from "../helpers/chromium";
import { printedLogins, startLocalPlatform, type LocalPlatform } from "../helpers/local-platform";
import { see, signIn } from "../helpers/web-ui";

jest.setTimeout(300_000);

let home: string;
let platform: LocalPlatform | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let admin: { email: string; password: string };

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "turnout-web-session-"));
  [platform, browser] = await Promise.all([
    freePort().then((port) => startLocalPlatform({ home, port, authRateLimit: "1200r/m" })),
    launchChromium(),
  ]);
  admin = printedLogins(platform.output()).admin;
  context = await personContext(browser, platform.gateway);
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await platform?.pressCtrlC();
  await rm(home, { recursive: true, force: true });
}, 60_000);

/** Everything the page's script can see of storage and cookies, as text. */
const visibleToScript = (page: Page): Promise<string> =>
  page.evaluate<string>(
    `JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })`,
  );

const browserContext = (): BrowserContext => {
  if (!context) throw new Error("not started");
  return context;
};

const refreshCookie = async () =>
  (await browserContext().cookies()).find((cookie) => cookie.name === "turnout_refresh");

/** The admin page, which needs a session with the admin role. */
const seeAdminPage = (page: Page) => see(page.getByRole("heading", { level: 1, name: "Users" }));

test("signed in, no token is in storage or visible to script; the refresh token is an HttpOnly, Secure, SameSite=Strict cookie on the auth routes", async () => {
  const page = await browserContext().newPage();
  await signIn(page, admin.email, admin.password);

  const cookie = await refreshCookie();
  expect(cookie).toMatchObject({
    path: "/api/v1/auth",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
  });
  expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const seen = await visibleToScript(page);
  // No JWT (they start with the base64 of `{"`) and not the refresh token either.
  expect(seen).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  expect(seen).not.toContain(cookie?.value ?? "missing");
});

test("a reload, and tabs opened together, keep the user signed in (one refresh at a time across tabs)", async () => {
  const page = await browserContext().newPage();
  await page.goto("/admin/users");
  await seeAdminPage(page);
  await page.reload();
  await seeAdminPage(page);
  expect(new URL(page.url()).pathname).toBe("/admin/users");

  // Three tabs load at once: each restores from the one cookie; rotations are serialised, so no
  // tab presents a spent token (which would end the whole session).
  const tabs = await Promise.all([1, 2, 3].map(() => browserContext().newPage()));
  await Promise.all(tabs.map((tab) => tab.goto("/admin/users")));
  await Promise.all(tabs.map((tab) => seeAdminPage(tab)));
  await page.reload();
  await seeAdminPage(page);
  expect(await visibleToScript(page)).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
});

test("the cookie is refused to a request that is not the web app's own", async () => {
  const cookie = await refreshCookie();
  const refresh = (headers: Record<string, string>) =>
    fetch(`${platform?.gateway}/api/v1/auth/refresh`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Cookie: `turnout_refresh=${cookie?.value ?? ""}`,
        ...headers,
      },
      body: "{}",
    });
  const attempts: Record<string, string>[] = [
    {}, // what a cross-site form (or any script without the custom header) sends
    { "X-Turnout-Client": "web", Origin: "https://attacker.example" },
    { "X-Turnout-Client": "web", "Sec-Fetch-Site": "cross-site" },
  ];
  for (const headers of attempts) {
    const res = await refresh(headers);
    const body = (await res.json()) as { code?: string };
    expect({ headers, status: res.status, code: body.code }).toEqual({
      headers,
      status: 403,
      code: "cross_site_request",
    });
  }
  // None of them spent the token: the web app is still signed in after a reload.
  const page = await browserContext().newPage();
  await page.goto("/admin/users");
  await seeAdminPage(page);
});

test("signing out ends the session and removes the cookie", async () => {
  const page = await browserContext().newPage();
  await page.goto("/admin/users");
  await seeAdminPage(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await waitFor(async () => (await refreshCookie()) === undefined, {
    timeoutMs: 10_000,
    message: "the sign-out to clear the refresh cookie",
  });
  await page.goto("/admin/users");
  await page.waitForURL(/\/sign-in/);
});
