import { sync, type VEvent } from "node-ical";
import { calendarFile, calendarFileName, type CalendarEntry } from "./calendar-file";

const entry: CalendarEntry = {
  uid: "7e1d3c5b-9a8f-4e2d-b6c4-0f1e2d3c4b5a@turnout",
  title:
    'Night, of; the "Ünïcødé" 🎉\nSecond line, with a backslash \\ — and a very long tail that must be folded',
  startsAt: "2030-10-15T16:00:00.000Z",
  endsAt: new Date("2030-10-15T19:30:00.000Z"),
  location: "Straße 1; Hof, 10178 Berlin",
  description: "Ticket type: “VIP”\nSeats: 2",
  url: "https://turnout.test/tickets/7e1d3c5b-9a8f-4e2d-b6c4-0f1e2d3c4b5a",
  stamp: "2030-09-01T12:00:00.000Z",
};

/** The one VEVENT, as an independent parser reads the file. */
const parsed = (ics: string): VEvent => {
  const events = Object.values(sync.parseICS(ics)).filter(
    (component): component is VEvent => component?.type === "VEVENT",
  );
  expect(events).toHaveLength(1);
  return events[0] as VEvent;
};
const text = (value: unknown): unknown =>
  typeof value === "object" && value !== null && "val" in value ? value.val : value;

test("the file holds one VEVENT that another parser reads back field for field", () => {
  const ics = calendarFile(entry);
  const event = parsed(ics);
  expect(event.uid).toBe(entry.uid);
  expect(text(event.summary)).toBe(entry.title);
  expect(text(event.location)).toBe(entry.location);
  expect(text(event.description)).toBe(entry.description);
  expect(text(event.url)).toBe(entry.url);
  expect(event.start.toISOString()).toBe("2030-10-15T16:00:00.000Z");
  expect(event.end?.toISOString()).toBe("2030-10-15T19:30:00.000Z");
  // In UTC, as written: no zone parameter, a trailing Z.
  expect(ics).toMatch(/\r\nDTSTART:20301015T160000Z\r\n/);
  expect(ics).toMatch(/\r\nDTEND:20301015T193000Z\r\n/);
  expect(ics).toMatch(/\r\nMETHOD:PUBLISH\r\n/);
  // Folded at 75 octets, so every line (UTF-8) stays within the limit.
  for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
});

test("the same facts give the same file; control characters are dropped", () => {
  expect(calendarFile(entry)).toBe(calendarFile({ ...entry }));
  const event = parsed(calendarFile({ ...entry, title: "A\u0000B\u0007C\r\nD" }));
  expect(text(event.summary)).toBe("A B C\nD");
});

test("file names are lower-case ASCII slugs of the title", () => {
  expect(calendarFileName('Night, of; the "Ünïcödé" 🎉')).toBe("night-of-the-unicode.ics");
  expect(calendarFileName("🎉 ; ")).toBe("event.ics");
  expect(calendarFileName("x".repeat(100))).toBe(`${"x".repeat(60)}.ics`);
});
