import ical, { ICalCalendarMethod } from "ical-generator";

/** One event as a calendar file shows it (docs/tickets.md, "Calendar files"). */
export interface CalendarEntry {
  /** Stable per booking (`<registration id>@turnout`): a calendar replaces, never duplicates. */
  uid: string;
  title: string;
  startsAt: Date | string;
  endsAt: Date | string;
  location: string;
  description: string;
  /** The ticket page. */
  url: string;
  /** `DTSTAMP`: when the facts were written (the same facts give the same file). */
  stamp: Date | string;
}

/** The content type of a calendar file; mail adds `method=PUBLISH` (the file's METHOD). */
export const CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8";

const PROD_ID = { company: "Turnout", product: "Tickets", language: "EN" };

// Typed by people: controls other than line breaks and tabs have no place in iCalendar text
// (RFC 5545 §3.3.11); line breaks are kept, and the writer escapes them with commas and semicolons.
const plainText = (text: string): string =>
  text.replace(/\r\n?/g, "\n").replace(/(?![\n\t])\p{Cc}/gu, " ");

const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/**
 * A `VCALENDAR` (`METHOD:PUBLISH`) holding one `VEVENT`, times in UTC, written by
 * `ical-generator` (which escapes text and folds long lines, UTF-8 aware).
 */
export function calendarFile(entry: CalendarEntry): string {
  const start = asDate(entry.startsAt);
  const end = asDate(entry.endsAt);
  const calendar = ical({ prodId: PROD_ID, method: ICalCalendarMethod.PUBLISH });
  calendar.createEvent({
    id: entry.uid,
    start,
    // An event that ends when it starts (or before) is shown as a point in time.
    end: end.getTime() > start.getTime() ? end : start,
    stamp: asDate(entry.stamp),
    summary: plainText(entry.title),
    location: plainText(entry.location) || null,
    description: plainText(entry.description),
    url: entry.url,
  });
  return calendar.toString();
}

/**
 * A file name for an event's calendar file: its title in lower-case ASCII letters and digits
 * joined by dashes (at most 60 characters), `event` when nothing is left; safe in a quoted
 * `Content-Disposition` filename.
 */
export function calendarFileName(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${slug || "event"}.ics`;
}

/** The web app's page of a booking's tickets; `publicUrl` has no trailing slash. */
export const ticketPageUrl = (publicUrl: string, registrationId: string): string =>
  `${publicUrl}/tickets/${encodeURIComponent(registrationId)}`;

/**
 * A booking's calendar entry, the same wherever it is written (the registration service's
 * download, the notification service's mails): `UID` `<registration id>@turnout`, the ticket
 * type and the number of seats as `DESCRIPTION`, the ticket page as `URL`.
 */
export function bookingCalendarEntry(booking: {
  registrationId: string;
  event: { title: string; startsAt: Date | string; endsAt: Date | string; location: string };
  /** Null when unknown (the line is left out). */
  ticketTypeName: string | null;
  quantity: number;
  publicUrl: string;
  stamp: Date | string;
}): CalendarEntry {
  const lines = [
    ...(booking.ticketTypeName === null ? [] : [`Ticket type: ${booking.ticketTypeName}`]),
    `Seats: ${booking.quantity}`,
  ];
  return {
    uid: `${booking.registrationId}@turnout`,
    title: booking.event.title,
    startsAt: booking.event.startsAt,
    endsAt: booking.event.endsAt,
    location: booking.event.location,
    description: lines.join("\n"),
    url: ticketPageUrl(booking.publicUrl, booking.registrationId),
    stamp: booking.stamp,
  };
}
