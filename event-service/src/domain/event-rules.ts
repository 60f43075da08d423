import { forbidden, unprocessable, validationFailed, type Principal } from "@turnout/kit";
import { API_FIELD_NAMES, type EventFields, type EventPatch, type EventRecord } from "./event";

export const TITLE_LENGTH = { min: 3, max: 200 } as const;
export const DESCRIPTION_MAX_LENGTH = 10_000;
export const LOCATION_LENGTH = { min: 1, max: 300 } as const;
export const CAPACITY = { min: 1, max: 100_000 } as const;
/** Minutes before the start attendees are reminded: 0 (none) or 15 minutes to 14 days. */
export const REMINDER_LEAD = { none: 0, min: 15, max: 20_160, default: 1440 } as const;
/** Lower-case slug: `tech`, `open-air-2026`. */
export const CATEGORY_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

// The shape the contracts' `ianaTimeZoneSchema` accepts: a zone the event messages can carry.
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*)*$/;
const ZONE_SPELLING = new Map(
  [...Intl.supportedValuesOf("timeZone"), "UTC"].map((zone) => [zone.toLowerCase(), zone]),
);

/**
 * The zone's usual spelling when it is a real IANA zone, else undefined. ICU is the judge
 * (`Intl.DateTimeFormat` throws on an unknown zone), so links such as `Asia/Kolkata` or
 * `US/Eastern` pass even where `Intl.supportedValuesOf` lists only the canonical name; offsets
 * (`+01:00`) are not zones and are refused.
 */
export function normaliseTimeZone(value: string): string | undefined {
  if (value.length > 64 || !ZONE_SHAPE.test(value)) return undefined;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
  } catch {
    return undefined;
  }
  return ZONE_SPELLING.get(value.toLowerCase()) ?? value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The caller's user id, which becomes `organizer_id` or `cancelled_by`. Tokens from auth always
 * carry a UUID `sub`; anything else cannot own or cancel an event.
 */
export function actorId(actor: Principal): string {
  if (!UUID.test(actor.subject))
    throw forbidden("forbidden", "This account cannot own or cancel events.");
  return actor.subject.toLowerCase();
}

/** Owners manage their events; admins manage every event. */
export function assertCanManage(actor: Principal, event: Pick<EventRecord, "organizerId">): void {
  if (actor.roles.includes("admin")) return;
  if (actor.roles.includes("organizer") && actor.subject.toLowerCase() === event.organizerId)
    return;
  throw forbidden("forbidden", "Only the event's organizer or an admin may change it.");
}

const endsBeforeStart = () =>
  validationFailed(
    [{ path: "ends_at", message: "must be after starts_at", code: "ends_before_start" }],
    "The request body is not valid.",
  );

const startsInPast = () => unprocessable("starts_in_past", "An event must start in the future.");

/** Rules of a new event that its schema cannot check alone: the clock. */
export function checkNewEvent(fields: EventFields, now: Date): void {
  if (fields.endsAt <= fields.startsAt) throw endsBeforeStart();
  if (fields.startsAt <= now) throw startsInPast();
}

/**
 * The event after `patch`, checked against what is stored: a cancelled event is final, the
 * schedule must stay ordered, a new start must be in the future, and capacity never drops
 * below the seats already taken.
 */
export function applyPatch(current: EventRecord, patch: EventPatch, now: Date): EventFields {
  if (current.status === "cancelled")
    throw unprocessable("event_cancelled", "A cancelled event cannot be changed.");
  const next: EventFields = {
    title: patch.title ?? current.title,
    description: patch.description ?? current.description,
    startsAt: patch.startsAt ?? current.startsAt,
    endsAt: patch.endsAt ?? current.endsAt,
    timezone: patch.timezone ?? current.timezone,
    location: patch.location ?? current.location,
    capacity: patch.capacity ?? current.capacity,
    requiresApproval: patch.requiresApproval ?? current.requiresApproval,
    category: patch.category === undefined ? current.category : patch.category,
    seatChangesUntil:
      patch.seatChangesUntil === undefined ? current.seatChangesUntil : patch.seatChangesUntil,
    reminderLeadMinutes: patch.reminderLeadMinutes ?? current.reminderLeadMinutes,
  };
  if (next.endsAt <= next.startsAt) throw endsBeforeStart();
  if (patch.startsAt !== undefined && next.startsAt.getTime() !== current.startsAt.getTime()) {
    if (next.startsAt <= now) throw startsInPast();
  }
  if (next.capacity < current.seatsTaken)
    throw unprocessable(
      "capacity_below_seats_taken",
      `Capacity cannot drop below the ${current.seatsTaken} seats already taken.`,
    );
  return next;
}

const same = (a: EventFields[keyof EventFields], b: EventFields[keyof EventFields]): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** The API names of the fields whose value differs, in API order. */
export function changedFields(current: EventFields, next: EventFields): string[] {
  return (Object.keys(API_FIELD_NAMES) as (keyof EventFields)[])
    .filter((field) => !same(current[field], next[field]))
    .map((field) => API_FIELD_NAMES[field]);
}
