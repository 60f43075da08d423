import { bookingText, seatsText, type BookingFacts } from "./booking-notice";
import type { TimeStyle } from "./event-times";
import { eventFacts, type EventSnapshot, type Notice } from "./notices";

/** What `registration-seats-changed` says (contracts' `registrationSeatsChangedV1`). */
export interface SeatsChange extends EventSnapshot, BookingFacts {
  registration_id: string;
  status: string;
  quantity: number;
  change: string;
  seat_id: string;
  reason: string;
}

/** Who cancelled a seat, when it was not the booking's owner. */
const CANCELLED_BY: Record<string, string> = {
  organizer_cancelled: "The organizer cancelled it.",
  admin_cancelled: "A Turnout administrator cancelled it.",
};

/** What the booking is now, by its (unchanged) status. */
const nowHolds = (status: string, seats: string): string =>
  status === "waitlisted"
    ? `you are now waiting for ${seats}`
    : status === "pending"
      ? `your booking now asks for ${seats}`
      : `you now hold ${seats}`;

/**
 * One seat left a booking that keeps others: cancelled, or given to someone else by transfer.
 * Names what is left (the number of seats, the type and the seats' names, quoted like the other
 * booking notices).
 */
export function seatsChangedNotice(change: SeatsChange, style: TimeStyle): Notice {
  const facts = eventFacts(change, style);
  const booking = bookingText(change);
  const title = `\u201c${change.title}\u201d`;
  const what =
    change.change === "seat_transferred"
      ? `One seat of your booking for ${title} was given to someone else`
      : `One seat of your booking for ${title} was cancelled`;
  const left = seatsText(booking.quantity) + (booking.type === null ? "" : ` of ${booking.type}`);
  const by = change.change === "seat_transferred" ? undefined : CANCELLED_BY[change.reason];
  return {
    type: "seats_changed",
    title: what,
    body: `${what} \u2014 ${nowHolds(change.status, left)}.` + (by === undefined ? "" : ` ${by}`),
    details: [...facts.details, ...booking.details],
    data: {
      ...facts.data,
      registration_id: change.registration_id,
      change: change.change,
      seat_id: change.seat_id,
      reason: change.reason,
      ...booking.data,
    },
    eventId: change.event_id,
  };
}
