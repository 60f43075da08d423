import { createHash } from "node:crypto";
import { eventFacts, type EventSnapshot, type Notice } from "./notices";
import { formatEventWindow, type TimeStyle } from "./event-times";

/** The namespace of reminder keys (a fixed, random UUID). */
const REMINDER_NAMESPACE = "5f0c3b1e-8d2a-4e7f-9b6c-1a2d3e4f5a6b";

/** A name-based UUID (RFC 9562 version 5: SHA-1 of the namespace's bytes and the name). */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The source event id of an event's reminders for one start time: every replica and every run
 * derives the same one, so the inbox's and the outbox's unique keys (source, user, type) let
 * each attendee be reminded once per start; a moved event has a new key.
 */
export const reminderKey = (eventId: string, startsAt: Date): string =>
  uuidV5(`${eventId}/${startsAt.toISOString()}`, REMINDER_NAMESPACE);

/** The reminder before an event, linking to the booking's ticket page. */
export function eventReminderNotice(
  event: EventSnapshot,
  registrationId: string,
  style: TimeStyle,
): Notice {
  const facts = eventFacts(event, style);
  const when = formatEventWindow(event.starts_at, event.ends_at, style);
  return {
    type: "event_reminder",
    title: `Reminder: ${event.title} is coming up`,
    body: `${event.title} starts soon: ${when}. Your ticket is on its page; show its QR code at the door.`,
    ...facts,
    data: { ...facts.data, registration_id: registrationId },
    ticketFor: registrationId,
  };
}

/**
 * A message the organizer wrote to the attendees. Their words are quoted as theirs: the title
 * names the event, the body is the message as typed.
 */
export function attendeeMessageNotice(
  event: EventSnapshot & { message_id: string; subject: string; body: string },
  style: TimeStyle,
): Notice {
  const facts = eventFacts(event, style);
  return {
    type: "attendee_message",
    title: `${event.title}: ${event.subject}`,
    body: event.body,
    ...facts,
    data: { ...facts.data, message_id: event.message_id, subject: event.subject },
  };
}
