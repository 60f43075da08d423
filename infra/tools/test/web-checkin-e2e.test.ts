import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { freePort } from "@turnout/dev-stack";
import { launchChromiumWithCamera } from "./helpers/camera-chromium";
import { apiLogin, checkedInSeats, setUpDoor, type DoorSetup } from "./helpers/checkin-setup";
import { DESKTOP, personContext, PHONE } from "./helpers/chromium";
import { printedLogins, startLocalPlatform, type LocalPlatform } from "./helpers/local-platform";
import { writeQrVideo } from "./helpers/qr-video";
import { screenshot, screenshotDesktopAndPhone } from "./helpers/screenshots";
import { see, signIn } from "./helpers/web-ui";
import * as tickets from "./helpers/web-tickets";

/**
 * Tickets and check-in in real Chromium, through the gateway of a real `npm start -- --demo`:
 * an attendee's ticket page (its QR code and calendar file); the scanner, whose camera
 * (Chromium's fake capture device) films a ticket's QR code; a second gate that sees the scan
 * live; a gate that loses the network, queues a scan and syncs it when it returns, with the
 * conflict when another gate scanned the same ticket meanwhile.
 */
let home: string;
let platform: LocalPlatform | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let door: DoorSetup;
let organizerToken: string;
let logins: ReturnType<typeof printedLogins>;

const demo = (name: string) => `${name}@demo.turnout.test`;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "turnout-checkin-e2e-"));
  platform = await startLocalPlatform({
    home,
    port: await freePort(),
    args: ["--demo"],
    authRateLimit: "1200r/m",
  });
  logins = printedLogins(platform.output());
  const password = logins.demoPassword ?? "";
  organizerToken = await apiLogin(platform.gateway, demo("ada"), password);
  const attendee = await apiLogin(platform.gateway, demo("katherine"), password);
  door = await setUpDoor(
    platform.gateway,
    { organizer: organizerToken, attendee },
    ["Grace Front", "Tim Side"],
    demo("linus"),
  );
  // The camera films the first seat's ticket; Chromium reads the file when a page opens it.
  const video = join(home, "ticket.y4m");
  await writeQrVideo(video, door.seats[0]?.code ?? "");
  browser = await launchChromiumWithCamera(video);
}, 300_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await platform?.pressCtrlC();
  await rm(home, { recursive: true, force: true });
}, 60_000);

/**
 * A gate: `login` signed in, on the scanner, at the gate `name`. The organizer comes from the
 * event page (where the helper is listed), a helper from the list of events to scan for.
 */
async function gate(
  login: string,
  name: string,
  role: "organizer" | "helper",
): Promise<{ page: Page; context: BrowserContext }> {
  if (!browser || !platform) throw new Error("not started");
  const context = await personContext(browser, platform.gateway);
  contexts.push(context);
  await context.grantPermissions(["camera"], { origin: platform.gateway });
  const page = await context.newPage();
  await signIn(page, login, logins.demoPassword ?? "");
  if (role === "organizer") {
    await page.goto(`/events/${door.eventId}`);
    await see(page.getByRole("list", { name: "Check-in helpers" }).getByText(demo("linus")));
    await page
      .locator(".check-in-helpers")
      .getByRole("link", { name: "Check-in", exact: true })
      .click();
  } else {
    await page.goto("/check-in");
    await page.getByRole("link", { name: door.title }).click();
  }
  await see(page.getByRole("heading", { level: 1, name: `Check-in: ${door.title}` }));
  await page.getByLabel("Gate").fill(name);
  await see(page.getByText("Live: other gates' scans show here."));
  return { page, context };
}

const result = (page: Page) => page.locator(".scan-result");

/** A signed-in person with no camera use: a context of their own. */
async function person(): Promise<Page> {
  if (!browser || !platform) throw new Error("not started");
  const context = await personContext(browser, platform.gateway);
  contexts.push(context);
  return context.newPage();
}

test("a QR ticket filmed by the camera checks in once; another gate sees it live; an offline gate queues a scan, syncs it, and reports the conflict with an online gate", async () => {
  const [grace, tim] = [door.seats[0]!, door.seats[1]!];
  const north = await gate(demo("ada"), "North door", "organizer");
  const south = await gate(demo("linus"), "South door", "helper");

  // The organizer's camera reads Grace's ticket: verified on the device, checked in.
  await north.page.getByRole("button", { name: "Start the camera" }).click();
  await see(result(north.page).getByText("Checked in", { exact: true }));
  await see(result(north.page).getByText("Grace Front"));
  await see(north.page.getByText(/1\s+of 2 checked in/));
  await screenshot(north.page, "scanner");
  // The other gate learns it from the live stream within 2 s.
  await see(south.page.getByRole("list", { name: "Recent scans" }).getByText("Grace Front"), 2_000);
  // Shown again (the camera restarted), the same ticket is refused.
  await north.page.getByRole("button", { name: "Stop the camera" }).click();
  await north.page.getByRole("button", { name: "Start the camera" }).click();
  await see(result(north.page).getByText("Refused: already scanned"));
  await see(result(north.page).getByText(/Already scanned on this device at/));
  await north.page.getByRole("button", { name: "Stop the camera" }).click();
  expect(
    (await checkedInSeats(platform!.gateway, organizerToken, door.eventId)).get(grace.id),
  ).toBe("North door");
  await see(north.page.getByText(/1\s+of 2 checked in/));

  // The app shell is in the service worker's cache before the network goes.
  await south.page.evaluate("navigator.serviceWorker.ready.then(() => true)");
  // The helper's gate loses the network: Tim's ticket, typed in, is checked and queued.
  await south.context.setOffline(true);
  await see(south.page.getByText("Offline", { exact: true }));
  await south.page.getByLabel("Ticket code").fill(tim.code);
  await south.page.getByRole("button", { name: "Check in", exact: true }).click();
  await see(result(south.page).getByText("Checked in (offline)"));
  await see(result(south.page).getByText("Tim Side"));
  await see(south.page.getByText("1 scan waiting to sync."));
  await south.page.setViewportSize(PHONE);
  await screenshot(south.page, "scanner", "phone");
  await south.page.setViewportSize(DESKTOP);
  // The page loads with no network (the service worker's app shell) and keeps its queue.
  await south.page.reload();
  await see(south.page.getByRole("heading", { level: 1, name: `Check-in: ${door.title}` }));
  await see(south.page.getByText("1 scan waiting to sync."));
  expect((await checkedInSeats(platform!.gateway, organizerToken, door.eventId)).has(tim.id)).toBe(
    false,
  );

  // Meanwhile Tim shows his ticket at the north door too, which is online: that scan counts.
  await north.page.getByLabel("Ticket code").fill(tim.code);
  await north.page.getByRole("button", { name: "Check in", exact: true }).click();
  await see(result(north.page).getByText("Checked in", { exact: true }));

  // Back online, the south gate syncs and reports the conflict: both gates, the first counts.
  await south.context.setOffline(false);
  await see(south.page.getByText("Every scan is sent."), 20_000);
  const conflicts = south.page
    .getByRole("alert")
    .filter({ hasText: "Conflicts from the offline scans" });
  await see(conflicts.getByText(/Conflict: scanned at North door \(.+\) and at South door \(.+\)/));
  await see(conflicts.getByText("Tim Side"));
  expect((await checkedInSeats(platform!.gateway, organizerToken, door.eventId)).get(tim.id)).toBe(
    "North door",
  );
  // The organizer's live view counts it and lists it.
  await see(north.page.getByRole("list", { name: "Recent scans" }).getByText("Tim Side"), 5_000);
  await see(north.page.getByText(/2\s+of 2 checked in/));
  await north.page.evaluate("window.scrollTo(0, 0)");
  await screenshot(north.page, "checkin-live");
});

test("an attendee's ticket page: the QR code, read from the screen, is the seat's ticket_code, and the .ics parses (screenshots for the README)", async () => {
  const page = await person();
  await signIn(page, demo("alan"), logins.demoPassword ?? "");
  const title = "Chamber music evening";
  const registration = await tickets.bookAndOpenTicket(page, title);
  expect(registration.status).toBe("confirmed");
  const code = registration.seats[0]?.ticket_code ?? "";
  expect(code).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

  const ticket = page.getByRole("article", { name: "Ticket for seat 1 (Alan Turing)" });
  await see(ticket.getByText("Musikverein, Vienna"));
  await see(ticket.getByText("(Europe/Vienna)", { exact: false }));
  expect(await tickets.readQrCode(ticket.getByRole("img", { name: /^QR code/ }))).toBe(code);

  await tickets.expectCalendarFile(page, {
    registrationId: registration.id,
    title,
    fileName: "chamber-music-evening.ics",
    gateway: platform!.gateway,
  });
  await screenshotDesktopAndPhone(page, "ticket", ticket);
});
