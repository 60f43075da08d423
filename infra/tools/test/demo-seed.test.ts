import { DEMO_ACCOUNTS, DEMO_EVENTS } from "../src/local/demo/demo-data";
import { zonedInstant } from "../src/local/demo/demo-http";

const localHour = (at: Date, timeZone: string): number =>
  Number(
    new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(at),
  );

test("demo events start at their local hour in their own time zone", () => {
  for (const zone of ["Europe/Berlin", "America/Los_Angeles", "Australia/Sydney", "UTC"]) {
    const at = zonedInstant(5, 18, zone);
    expect(localHour(at, zone)).toBe(18);
    expect(at.getTime()).toBeGreaterThan(Date.now());
  }
});

test("the demo has an admin-made pair of organizers, a dozen events and attendees who exist", () => {
  const usernames = new Set(DEMO_ACCOUNTS.map((a) => a.username));
  expect(DEMO_ACCOUNTS.filter((a) => a.organizer)).toHaveLength(2);
  expect(DEMO_EVENTS).toHaveLength(12);
  for (const event of DEMO_EVENTS) {
    expect(usernames.has(event.organizer)).toBe(true);
    for (const attendee of event.attendees) expect(usernames.has(attendee)).toBe(true);
  }
  // One event fills up, so the demo shows a waitlist.
  expect(DEMO_EVENTS.some((e) => e.attendees.length > e.capacity)).toBe(true);
});
