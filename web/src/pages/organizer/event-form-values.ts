import type { EventInput, TurnoutEvent } from "../../api/events";
import { clientErrors, type FormErrors } from "../../forms/form-errors";
import {
  DEFAULT_TYPE_NAME,
  newTicketTypeRow,
  type QuestionRow,
  readRows,
  rowFields,
  rowsFrom,
  type TicketTypeRow,
} from "./ticket-type-rows";
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
  ticket_types: TicketTypeRow[];
  questions: QuestionRow[];
  /** Wall-clock time in the event's zone; empty = until the event starts. */
  seat_changes_until: string;
  /** Minutes, as the select holds it ("0" = no reminder). */
  reminder_lead_minutes: string;
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
  "seat_changes_until",
  "reminder_lead_minutes",
] as const;

/** Every field the form can show an error next to, the rows' fields of `input` included. */
export const eventFields = (input?: Partial<EventInput>): string[] => [
  ...EVENT_FIELDS,
  ...rowFields(input?.ticket_types?.length ?? 0, input?.questions?.length ?? 0),
];

/** The reminder's lead time the event service gives an event that names none: 24 h. */
export const DEFAULT_REMINDER_LEAD = 1440;

/** Refusals of the event service that are about one field. */
export const EVENT_CODE_FIELDS = {
  starts_in_past: "starts_at",
  capacity_below_seats_taken: "capacity",
  ticket_type_in_use: "ticket_types",
  quota_below_taken: "ticket_types",
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
  ticket_types: [newTicketTypeRow(DEFAULT_TYPE_NAME, "50")],
  questions: [],
  seat_changes_until: "",
  reminder_lead_minutes: String(DEFAULT_REMINDER_LEAD),
});

export function eventFormFrom(event: TurnoutEvent): EventFormValues {
  const zone = event.timezone ?? "UTC";
  const rows = rowsFrom(event, zone);
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
    ticket_types: rows.types,
    questions: rows.questions,
    seat_changes_until: event.seat_changes_until ? utcToZoned(event.seat_changes_until, zone) : "",
    reminder_lead_minutes: String(event.reminder_lead_minutes ?? DEFAULT_REMINDER_LEAD),
  };
}

/** Checks what can be checked here, and builds the API's body when all is well. */
export function readEventForm(
  values: EventFormValues,
  editing = false,
): { errors: FormErrors; input?: EventInput } {
  const zone = values.timezone.trim();
  const zoneOk = isKnownTimeZone(zone) && zone.length > 0;
  const starts = zoneOk ? zonedToUtc(values.starts_at, zone) : undefined;
  const ends = zoneOk ? zonedToUtc(values.ends_at, zone) : undefined;
  const capacity = Number(values.capacity);
  const category = values.category.trim().toLowerCase();
  const rows = readRows(values.ticket_types, values.questions, zoneOk ? zone : undefined, editing);
  const changesUntil =
    zoneOk && values.seat_changes_until ? zonedToUtc(values.seat_changes_until, zone) : undefined;
  const errors = clientErrors({
    ...rows.errors,
    seat_changes_until:
      changesUntil && starts && changesUntil > starts
        ? "Seat changes must close before the event starts."
        : undefined,
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
      // An event read without types (an older service) keeps its types: none are sent.
      ...(rows.ticketTypes.length > 0 ? { ticket_types: rows.ticketTypes } : {}),
      questions: rows.questions,
      seat_changes_until: changesUntil ?? null,
      reminder_lead_minutes: Number(values.reminder_lead_minutes),
    },
  };
}

/**
 * Only what changed, for PATCH (a no-op PATCH writes nothing, but a smaller one says more).
 * Lists (types, questions) are compared by content and sent whole when they differ.
 */
export function changedFields(before: EventInput, after: EventInput): Partial<EventInput> {
  const changes: Partial<EventInput> = {};
  for (const key of Object.keys(after) as (keyof EventInput)[]) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key]))
      Object.assign(changes, { [key]: after[key] });
  }
  return changes;
}
