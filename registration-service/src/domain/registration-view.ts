import type { Answers } from "./booking-rules";
import type { Registration, RegistrationStatus } from "./registration";

/** A seat as clients see it: its status is its booking's, or `cancelled` once cancelled alone. */
export interface SeatView {
  id: string;
  attendee_name: string | null;
  answers: Answers;
  status: RegistrationStatus;
  /** The open offer of this seat to someone else, if any. */
  transfer: { id: string; email: string; status: "offered"; created_at: string } | null;
  /** The code its QR holds: set for an active seat of a confirmed booking (ticket-codes.ts). */
  ticket_code: string | null;
}

/** A registration as clients see it (README.md plus `confirmed_via`, `checked_in_at`, `cancelled_at`). */
export interface RegistrationView {
  id: string;
  event_id: string;
  user_id: string;
  status: RegistrationStatus;
  waitlist_position: number | null;
  confirmed_via: string | null;
  checked_in_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
  ticket_type_id: string | null;
  quantity: number;
  answers: Answers;
  transferred_from: string | null;
  seats: SeatView[];
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export const toView = (registration: Registration): RegistrationView => ({
  id: registration.id,
  event_id: registration.eventId,
  user_id: registration.userId,
  status: registration.status,
  waitlist_position: registration.waitlistPosition,
  confirmed_via: registration.confirmedVia,
  checked_in_at: iso(registration.checkedInAt),
  cancelled_at: iso(registration.cancelledAt),
  created_at: registration.createdAt.toISOString(),
  updated_at: registration.updatedAt.toISOString(),
  ticket_type_id: registration.ticketTypeId,
  quantity: registration.quantity,
  answers: registration.answers,
  transferred_from: registration.transferredFrom,
  seats: registration.seats.map((seat) => ({
    id: seat.id,
    attendee_name: seat.attendeeName,
    answers: seat.answers,
    status: seat.status === "cancelled" ? "cancelled" : registration.status,
    transfer: seat.openTransfer
      ? {
          id: seat.openTransfer.id,
          email: seat.openTransfer.email,
          status: "offered",
          created_at: seat.openTransfer.createdAt.toISOString(),
        }
      : null,
    ticket_code: null,
  })),
});
