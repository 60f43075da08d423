import { z } from "zod";
import type { eventCancelledV1, eventUpdatedV1, EventDataOf } from "@turnout/contracts";
import type { Repositories } from "../data/repositories";
import { cancelledMessage } from "../events/registration-events";
import { SEAT_STATUSES, wasAnnounced, type EventFacts } from "./registration";

export type EventUpdatedData = EventDataOf<typeof eventUpdatedV1>;
export type EventCancelledData = EventDataOf<typeof eventCancelledV1>;

// Applied inside the consumer's unit of work (the kit records the event id in the same commit,
// so each event is applied once). No HTTP here: released seats are handed to the seat-release
// schedule, which the recovery saga works through.

// Additive fields of `event-updated` (docs/booking-model.md); absent from older producers.
const bookingFields = z.looseObject({
  ticket_types: z.array(z.looseObject({ id: z.uuid(), name: z.string() })).optional(),
  seat_changes_until: z.iso.datetime({ offset: true }).nullable().optional(),
});

/**
 * `event-updated`: refreshes the local copy (only of events someone registered for; others are
 * read when a registration first needs them), with its ticket types, seat-change deadline and
 * reminder lead time when the message carries them. A capacity or quota change may free seats for the waitlist.
 */
export async function applyEventUpdated(tx: Repositories, data: EventUpdatedData): Promise<void> {
  if (!(await tx.snapshots.find(data.event_id))) return;
  const booking = bookingFields.safeParse(data).data ?? {};
  await tx.snapshots.refresh({
    eventId: data.event_id,
    organizerId: data.organizer_id,
    title: data.title,
    startsAt: new Date(data.starts_at),
    endsAt: new Date(data.ends_at),
    timezone: data.timezone,
    location: data.location,
    requiresApproval: data.requires_approval,
    status: data.status,
    updatedAt: new Date(data.updated_at),
    ...(booking.ticket_types === undefined
      ? {}
      : { ticketTypes: booking.ticket_types.map((type) => ({ id: type.id, name: type.name })) }),
    ...(booking.seat_changes_until === undefined
      ? {}
      : {
          seatChangesUntil:
            booking.seat_changes_until === null ? null : new Date(booking.seat_changes_until),
        }),
    ...(data.reminder_lead_minutes === undefined
      ? {}
      : { reminderLeadMinutes: data.reminder_lead_minutes }),
  });
  // More capacity, or a type's larger quota, may free seats for the waitlist.
  if (data.changed.includes("capacity") || data.changed.includes("ticket_types")) {
    await tx.snapshots.bumpSeatsFreed(data.event_id);
  }
}

/**
 * `event-cancelled`: every active registration of the event ends (`registration-cancelled`,
 * reason `event_cancelled`, for each one ever announced) and every seat they held is scheduled
 * for release.
 */
export async function applyEventCancelled(
  tx: Repositories,
  data: EventCancelledData,
): Promise<number> {
  const cancelledAt = new Date(data.cancelled_at);
  // Takes the event's lock first: ending waitlisted registrations changes its counter.
  await tx.snapshots.markCancelled(data.event_id, cancelledAt);
  const snapshot = await tx.snapshots.find(data.event_id);
  if (!snapshot) return 0;
  const event: EventFacts = {
    ...snapshot,
    title: data.title,
    startsAt: new Date(data.starts_at),
    endsAt: new Date(data.ends_at),
    timezone: data.timezone,
    location: data.location,
  };
  const now = new Date();
  const ended = await tx.transitions.cancelAllActive(data.event_id, "event_cancelled", now);
  // The seats of every ended booking, for the messages (one query).
  const seats = await tx.seatRows.ofRegistrations(ended.map((registration) => registration.id));
  for (const registration of ended) {
    if (SEAT_STATUSES.includes(registration.previousStatus)) {
      await tx.seatReleases.schedule(registration.id, data.event_id);
    }
    if (
      wasAnnounced({ status: registration.previousStatus, waitlistSeq: registration.waitlistSeq })
    ) {
      const message = cancelledMessage(
        {
          id: registration.id,
          eventId: data.event_id,
          userId: registration.userId,
          ticketTypeId: registration.ticketTypeId,
          quantity: registration.quantity,
          seats: seats.get(registration.id) ?? [],
        },
        event,
        {
          previousStatus:
            registration.previousStatus === "reserving"
              ? "waitlisted"
              : registration.previousStatus,
          reason: "event_cancelled",
        },
        now,
      );
      await tx.outbox.enqueue(message.topic, message.event);
    }
  }
  return ended.length;
}
