import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { freePort } from "@turnout/dev-stack";
import { waitFor } from "@turnout/test-kit";
import { apiLogin } from "./helpers/checkin-setup";
import { launchChromium, personContext } from "./helpers/chromium";
import { printedLogins, startLocalPlatform, type LocalPlatform } from "./helpers/local-platform";
import { screenshot, screenshotDesktopAndPhone } from "./helpers/screenshots";
import { navigateTo, see, signIn } from "./helpers/web-ui";

/**
 * Integrations in real Chromium, through the gateway of a real `npm start -- --demo`: an
 * organizer adds a webhook endpoint for an event (a real receiver on 127.0.0.1, which the local
 * platform allows: WEBHOOK_ALLOWED_CIDRS, WEBHOOK_ALLOW_HTTP), reads its secret once, and sees
 * an attendee's registration in the delivery log, while the receiver verifies the signature
 * with the maintained `standardwebhooks` package; and a person makes an API token and calls
 * the API with it through the gateway.
 */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let home: string;
let platform: LocalPlatform | undefined;
let browser: Browser | undefined;
let receiver: Server | undefined;
const received: Received[] = [];
const contexts: BrowserContext[] = [];
let receiverUrl: string;
let password: string;
let event: { id: string; title: string };

const demo = (name: string) => `${name}@demo.turnout.test`;

async function call(path: string, token: string, body?: unknown, headers = {}) {
  const res = await fetch(`${platform!.gateway}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      Accept: "application/json",
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as unknown };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "turnout-integrations-e2e-"));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${String((receiver.address() as AddressInfo).port)}/turnout`;
  platform = await startLocalPlatform({
    home,
    port: await freePort(),
    args: ["--demo"],
    authRateLimit: "1200r/m",
  });
  password = printedLogins(platform.output()).demoPassword ?? "";
  const organizer = await apiLogin(platform.gateway, demo("ada"), password);
  const title = `Integrations night ${String(Date.now())}`;
  const startsAt = new Date(Date.now() + 2 * 86_400_000);
  const created = await call("/api/v1/events", organizer, {
    title,
    description: "Webhooks and API tokens.",
    starts_at: startsAt.toISOString(),
    ends_at: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    timezone: "Europe/Berlin",
    location: "Turnout HQ, Berlin",
    capacity: 50,
    category: "meetup",
    requires_approval: false,
  });
  if (created.status !== 201) throw new Error(`event: ${JSON.stringify(created)}`);
  event = { id: (created.body as { id: string }).id, title };
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await platform?.pressCtrlC();
  await new Promise((resolve) => receiver?.close(resolve));
  await rm(home, { recursive: true, force: true });
}, 60_000);

async function signedIn(login: string): Promise<Page> {
  const context = await personContext(browser!, platform!.gateway);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, login, password);
  return page;
}

test("an organizer adds an endpoint for an event, reads its secret once, and sees an attendee's registration delivered, signed, in the log", async () => {
  const page = await signedIn(demo("ada"));
  await navigateTo(page, "Webhooks");
  await see(page.getByRole("heading", { level: 1, name: "Webhooks" }));
  await page.getByLabel("Endpoint URL").fill(receiverUrl);
  await page.getByRole("checkbox", { name: "Registration confirmed" }).check();
  await page.getByLabel("Event", { exact: true }).selectOption({ label: event.title });
  await page.getByLabel("Description (optional)").fill("Our CRM");
  await page.getByRole("button", { name: "Create endpoint" }).click();
  const secretField = page.getByLabel("Signing secret");
  await see(secretField);
  const secret = await secretField.inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  await see(page.getByText("Copy it now: you will not see it again."));
  await page.getByRole("link", { name: "Open the new endpoint and its log" }).click();
  await see(page.getByRole("heading", { level: 1, name: receiverUrl }));
  await see(page.getByText("Nothing delivered yet. Send a test?"));

  const attendee = await apiLogin(platform!.gateway, demo("katherine"), password);
  const booked = await call(
    "/api/v1/registrations",
    attendee,
    { event_id: event.id, quantity: 1, attendees: [{ name: "Katherine Johnson" }] },
    { "Idempotency-Key": `integrations-e2e-${event.id}` },
  );
  expect(booked.status).toBeLessThan(300);

  // The log reads itself again every 5 s: the delivery shows as succeeded with the 204.
  const row = page.getByRole("row", { name: /Registration confirmed/ });
  await see(row.getByText("succeeded"), 45_000);
  await see(row.getByRole("cell", { name: "204" }));
  await waitFor(() => received.length > 0, {
    timeoutMs: 5_000,
    intervalMs: 100,
    message: "the receiver to get the delivery",
  });
  const [delivery] = received;
  const cloudEvent = new Webhook(secret).verify(delivery!.body, {
    "webhook-id": String(delivery!.headers["webhook-id"]),
    "webhook-timestamp": String(delivery!.headers["webhook-timestamp"]),
    "webhook-signature": String(delivery!.headers["webhook-signature"]),
  }) as { id: string; type: string; data: { event_id: string } };
  expect(cloudEvent.type).toBe("turnout.registration.confirmed.v1");
  expect(cloudEvent.data.event_id).toBe(event.id);
  expect(cloudEvent.id).toBe(delivery!.headers["webhook-id"]);
  // The log names the same event id (the receiver's deduplication key).
  await expect(row.locator("code").getAttribute("title")).resolves.toBe(cloudEvent.id);

  await row.getByRole("button", { name: "Details" }).click();
  await see(page.getByRole("list", { name: "Attempts" }).getByText(/204/));
  await screenshotDesktopAndPhone(
    page,
    "webhook-log",
    page.getByRole("table", { name: "Deliveries" }),
  );
}, 120_000);

test("a person creates an API token in the browser, sees it once, and a script calls the API with it through the gateway", async () => {
  const page = await signedIn(demo("katherine"));
  await navigateTo(page, "Settings");
  await page.getByRole("link", { name: "manage your API tokens" }).click();
  await see(page.getByRole("heading", { level: 1, name: "API tokens" }));
  await page.getByLabel("Name").fill("Spreadsheet script");
  await page.getByRole("checkbox", { name: /profile:read/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const field = page.getByLabel("Token “Spreadsheet script”");
  await see(field);
  const token = await field.inputValue();
  expect(token).toMatch(/^tnt_pat_[A-Za-z0-9]{43}$/);

  // The script: a held scope opens its route, another scope's route stays shut.
  const me = await call("/api/v1/users/me", token);
  expect(me.status).toBe(200);
  const inbox = await call("/api/v1/notifications", token);
  expect(inbox.status).toBe(403);

  await page.getByRole("button", { name: "I have saved it" }).click();
  const row = page.getByRole("row", { name: /Spreadsheet script/ });
  await see(row.getByText(token.slice(0, 12)));
  // The list shows the script's call as the last use.
  await page.reload();
  await see(row);
  expect(await row.locator('td[data-label="Last used"]').innerText()).not.toBe("Not yet");
  await screenshot(page, "api-tokens");
}, 60_000);
