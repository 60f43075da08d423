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
import { screenshot } from "./helpers/screenshots";
import { see, signIn } from "./helpers/web-ui";

/**
 * The check-in scanner in real Chromium, through the gateway of a real `npm start -- --demo`:
 * the camera (Chromium's fake capture device) films a ticket's QR code, a second gate sees the
 * scan live, and a gate that loses the network queues a scan and syncs it when it returns.
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

test("a QR ticket filmed by the camera checks in once; another gate sees it live; an offline gate queues a scan and syncs it", async () => {
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

  await south.context.setOffline(false);
  await see(south.page.getByText("Every scan is sent."), 20_000);
  expect((await checkedInSeats(platform!.gateway, organizerToken, door.eventId)).get(tim.id)).toBe(
    "South door",
  );
  // The organizer's live view counts it and lists it.
  await see(north.page.getByRole("list", { name: "Recent scans" }).getByText("Tim Side"), 5_000);
  await see(north.page.getByText(/2\s+of 2 checked in/));
  await north.page.evaluate("window.scrollTo(0, 0)");
  await screenshot(north.page, "checkin-live");
});
