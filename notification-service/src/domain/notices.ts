import { formatEventWindow, type TimeStyle } from "./event-times";

/** What the inbox holds and the web app switches on (`type` of a notification). */
export const NOTIFICATION_TYPES = [
  "welcome",
  "registration_confirmed",
  "registration_promoted",
  "registration_waitlisted",
  "registration_cancelled",
  "event_updated",
  "seat_offered",
  "seats_changed",
  "event_reminder",
  "attendee_message",
  "webhook_disabled",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** The event as registration and event messages describe it (contracts' event snapshot). */
export interface EventSnapshot {
  event_id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  timezone: string;
  location: string;
}

/**
 * One thing to tell one person: the inbox entry's fields, plus the facts a mail lists and the
 * event a mail links to. Texts are plain; the mail renderer escapes them.
 */
export interface Notice {
  type: NotificationType;
  title: string;
  body: string;
  /** Machine-readable facts for the web app (ids, times as RFC 3339). */
  data: Record<string, string | number | string[]>;
  /** Label/value lines a mail shows under the body. */
  details: { label: string; value: string }[];
  /** The event the notice is about, for a link to its page. */
  eventId?: string;
  /** A confirmed booking: a mail links to its ticket page instead of the event's. */
  ticketFor?: string;
}

/** When and where (mail details), the event's facts (`data`) and the event to link to. */
export const eventFacts = (event: EventSnapshot, style: TimeStyle) => ({
  details: [
    { label: "When", value: formatEventWindow(event.starts_at, event.ends_at, style) },
    { label: "Where", value: event.location },
  ],
  data: {
    event_id: event.event_id,
    title: event.title,
    starts_at: event.starts_at,
    ends_at: event.ends_at,
    timezone: event.timezone,
    location: event.location,
  },
  eventId: event.event_id,
});

export function welcomeNotice(): Notice {
  return {
    type: "welcome",
    title: "Welcome to Turnout",
    body: "Your account is ready. Find an event and save your seat.",
    data: {},
    details: [],
  };
}

/** `confirmed_via: waitlist` is news of its own: the attendee was waiting, now holds a seat. */
export function registrationConfirmedNotice(
  event: EventSnapshot & { registration_id: string; confirmed_via: string },
  style: TimeStyle,
): Notice {
  const facts = eventFacts(event, style);
  const promoted = event.confirmed_via === "waitlist";
  return {
    type: promoted ? "registration_promoted" : "registration_confirmed",
    title: promoted
      ? `A seat opened up: you're in for ${event.title}`
      : `You're registered for ${event.title}`,
    body: promoted
      ? `You were on the waitlist for ${event.title} and now hold a seat.`
      : `Your seat for ${event.title} is confirmed.`,
    ...facts,
    data: { ...facts.data, registration_id: event.registration_id, via: event.confirmed_via },
  };
}

export function registrationWaitlistedNotice(
  event: EventSnapshot & { registration_id: string; waitlist_position: number },
  style: TimeStyle,
): Notice {
  const facts = eventFacts(event, style);
  return {
    type: "registration_waitlisted",
    title: `You're on the waitlist for ${event.title}`,
    body:
      `${event.title} is full. You are number ${event.waitlist_position} on the waitlist; ` +
      "we will tell you as soon as a seat is yours.",
    ...facts,
    details: [
      ...facts.details,
      { label: "Waitlist position", value: String(event.waitlist_position) },
    ],
    data: {
      ...facts.data,
      registration_id: event.registration_id,
      waitlist_position: event.waitlist_position,
    },
  };
}

/** What each cancellation reason means for the attendee; unknown reasons read generically. */
const CANCELLATION_TEXT: Record<string, (title: string) => { title: string; body: string }> = {
  attendee_cancelled: (t) => ({
    title: `Your registration for ${t} is cancelled`,
    body: `You cancelled your registration for ${t}. Your seat was released.`,
  }),
  organizer_cancelled: (t) => ({
    title: `Your registration for ${t} was cancelled`,
    body: `The organizer of ${t} cancelled your registration.`,
  }),
  admin_cancelled: (t) => ({
    title: `Your registration for ${t} was cancelled`,
    body: `A Turnout administrator cancelled your registration for ${t}.`,
  }),
  rejected: (t) => ({
    title: `Your registration for ${t} was declined`,
    body: `The organizer of ${t} did not approve your registration.`,
  }),
  event_cancelled: (t) => ({
    title: `${t} has been cancelled`,
    body: `The organizer cancelled ${t}. Your registration has ended; nothing more is needed from you.`,
  }),
};

export function registrationCancelledNotice(
  event: EventSnapshot & { registration_id: string; reason: string },
  style: TimeStyle,
): Notice {
  const facts = eventFacts(event, style);
  const text = CANCELLATION_TEXT[event.reason]?.(event.title) ?? {
    title: `Your registration for ${event.title} was cancelled`,
    body: `Your registration for ${event.title} has ended.`,
  };
  return {
    type: "registration_cancelled",
    ...text,
    ...facts,
    data: { ...facts.data, registration_id: event.registration_id, reason: event.reason },
  };
}

/** The fields of `event-updated`'s `changed` that attendees must hear about: time and place. */
const NOTEWORTHY_CHANGES = new Set(["starts_at", "ends_at", "timezone", "location"]);

export const timeOrPlaceChanged = (changed: readonly string[]): boolean =>
  changed.some((field) => NOTEWORTHY_CHANGES.has(field));

export function eventChangedNotice(
  event: EventSnapshot & { changed: string[] },
  style: TimeStyle,
): Notice {
  const facts = eventFacts(event, style);
  const timeChanged = event.changed.some((f) => f !== "location" && NOTEWORTHY_CHANGES.has(f));
  const placeChanged = event.changed.includes("location");
  const what = timeChanged && placeChanged ? "time and place" : timeChanged ? "time" : "place";
  return {
    type: "event_updated",
    title: `${event.title}: new ${what}`,
    body: `The organizer changed the ${what} of ${event.title}. Here is what holds now.`,
    ...facts,
    data: { ...facts.data, changed: event.changed.filter((f) => NOTEWORTHY_CHANGES.has(f)) },
  };
}
