import type { EventInput, TurnoutEvent } from "../../api/events";
import { clientErrors, type FormErrors } from "../../forms/form-errors";
import { browserTimeZone, isKnownTimeZone, utcToZoned, zonedToUtc } from "../../zoned-time";

/** The event form as typed: times are wall-clock times in the event's own zone. */
export interface EventFormValues {
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  timezone: string;
  location: string;
  capacity: string;
  category: string;
  requires_approval: boolean;
}

export const EVENT_FIELDS = [
  "title",
  "description",
  "starts_at",
  "ends_at",
  "timezone",
  "location",
  "capacity",
  "category",
  "requires_approval",
] as const;

/** Refusals of the event service that are about one field. */
export const EVENT_CODE_FIELDS = {
  starts_in_past: "starts_at",
  capacity_below_seats_taken: "capacity",
};

export const emptyEventForm = (): EventFormValues => ({
  title: "",
  description: "",
  starts_at: "",
  ends_at: "",
  timezone: browserTimeZone(),
  location: "",
  capacity: "50",
  category: "",
  requires_approval: false,
});

export function eventFormFrom(event: TurnoutEvent): EventFormValues {
  const zone = event.timezone ?? "UTC";
  return {
    title: event.title,
    description: event.description,
    starts_at: utcToZoned(event.starts_at, zone),
    ends_at: event.ends_at ? utcToZoned(event.ends_at, zone) : "",
    timezone: zone,
    location: event.location ?? "",
    capacity: String(event.capacity ?? ""),
    category: event.category ?? "",
    requires_approval: event.requires_approval,
  };
}

/** Checks what can be checked here, and builds the API's body when all is well. */
export function readEventForm(values: EventFormValues): { errors: FormErrors; input?: EventInput } {
  const zone = values.timezone.trim();
  const zoneOk = isKnownTimeZone(zone) && zone.length > 0;
  const starts = zoneOk ? zonedToUtc(values.starts_at, zone) : undefined;
  const ends = zoneOk ? zonedToUtc(values.ends_at, zone) : undefined;
  const capacity = Number(values.capacity);
  const category = values.category.trim().toLowerCase();
  const errors = clientErrors({
    title: values.title.trim().length < 3 ? "Use at least 3 characters." : undefined,
    starts_at:
      values.starts_at && (starts || !zoneOk) ? undefined : "Choose when the event starts.",
    ends_at: !values.ends_at
      ? "Choose when the event ends."
      : starts && ends && ends <= starts
        ? "The end must be after the start."
        : undefined,
    timezone: zoneOk ? undefined : "Choose a time zone from the list, like Europe/Berlin.",
    location: values.location.trim() ? undefined : "Say where the event takes place.",
    capacity:
      Number.isInteger(capacity) && capacity >= 1 && capacity <= 100_000
        ? undefined
        : "Enter a whole number of seats from 1 to 100,000.",
    category:
      category && !/^[a-z0-9][a-z0-9-]{0,39}$/.test(category)
        ? "Use letters, digits and dashes, like “workshop”."
        : undefined,
  });
  if (Object.keys(errors.fields).length > 0 || !starts || !ends) return { errors };
  return {
    errors,
    input: {
      title: values.title.trim(),
      description: values.description,
      starts_at: starts,
      ends_at: ends,
      timezone: zone,
      location: values.location.trim(),
      capacity,
      requires_approval: values.requires_approval,
      category: category || null,
    },
  };
}

/** Only what changed, for PATCH (a no-op PATCH writes nothing, but a smaller one says more). */
export function changedFields(before: EventInput, after: EventInput): Partial<EventInput> {
  const changes: Partial<EventInput> = {};
  for (const key of Object.keys(after) as (keyof EventInput)[]) {
    if (after[key] !== before[key]) Object.assign(changes, { [key]: after[key] });
  }
  return changes;
}
