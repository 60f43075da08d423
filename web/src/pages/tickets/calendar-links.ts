/** What an add-to-calendar link says about the event (times are instants, RFC 3339). */
export interface CalendarFacts {
  title: string;
  startsAt: string;
  endsAt: string;
  location: string;
  details: string;
}

/** "2031-05-04T16:00:00.000Z" → "20310504T160000Z", the basic UTC form both services read. */
function basicUtc(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** Google Calendar's event template (the `render?action=TEMPLATE` link). */
export function googleCalendarUrl(facts: CalendarFacts): string {
  const url = new URL("https://calendar.google.com/calendar/render");
  url.searchParams.set("action", "TEMPLATE");
  url.searchParams.set("text", facts.title);
  url.searchParams.set("dates", `${basicUtc(facts.startsAt)}/${basicUtc(facts.endsAt)}`);
  url.searchParams.set("location", facts.location);
  url.searchParams.set("details", facts.details);
  return url.toString();
}

/** Outlook on the web's compose link (outlook.live.com; Microsoft 365 accounts accept it too). */
export function outlookCalendarUrl(facts: CalendarFacts): string {
  const url = new URL("https://outlook.live.com/calendar/0/action/compose");
  url.searchParams.set("rru", "addevent");
  url.searchParams.set("subject", facts.title);
  url.searchParams.set("startdt", new Date(facts.startsAt).toISOString());
  url.searchParams.set("enddt", new Date(facts.endsAt).toISOString());
  url.searchParams.set("location", facts.location);
  url.searchParams.set("body", facts.details);
  return url.toString();
}

/** A file name from the title: "Rust meetup!" → "rust-meetup.ics". */
export function calendarFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "event"}.ics`;
}
