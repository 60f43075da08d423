import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { repoRoot } from "@turnout/provisioning";
import { freePort } from "@turnout/dev-stack";
import { DESKTOP, launchChromium, personContext, PHONE } from "./helpers/chromium";
import { screenshot, screenshotDesktopAndPhone } from "./helpers/screenshots";
import { printedLogins, startLocalPlatform, type LocalPlatform } from "./helpers/local-platform";
import {
  dismissToast,
  navigateTo,
  openEvent,
  registrationStatus,
  see,
  signIn,
  toasts,
} from "./helpers/web-ui";
import { newAccount, signUpConfirmed } from "./helpers/web-accounts";
import * as booking from "./helpers/web-booking";

/**
 * The web app in real Chromium, through the nginx gateway of a real `npm start -- --demo`:
 * what attendees, organizers and admins do, end to end, with the mail and the live stream.
 */
let home: string;
let platform: LocalPlatform | undefined;
let browser: Browser | undefined;
let logins: ReturnType<typeof printedLogins>;
// Known flake, under investigation: in one of three full-suite CI runs (never alone, in four
// runs) the screenshot test did not see Margaret's waitlist status within 20 s. The tests are
// read-only or work on fresh accounts and events, so a failed one is run once more; the first
// failure is still printed, with what the page showed instead (helpers/web-ui.ts `see`).
jest.retryTimes(1, { logErrorsBeforeRetry: true });

const contexts: BrowserContext[] = [];

const demo = (name: string) => `${name}@demo.turnout.test`;
const demoPassword = () => logins.demoPassword ?? "";

async function person(viewport = DESKTOP): Promise<Page> {
  if (!browser || !platform) throw new Error("not started");
  const context = await personContext(browser, platform.gateway, viewport);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "turnout-web-e2e-"));
  [platform, browser] = await Promise.all([
    freePort().then((port) =>
      startLocalPlatform({ home, port, args: ["--demo"], authRateLimit: "1200r/m" }),
    ),
    launchChromium(),
  ]);
  logins = printedLogins(platform.output());
}, 300_000);

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await platform?.pressCtrlC();
  await rm(home, { recursive: true, force: true });
}, 60_000);

// First, while the demo data is all there is: these pictures are the README's.
test("the main pages, on a desktop and on a phone (screenshots for the README)", async () => {
  await mkdir(join(repoRoot(), "docs", "screenshots"), { recursive: true });
  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    const [attendee, organizer, admin] = await Promise.all([
      person(viewport),
      person(viewport),
      person(viewport),
    ]);
    await Promise.all([
      signIn(attendee, demo("margaret"), demoPassword()),
      signIn(organizer, demo("ada"), demoPassword()),
      signIn(admin, logins.admin.email, logins.admin.password),
    ]);
    const shot = (page: Page, name: string) => screenshot(page, name, size);

    await attendee.goto("/events");
    await see(attendee.getByText(/^Showing \d+ events/));
    await shot(attendee, "events");
    await openEvent(attendee, "Intro to Kafka workshop");
    await see(registrationStatus(attendee).getByText(/on the waitlist/));
    await shot(attendee, "event");
    await navigateTo(attendee, "My registrations");
    await see(attendee.getByRole("listitem").getByText("Waiting for approval"));
    await shot(attendee, "my-registrations");
    await navigateTo(attendee, /^Notifications/);
    await see(attendee.getByRole("heading", { name: /You're on the waitlist for/ }));
    await shot(attendee, "notifications");

    await openEvent(organizer, "Intro to Kafka workshop");
    await organizer.getByRole("link", { name: "Attendees" }).click();
    await see(organizer.getByRole("table"));
    await shot(organizer, "attendees");

    await admin.goto("/admin/users");
    await see(admin.getByRole("cell", { name: demo("margaret") }));
    await shot(admin, "admin-users");
  }
});

test("an attendee signs up, confirms the email from the mail, signs in, registers and sees the confirmation arrive live", async () => {
  const page = await person();
  const erin = newAccount("erin", "Erin Endtoend");

  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(erin.email);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // A problem is said next to the field that caused it, and focus goes there.
  await see(page.getByText("Use at least 12 characters."));
  const passwordField = page.getByLabel("Password", { exact: true });
  expect(await passwordField.getAttribute("aria-invalid")).toBe("true");
  // A string runs in the page (this package has no DOM types).
  expect(await page.evaluate("document.activeElement?.getAttribute('name')")).toBe("password");
  // Then as it should be: the mailed link confirms the address, and the account signs in.
  await signUpConfirmed(page, platform!, erin);
  await openEvent(page, "TypeScript Meetup Berlin");
  await see(page.getByText(/seats left/));
  await page.getByRole("button", { name: "Register" }).click();
  await see(registrationStatus(page).getByText("You're registered: your seat is confirmed."));

  // The confirmation comes through the broker, the notification service and the SSE stream,
  // on the page as it is: no reload.
  await see(toasts(page).getByText("You're registered for TypeScript Meetup Berlin"), 30_000);
  await see(page.getByRole("link", { name: /^Notifications \(\d+ unread\)$/ }));

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Notifications" })
    .click();
  await see(page.getByRole("heading", { name: "You're registered for TypeScript Meetup Berlin" }));
  await page.getByRole("link", { name: "My registrations" }).click();
  await see(page.getByRole("link", { name: "TypeScript Meetup Berlin" }));
});

test("an organizer creates an event; when it is full the next attendee waits, a cancellation promotes them, and the organizer checks them in", async () => {
  const [organizer, first, second] = await Promise.all([person(), person(), person()]);
  await Promise.all([
    signIn(organizer, demo("ada"), demoPassword()),
    signIn(first, demo("katherine"), demoPassword()),
    signIn(second, demo("linus"), demoPassword()),
  ]);

  const title = `One-seat masterclass ${Date.now()}`;
  const description = "Only one seat: the rest wait.";
  const tomorrow = await booking.startNewEvent(organizer, { title, description, ends: "17:00" });
  await organizer.getByLabel("Seats", { exact: true }).fill("1");
  await organizer.getByRole("button", { name: "Publish event" }).click();
  await see(organizer.getByText("The end must be after the start."));
  await organizer.getByLabel("Ends").fill(`${tomorrow}T20:00`);
  await organizer.getByRole("button", { name: "Publish event" }).click();
  await see(organizer.getByRole("heading", { level: 1, name: title }));
  await see(organizer.getByRole("heading", { name: "Organizer tools" }));

  await openEvent(first, title);
  await first.getByRole("button", { name: "Register" }).click();
  await see(registrationStatus(first).getByText("You're registered: your seat is confirmed."));

  await openEvent(second, title);
  await see(second.getByText("Fully booked"));
  await second.getByRole("button", { name: "Join the waitlist" }).click();
  await see(registrationStatus(second).getByText(/You're number 1 on the waitlist/));

  await first.getByRole("button", { name: "Cancel my registration" }).click();
  await first.getByRole("button", { name: "Yes, cancel it" }).click();
  await see(registrationStatus(first).getByText("Your registration is cancelled."));

  // The freed seat goes to the waitlist; the waiting attendee's open page learns it live.
  await see(toasts(second).getByText(`A seat opened up: you're in for ${title}`), 30_000);
  await see(registrationStatus(second).getByText("You're registered: your seat is confirmed."));
  const ticket = (await second.locator(".ticket strong").textContent()) ?? "";
  expect(ticket).toMatch(/^[0-9A-F]{8}$/);

  await organizer.getByRole("link", { name: "Attendees" }).click();
  await organizer.getByLabel("Find a ticket code").fill(ticket);
  await organizer.getByRole("button", { name: `Check in ticket ${ticket}` }).click();
  await see(organizer.getByRole("row", { name: new RegExp(ticket) }).getByText("Checked in"));
  const download = organizer.waitForEvent("download");
  await organizer.getByRole("button", { name: "Export CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^attendees-.+\.csv$/);

  await second.reload();
  await see(registrationStatus(second).getByText("You're checked in. Enjoy the event!"));
});

test("two seats of a chosen type with names and answers; one is sent to a second account, which accepts it; the organizer sees both attendees in the list and the CSV", async () => {
  const [organizer, booker, friend] = await Promise.all([person(), person(), person()]);
  const [alice, bea] = [newAccount("alice", "Alice Booker"), newAccount("bea", "Bea Friend")];
  await Promise.all([
    signIn(organizer, demo("ada"), demoPassword()),
    signUpConfirmed(booker, platform!, alice),
    signUpConfirmed(friend, platform!, bea),
  ]);
  const title = `Workshop with passes ${Date.now()}`;
  const types = { "General admission": 20, "Workshop pass": 6 };
  await booking.createEventWithTypes(organizer, title, types, { Diet: ["Vegan", "Anything"] });

  await openEvent(booker, title);
  await see(booker.getByRole("radio", { name: /^Workshop pass \(6 seats left\)/ }));
  const seats = { "Alice Booker": "Vegan", "Bob Guest": "Anything" };
  await booking.fillBooking(booker, "Workshop pass", seats);
  const panel = booker.getByRole("complementary", { name: "Seats and registration" });
  await screenshotDesktopAndPhone(booker, "booking", panel);
  await booker.getByRole("button", { name: "Register" }).click();
  await see(registrationStatus(booker).getByText("You're registered: your 2 seats are confirmed."));
  await see(booker.getByRole("list", { name: "Seats" }).getByText("Bob Guest"));
  await dismissToast(booker, `You're registered for ${title}`);

  // The second seat goes to Bea: offered by email, accepted from her own account.
  await navigateTo(booker, "My registrations");
  await booking.sendSeat(booker, title, "seat 2 (Bob Guest)", bea.email);
  await screenshotDesktopAndPhone(booker, "my-seats", booking.seatsOf(booker, title));
  await navigateTo(friend, "My registrations");
  const offers = friend.getByRole("region", { name: "Offers for you" });
  await offers.getByRole("button", { name: `Accept the seat for ${title}` }).click();
  await see(booking.seatsOf(friend, title).getByText("Bob Guest"));
  await booker.reload();
  await see(booking.seatsOf(booker, title).getByText("Alice Booker"));
  expect(await booking.seatsOf(booker, title).getByText("Bob Guest").count()).toBe(0);

  await openEvent(organizer, title);
  await organizer.getByRole("link", { name: "Attendees" }).click();
  await booking.seeAttendee(organizer, { ...alice, type: "Workshop pass", answer: "Vegan" });
  await booking.seeAttendee(organizer, { ...bea, type: "Workshop pass", answer: "Anything" });
  await organizer.getByLabel("Search attendees").fill("bea friend");
  await see(organizer.getByRole("row", { name: /Bea Friend/ }).getByText("Bob Guest"));
  await see(organizer.getByText("1 registration."));
  await organizer.getByLabel("Search attendees").fill("");
  await see(organizer.getByText("2 registrations."));
  await screenshotDesktopAndPhone(organizer, "attendees-named", organizer.getByRole("table"));

  const csv = await booking.downloadCsv(organizer);
  expect(csv.header).toMatch(/Diet/);
  for (const part of ["Alice Booker", "Workshop pass", "Vegan"])
    expect(csv.lineOf(alice.email)).toContain(part);
  for (const part of ["Bea Friend", "Workshop pass", "Bob Guest", "Anything"])
    expect(csv.lineOf(bea.email)).toContain(part);

  // The organizer cancels Bea's one seat from the list, which ends her booking.
  const beaRow = await booking.cancelListedSeat(organizer, "Bea Friend", 1, "Bob Guest");
  await see(beaRow.getByText("Cancelled", { exact: true }));
});
