import { readFile } from "node:fs/promises";
import jsQR from "jsqr";
import { sync, type VEvent } from "node-ical";
import { PNG } from "pngjs";
import type { Locator, Page } from "playwright-core";
import { dismissToast, openEvent, see } from "./web-ui";

/** The parts of a registration reply the ticket steps read. */
interface RegistrationReply {
  id: string;
  status: string;
  seats: { id: string; ticket_code: string | null }[];
}

const REGISTRATION_READ = /^\/api\/v1\/registrations\/[0-9a-f-]{36}$/;

/**
 * Books one seat of `title` from its page (or finds the booking a retried run left) and follows
 * "Show my ticket"; answers the registration as the API gave it to the ticket page.
 */
export async function bookAndOpenTicket(page: Page, title: string): Promise<RegistrationReply> {
  await openEvent(page, title);
  const register = page.getByRole("button", { name: "Register" });
  const show = page.getByRole("link", { name: /^Show my tickets?$/ });
  await see(register.or(show));
  if (await register.isVisible()) {
    await register.click();
    // The confirmation arrives live; dismissed so that it covers no screenshot.
    await dismissToast(page, `You're registered for ${title}`);
  }
  const read = page.waitForResponse(
    (r) => r.request().method() === "GET" && REGISTRATION_READ.test(new URL(r.url()).pathname),
  );
  await show.click();
  const registration = (await (await read).json()) as RegistrationReply;
  await see(page.getByRole("heading", { level: 1, name: `Tickets for ${title}` }));
  return registration;
}

/** What a phone's reader gets from the QR code as drawn: a screenshot of it, decoded. */
export async function readQrCode(code: Locator): Promise<string | undefined> {
  const png = PNG.sync.read(await code.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** A property's text, whether node-ical gave it plain or with parameters (`{params, val}`). */
export const icsText = (value: unknown): unknown =>
  typeof value === "object" && value !== null && "val" in value ? value.val : value;

/** Downloads the booking's `.ics` from the ticket page and parses it with node-ical. */
export async function downloadCalendar(page: Page): Promise<{ name: string; events: VEvent[] }> {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download .ics" }).click();
  const file = await download;
  const parsed = sync.parseICS(await readFile(await file.path(), "utf8"));
  const events = Object.values(parsed).filter((c): c is VEvent => c?.type === "VEVENT");
  return { name: file.suggestedFilename(), events };
}

/**
 * Downloads the booking's `.ics` through the ticket page and checks it with node-ical: one
 * VEVENT, the booking's UID, the event's title, a URL to the ticket page on `gateway`.
 */
export async function expectCalendarFile(
  page: Page,
  expected: { registrationId: string; title: string; fileName: string; gateway: string },
): Promise<void> {
  const ics = await downloadCalendar(page);
  expect(ics.name).toBe(expected.fileName);
  expect(ics.events).toHaveLength(1);
  const [event] = ics.events;
  expect(event?.uid).toBe(`${expected.registrationId}@turnout`);
  expect(icsText(event?.summary)).toBe(expected.title);
  expect(icsText(event?.url)).toBe(`${expected.gateway}/tickets/${expected.registrationId}`);
}
