import {
  createEvent,
  registrationCancelledV1,
  registrationCheckedInV1,
  registrationConfirmedV1,
  registrationSeatsChangedV1,
  registrationWaitlistedV1,
  seatOfferedV1,
  TOPICS,
  type ConfirmationPath,
  type SeatChange,
} from "@turnout/contracts";
import { getContext } from "@turnout/kit";
import type { Outgoing } from "../data/seat-path";
import type { SeatTransfer } from "../data/seat-transfers";
import { ticketTypeName } from "../domain/booking-rules";
import type { EventFacts, Registration, Seat } from "../domain/registration";

export const EVENT_SOURCE = "/turnout/registration-service";

/**
 * Who and what one message is about. The booking's fields are optional for callers that only
 * know the ids; a message then leaves them out (consumers read one seat of the default type).
 */
export interface RegistrationRef {
  id: string;
  eventId: string;
  userId: string;
  ticketTypeId?: string | null;
  quantity?: number;
  seats?: readonly Pick<Seat, "id" | "attendeeName" | "status">[];
  transferredFrom?: string | null;
}

// Each builder returns the message; the use case writes it to the outbox in the same statement or
// unit of work as the state change it announces, so it exists exactly when that change does.

/** The event snapshot every registration and event message carries. */
export const eventFields = (event: EventFacts) => ({
  title: event.title,
  starts_at: event.startsAt.toISOString(),
  ends_at: event.endsAt.toISOString(),
  timezone: event.timezone,
  location: event.location,
  // Unknown for a copy stored before the event service sent it: left out (read as 1440).
  ...(event.reminderLeadMinutes == null
    ? {}
    : { reminder_lead_minutes: event.reminderLeadMinutes }),
  organizer_id: event.organizerId,
});

const ids = (registration: RegistrationRef) => ({
  registration_id: registration.id,
  event_id: registration.eventId,
  user_id: registration.userId,
});

/** The booking's type (named from the event's copy), quantity and active seats. */
function bookingFields(registration: RegistrationRef, event: EventFacts) {
  if (registration.quantity === undefined || registration.seats === undefined) return {};
  const ticketTypeId = registration.ticketTypeId ?? null;
  return {
    ticket_type_id: ticketTypeId,
    ticket_type_name: ticketTypeName(event, ticketTypeId),
    quantity: registration.quantity,
    seats: registration.seats
      .filter((seat) => seat.status === "active")
      .map((seat) => ({ id: seat.id, attendee_name: seat.attendeeName })),
  };
}

export const envelope = (time: Date) => {
  const traceparent = getContext()?.traceparent;
  return { source: EVENT_SOURCE, time, ...(traceparent === undefined ? {} : { traceparent }) };
};

/**
 * `registration-confirmed`; pass the registration with its seats. A booking received by
 * transfer is confirmed `direct` and carries `transferred_from`.
 */
export function confirmedMessage(
  registration: RegistrationRef,
  event: EventFacts,
  via: ConfirmationPath,
  at: Date,
): Outgoing {
  const message = createEvent(registrationConfirmedV1, {
    ...envelope(at),
    data: {
      ...ids(registration),
      confirmed_at: at.toISOString(),
      ...eventFields(event),
      confirmed_via: via,
      ...bookingFields(registration, event),
      ...(registration.transferredFrom ? { transferred_from: registration.transferredFrom } : {}),
    },
  });
  return { topic: TOPICS.registrationConfirmed, event: message };
}

/** `position` is a placeholder when the statement that writes it sets the real one. */
export function waitlistedMessage(
  registration: RegistrationRef,
  event: EventFacts,
  position: number,
  at: Date,
): Outgoing {
  const message = createEvent(registrationWaitlistedV1, {
    ...envelope(at),
    data: {
      ...ids(registration),
      waitlist_position: position,
      waitlisted_at: at.toISOString(),
      ...eventFields(event),
      ...bookingFields(registration, event),
    },
  });
  return { topic: TOPICS.registrationWaitlisted, event: message };
}

export function cancelledMessage(
  registration: RegistrationRef,
  event: EventFacts,
  ending: { previousStatus: string; reason: string },
  at: Date,
): Outgoing {
  const message = createEvent(registrationCancelledV1, {
    ...envelope(at),
    data: {
      ...ids(registration),
      previous_status: ending.previousStatus,
      reason: ending.reason,
      cancelled_at: at.toISOString(),
      ...eventFields(event),
      ...bookingFields(registration, event),
    },
  });
  return { topic: TOPICS.registrationCancelled, event: message };
}

/**
 * `registration-seats-changed`: one seat left a booking that keeps others; pass the booking as
 * it is after the change (its active seats and `quantity`).
 */
export function seatsChangedMessage(
  registration: Registration,
  event: EventFacts,
  change: { change: SeatChange; seatId: string; reason: string },
  at: Date,
): Outgoing {
  const message = createEvent(registrationSeatsChangedV1, {
    ...envelope(at),
    data: {
      ...ids(registration),
      status: registration.status,
      ticket_type_id: registration.ticketTypeId,
      ticket_type_name: ticketTypeName(event, registration.ticketTypeId),
      quantity: registration.quantity,
      seats: registration.seats
        .filter((seat) => seat.status === "active")
        .map((seat) => ({ id: seat.id, attendee_name: seat.attendeeName })),
      change: change.change,
      seat_id: change.seatId,
      reason: change.reason,
      changed_at: at.toISOString(),
      ...eventFields(event),
    },
  });
  return { topic: TOPICS.registrationSeatsChanged, event: message };
}

/** The seat a door scan checked in (docs/tickets.md, "Scanning"). */
export interface SeatCheckInRef {
  seatId: string;
  gate: string | null;
  ticketTypeId: string | null;
  checkedInBy: string;
}

/** `registration-checked-in`; one per seat (a booking of several seats writes several). */
export function checkedInMessage(
  registration: RegistrationRef,
  event: EventFacts,
  at: Date,
  seat?: SeatCheckInRef,
): Outgoing {
  const message = createEvent(registrationCheckedInV1, {
    ...envelope(at),
    data: {
      ...ids(registration),
      checked_in_at: at.toISOString(),
      ...eventFields(event),
      ...(seat
        ? {
            seat_id: seat.seatId,
            gate: seat.gate,
            ticket_type_id: seat.ticketTypeId,
            checked_in_by: seat.checkedInBy,
          }
        : {}),
    },
  });
  return { topic: TOPICS.registrationCheckedIn, event: message };
}

/**
 * `seat-offered` (internal: it carries the address, which may have no account), so the
 * notification service can tell the recipient; `fromDisplayName` from the people copy.
 */
export function seatOfferedMessage(
  transfer: SeatTransfer,
  event: EventFacts,
  booking: { ticketTypeId: string | null; fromDisplayName: string | null },
  at: Date,
): Outgoing {
  const message = createEvent(seatOfferedV1, {
    ...envelope(at),
    data: {
      transfer_id: transfer.id,
      registration_id: transfer.registrationId,
      seat_id: transfer.seatId,
      event_id: transfer.eventId,
      from_user_id: transfer.fromUserId,
      from_display_name: booking.fromDisplayName,
      email: transfer.email,
      offered_at: transfer.createdAt.toISOString(),
      ...eventFields(event),
      ticket_type_name: ticketTypeName(event, booking.ticketTypeId),
      attendee_name: transfer.attendeeName,
    },
  });
  return { topic: TOPICS.seatTransferOffered, event: message };
}
