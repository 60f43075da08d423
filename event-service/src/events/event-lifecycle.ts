import { createEvent, eventCancelledV1, eventUpdatedV1 } from "@turnout/contracts";
import type { OutboxEvent } from "@turnout/kit";
import type { EventDetail, EventRecord } from "../domain/event";

export const EVENT_SOURCE = "/turnout/event-service";

/** A message for the outbox: written in the transaction of the change it announces. */
export interface OutboxMessage {
  topic: string;
  event: OutboxEvent;
}

const snapshot = (event: EventRecord) => ({
  event_id: event.id,
  organizer_id: event.organizerId,
  title: event.title,
  starts_at: event.startsAt.toISOString(),
  ends_at: event.endsAt.toISOString(),
  timezone: event.timezone,
  location: event.location,
  reminder_lead_minutes: event.reminderLeadMinutes,
});

/**
 * `turnout.event.updated.v1`: the whole event after the change (with its ticket types, hidden
 * ones included, without their codes) and what changed.
 */
export function eventUpdatedMessage(event: EventDetail, changed: string[]): OutboxMessage {
  return {
    topic: eventUpdatedV1.topic,
    event: createEvent(eventUpdatedV1, {
      source: EVENT_SOURCE,
      time: event.updatedAt,
      data: {
        ...snapshot(event),
        description: event.description,
        capacity: event.capacity,
        requires_approval: event.requiresApproval,
        category: event.category,
        status: event.status,
        ticket_types: event.ticketTypes.map((type) => ({
          id: type.id,
          name: type.name,
          quota: type.quota,
        })),
        seat_changes_until: event.seatChangesUntil?.toISOString() ?? null,
        changed,
        updated_at: event.updatedAt.toISOString(),
      },
    }),
  };
}

/** `turnout.event.cancelled.v1`: registrations cancel theirs, notifications tell attendees. */
export function eventCancelledMessage(
  event: EventRecord,
  cancelledAt: Date,
  cancelledBy: string,
): OutboxMessage {
  return {
    topic: eventCancelledV1.topic,
    event: createEvent(eventCancelledV1, {
      source: EVENT_SOURCE,
      time: cancelledAt,
      data: {
        ...snapshot(event),
        cancelled_at: cancelledAt.toISOString(),
        cancelled_by: cancelledBy,
      },
    }),
  };
}
