import { z } from "zod";
import {
  EVENT_STATUSES,
  seatsAvailable,
  type EventFields,
  type EventPatch,
  type PublicEvent,
} from "../domain/event";
import type { EventLists } from "../domain/events";
import {
  CAPACITY,
  CATEGORY_PATTERN,
  DESCRIPTION_MAX_LENGTH,
  LOCATION_LENGTH,
  normaliseTimeZone,
  REMINDER_LEAD,
  TITLE_LENGTH,
} from "../domain/event-rules";
import {
  questionInputs,
  questionSchema,
  questionsInput,
  ticketTypeInputs,
  ticketTypeSchema,
  ticketTypesInput,
} from "./ticket-type-schema";

/** Ids compare as PostgreSQL prints them: lower case. */
export const uuidInput = z
  .uuid()
  .transform((id) => id.toLowerCase())
  .meta({ description: "A UUID." });

/** RFC 3339 with `Z` or an offset; replies are always UTC. Years 0001–9999 only. */
export const timestampInput = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .refine((time) => time.getUTCFullYear() >= 1 && time.getUTCFullYear() <= 9999, {
    message: "must be between the years 0001 and 9999",
  });

const timeZoneInput = z
  .string()
  .trim()
  .max(64)
  .transform((value, ctx) => {
    const zone = normaliseTimeZone(value);
    if (zone === undefined) {
      ctx.addIssue({ code: "custom", message: "must be an IANA time zone such as Europe/Berlin" });
      return z.NEVER;
    }
    return zone;
  })
  .meta({ description: "An IANA time zone name.", examples: ["Europe/Berlin"] });

export const categoryInput = z
  .string()
  .regex(CATEGORY_PATTERN, "must be a lower-case slug: a-z, 0-9 and '-', at most 40")
  .meta({ examples: ["meetup"] });

const fields = {
  title: z.string().trim().min(TITLE_LENGTH.min).max(TITLE_LENGTH.max),
  description: z.string().max(DESCRIPTION_MAX_LENGTH),
  starts_at: timestampInput,
  ends_at: timestampInput.describe("Must be after `starts_at`."),
  timezone: timeZoneInput,
  location: z.string().trim().min(LOCATION_LENGTH.min).max(LOCATION_LENGTH.max),
  capacity: z.int().min(CAPACITY.min).max(CAPACITY.max),
  requires_approval: z.boolean(),
  category: categoryInput.nullable(),
  seat_changes_until: timestampInput
    .nullable()
    .describe(
      "After it, attendees can no longer cancel or transfer single seats (organizers still can " +
        "until the start); null = until the event starts.",
    ),
  reminder_lead_minutes: z
    .int()
    .min(REMINDER_LEAD.none, { abort: true })
    .max(REMINDER_LEAD.max, { abort: true })
    .refine((minutes) => minutes === REMINDER_LEAD.none || minutes >= REMINDER_LEAD.min, {
      message: `must be 0 (no reminder) or ${REMINDER_LEAD.min} to ${REMINDER_LEAD.max}`,
    })
    .describe(
      `Minutes before the start attendees are reminded: ${REMINDER_LEAD.min} to ` +
        `${REMINDER_LEAD.max} (14 days), or 0 for no reminder.`,
    ),
  ticket_types: ticketTypesInput,
  questions: questionsInput,
};

const endsAfterStart = {
  message: "must be after starts_at",
  path: ["ends_at"],
};

const NO_ID_ON_CREATE = "a new event has nothing to refer to: ids are assigned by the server";

export const createEventBody = z
  .strictObject({
    ...fields,
    requires_approval: fields.requires_approval.default(false),
    category: fields.category.default(null),
    seat_changes_until: fields.seat_changes_until.default(null),
    reminder_lead_minutes: fields.reminder_lead_minutes.default(REMINDER_LEAD.default),
    ticket_types: fields.ticket_types
      .optional()
      .describe("Without it the event gets one type `General admission` holding the capacity."),
    questions: fields.questions.default([]),
  })
  .refine((body) => body.ends_at > body.starts_at, endsAfterStart)
  .superRefine((body, ctx) => {
    // A new event has no type or question an id could name: refused rather than ignored.
    for (const list of ["ticket_types", "questions"] as const)
      body[list]?.forEach((item, index) => {
        if (item.id !== undefined)
          ctx.addIssue({ code: "custom", path: [list, index, "id"], message: NO_ID_ON_CREATE });
      });
  })
  .meta({ id: "CreateEventRequest", description: "`starts_at` must be in the future." });

export const updateEventBody = z
  .strictObject({
    title: fields.title.optional(),
    description: fields.description.optional(),
    starts_at: fields.starts_at.optional(),
    ends_at: fields.ends_at.optional(),
    timezone: fields.timezone.optional(),
    location: fields.location.optional(),
    capacity: fields.capacity.optional(),
    requires_approval: fields.requires_approval.optional(),
    category: fields.category.optional().describe("`null` removes the category."),
    seat_changes_until: fields.seat_changes_until.optional(),
    reminder_lead_minutes: fields.reminder_lead_minutes.optional(),
    ticket_types: fields.ticket_types.optional(),
    questions: fields.questions.optional(),
  })
  .refine(
    (body) => !body.starts_at || !body.ends_at || body.ends_at > body.starts_at,
    endsAfterStart,
  )
  .meta({
    id: "UpdateEventRequest",
    description: "Any subset of the event's fields; the schedule is checked with stored values.",
  });

/** A create body under the domain's names. */
export const newEventFields = (body: z.output<typeof createEventBody>): EventFields => ({
  title: body.title,
  description: body.description,
  startsAt: body.starts_at,
  endsAt: body.ends_at,
  timezone: body.timezone,
  location: body.location,
  capacity: body.capacity,
  requiresApproval: body.requires_approval,
  category: body.category,
  seatChangesUntil: body.seat_changes_until,
  reminderLeadMinutes: body.reminder_lead_minutes,
});

/** The ticket types and questions of a create or patch body, under the domain's names. */
export const eventLists = (body: {
  ticket_types?: z.output<typeof ticketTypesInput> | undefined;
  questions?: z.output<typeof questionsInput> | undefined;
}): EventLists => ({
  ticketTypes: ticketTypeInputs(body.ticket_types),
  questions: questionInputs(body.questions),
});

/** A patch body under the domain's names; a field left out stays undefined. */
export const eventPatch = (body: z.output<typeof updateEventBody>): EventPatch => ({
  title: body.title,
  description: body.description,
  startsAt: body.starts_at,
  endsAt: body.ends_at,
  timezone: body.timezone,
  location: body.location,
  capacity: body.capacity,
  requiresApproval: body.requires_approval,
  category: body.category,
  seatChangesUntil: body.seat_changes_until,
  reminderLeadMinutes: body.reminder_lead_minutes,
});

export const eventSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    starts_at: z.iso.datetime(),
    ends_at: z.iso.datetime(),
    timezone: z.string(),
    location: z.string(),
    capacity: z.int(),
    seats_taken: z.int(),
    seats_available: z.int(),
    requires_approval: z.boolean(),
    category: z.string().nullable(),
    status: z.enum(EVENT_STATUSES),
    seat_changes_until: z.iso.datetime().nullable(),
    reminder_lead_minutes: z
      .int()
      .describe("Minutes before the start attendees are reminded; 0 = no reminder."),
    organizer_id: z.uuid(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "Event", description: "An event as everyone sees it." });

export const eventDetailSchema = eventSchema
  .extend({
    ticket_types: z
      .array(ticketTypeSchema)
      .describe(
        "In the organizer's order. Hidden types only to the organizer and admins, or with " +
          "their code in `X-Access-Code`.",
      ),
    questions: z.array(questionSchema),
  })
  .meta({ id: "EventDetail", description: "An event with its ticket types and questions." });

export const eventReply = (event: PublicEvent): z.input<typeof eventSchema> => ({
  id: event.id,
  title: event.title,
  description: event.description,
  starts_at: event.startsAt.toISOString(),
  ends_at: event.endsAt.toISOString(),
  timezone: event.timezone,
  location: event.location,
  capacity: event.capacity,
  seats_taken: event.seatsTaken,
  seats_available: seatsAvailable(event),
  requires_approval: event.requiresApproval,
  category: event.category,
  status: event.status,
  seat_changes_until: event.seatChangesUntil?.toISOString() ?? null,
  reminder_lead_minutes: event.reminderLeadMinutes,
  organizer_id: event.organizerId,
  created_at: event.createdAt.toISOString(),
  updated_at: event.updatedAt.toISOString(),
});
