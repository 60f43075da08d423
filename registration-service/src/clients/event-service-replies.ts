import { z } from "zod";
import { QUESTION_KINDS, type BookableEvent } from "../domain/booking-rules";
import type { EventFacts } from "../domain/registration";
import type { Availability } from "../domain/seat-ledger";

// The event service's replies this service reads (event-service README, docs/booking-model.md);
// only what this service keeps is checked, and fields added later are ignored.

const timestamp = z.iso.datetime({ offset: true });

const ticketType = z.looseObject({
  id: z.uuid(),
  name: z.string(),
  max_per_order: z.number().int().positive().default(10),
  sales_start: timestamp.nullable().default(null),
  sales_end: timestamp.nullable().default(null),
  hidden: z.boolean().default(false),
  access_code_sha256: z.string().nullable().default(null),
});

const question = z.looseObject({
  id: z.string().min(1),
  label: z.string(),
  kind: z.enum(QUESTION_KINDS),
  options: z.array(z.string()).default([]),
  required: z.boolean().default(false),
  per: z.enum(["booking", "seat"]).default("booking"),
});

/** The public event; the internal read adds hidden types with their code's hash. */
export const eventReply = z.looseObject({
  id: z.uuid(),
  organizer_id: z.uuid(),
  title: z.string(),
  starts_at: timestamp,
  ends_at: timestamp,
  timezone: z.string(),
  location: z.string(),
  requires_approval: z.boolean(),
  status: z.string(),
  updated_at: timestamp,
  ticket_types: z.array(ticketType).optional(),
  questions: z.array(question).optional(),
  seat_changes_until: timestamp.nullable().optional(),
  reminder_lead_minutes: z.number().int().min(0).max(20160).optional(),
});
export type EventReply = z.infer<typeof eventReply>;

export const reservationReply = z.looseObject({ status: z.literal("held"), event: eventReply });
export const problemReply = z.looseObject({ code: z.string() });

export const availabilityReply = z.looseObject({
  seats_taken: z.number().int(),
  seats_available: z.number().int(),
  ticket_types: z
    .array(
      z.looseObject({
        id: z.uuid(),
        seats_taken: z.number().int(),
        seats_available: z.number().int(),
      }),
    )
    .default([]),
});

const date = (value: string | null | undefined): Date | null =>
  value === null || value === undefined ? null : new Date(value);

/** The event as a booking needs it (no types or questions when the reply carried none). */
export function toBookableEvent(event: EventReply): BookableEvent {
  const facts: EventFacts = {
    eventId: event.id,
    organizerId: event.organizer_id,
    title: event.title,
    startsAt: new Date(event.starts_at),
    endsAt: new Date(event.ends_at),
    timezone: event.timezone,
    location: event.location,
    requiresApproval: event.requires_approval,
    status: event.status,
    updatedAt: new Date(event.updated_at),
  };
  if (event.seat_changes_until !== undefined) {
    facts.seatChangesUntil = date(event.seat_changes_until);
  }
  if (event.reminder_lead_minutes !== undefined) {
    facts.reminderLeadMinutes = event.reminder_lead_minutes;
  }
  return {
    ...facts,
    ticketTypes: (event.ticket_types ?? []).map((type) => ({
      id: type.id,
      name: type.name,
      maxPerOrder: type.max_per_order,
      salesStart: date(type.sales_start),
      salesEnd: date(type.sales_end),
      hidden: type.hidden,
      accessCodeSha256: type.access_code_sha256,
    })),
    questions: (event.questions ?? []).map((q) => ({
      id: q.id,
      label: q.label,
      kind: q.kind,
      options: q.options,
      required: q.required,
      per: q.per,
    })),
  };
}

export const toAvailability = (reply: z.infer<typeof availabilityReply>): Availability => ({
  seatsTaken: reply.seats_taken,
  seatsAvailable: reply.seats_available,
  ticketTypes: reply.ticket_types.map((type) => ({
    id: type.id,
    seatsTaken: type.seats_taken,
    seatsAvailable: type.seats_available,
  })),
});
