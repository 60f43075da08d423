import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { see } from "./web-ui";

/**
 * Opens the organizer's form for a new event and fills it for tomorrow from 18:00 until `ends`
 * in Berlin; answers tomorrow's date (YYYY-MM-DD), for changing the times.
 */
export async function startNewEvent(
  page: Page,
  event: { title: string; description: string; ends?: string },
): Promise<string> {
  await page.getByRole("link", { name: "My events" }).click();
  await page.getByRole("link", { name: "Create an event" }).click();
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Title").fill(event.title);
  await page.getByLabel("Description").fill(event.description);
  await page.getByLabel("Starts").fill(`${tomorrow}T18:00`);
  await page.getByLabel("Ends").fill(`${tomorrow}T${event.ends ?? "21:00"}`);
  await page.getByLabel("Time zone").fill("Europe/Berlin");
  await page.getByLabel("Location").fill("Turnout HQ, Berlin");
  return tomorrow;
}

/**
 * Creates an event from the organizer's form: `types` by name and quota (the first renames the
 * default type and sizes the event), and one required choice question per seat
 * (`{label: options}`). Leaves the page on the new event.
 */
export async function createEventWithTypes(
  page: Page,
  title: string,
  types: Record<string, number>,
  question: Record<string, string[]>,
): Promise<void> {
  await startNewEvent(page, { title, description: "Ticket types and a question." });
  const rows = Object.entries(types);
  await page.getByLabel("Seats", { exact: true }).fill(String(rows[0]?.[1] ?? 1));
  for (const [i, [name, quota]] of rows.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Add a ticket type" }).click();
    const row = page.getByRole("group", { name: new RegExp(`^Ticket type ${i + 1}`) });
    await row.getByLabel("Name", { exact: true }).fill(name);
    await row.getByLabel("Quota").fill(String(quota));
  }
  const [label, options] = Object.entries(question)[0] ?? ["", []];
  await page.getByRole("button", { name: "Add a question" }).click();
  const asked = page.getByRole("group", { name: "Question 1" });
  await asked.getByLabel("Question", { exact: true }).fill(label);
  await asked.getByLabel("Answer", { exact: true }).selectOption("choice");
  await asked.getByLabel("Asked").selectOption("seat");
  await asked.getByLabel("Options").fill(options.join("\n"));
  await asked.getByLabel("An answer is required").check();
  await page.getByRole("button", { name: "Publish event" }).click();
  await see(page.getByRole("heading", { level: 1, name: title }));
}

/** Fills the booking panel: a type, and per seat a name and its one choice (`{name: answer}`). */
export async function fillBooking(
  page: Page,
  type: string,
  seats: Record<string, string>,
): Promise<void> {
  await page.getByRole("radio", { name: new RegExp(`^${type} \\(`) }).check();
  const entries = Object.entries(seats);
  await page.getByLabel("Number of seats").selectOption(String(entries.length));
  for (const [i, [name, answer]] of entries.entries()) {
    const group = page.getByRole("group", { name: `Seat ${i + 1}`, exact: true });
    await group.getByLabel(`Name on seat ${i + 1} (optional)`).fill(name);
    await group.getByRole("combobox").selectOption(answer);
  }
}

/** The organizer's attendee list shows this attendee: name, email, type and an answer. */
export async function seeAttendee(
  page: Page,
  attendee: { displayName: string; email: string; type: string; answer: string },
): Promise<void> {
  const row = page.getByRole("row", { name: new RegExp(attendee.displayName) });
  await see(row.getByText(attendee.email));
  await see(row.getByRole("cell", { name: attendee.type }));
  await see(row.getByText(attendee.answer, { exact: true }));
}

/** Downloads the attendee list's CSV from its page: its header and the line naming `text`. */
export async function downloadCsv(page: Page) {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const lines = (await readFile(await (await download).path(), "utf8")).trim().split(/\r?\n/);
  return {
    header: lines[0] ?? "",
    lineOf: (text: string) => lines.find((line) => line.includes(text)) ?? "",
  };
}

/** On My registrations: the seats of the booking for the event `title`. */
export const seatsOf = (page: Page, title: string) =>
  page.getByRole("list", { name: `Seats for ${title}` });

/** Offers a seat of the booking for `title` to `email`, from My registrations. */
export async function sendSeat(page: Page, title: string, seat: string, email: string) {
  await seatsOf(page, title)
    .getByRole("button", { name: `Send ${seat} to someone` })
    .click();
  await page.getByLabel(`Email of the person to send ${seat} to`).fill(email);
  await page.getByRole("button", { name: "Send the seat" }).click();
  await see(seatsOf(page, title).getByText(`offered to ${email}, waiting for them to accept`));
}

/**
 * On the attendee list, the organizer cancels seat `index` (named `seat`) of the booking of the
 * attendee named `displayName`, confirming; answers that attendee's row.
 */
export async function cancelListedSeat(
  page: Page,
  displayName: string,
  index: number,
  seat: string,
) {
  const row = page.getByRole("row", { name: new RegExp(displayName) });
  await row.getByRole("button", { name: `Cancel seat ${index} (${seat}) of ticket` }).click();
  await row.getByRole("button", { name: "Yes, cancel this seat" }).click();
  await see(row.getByText(`${seat} (cancelled)`));
  return row;
}
